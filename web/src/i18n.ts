// Interface strings in English, French and Arabic (messages.ts), the page's language and
// direction, and numbers and dates formatted the locale's way. Records are shown as they were
// written: only the interface is translated.
import { messages, type MessageKey } from "./messages";

export type Locale = "en" | "fr" | "ar";
export const locales: { code: Locale; name: string }[] = [
  { code: "en", name: "English" },
  { code: "fr", name: "Français" },
  { code: "ar", name: "العربية" },
];

const stored = (() => {
  try {
    return localStorage.getItem("civharm.locale");
  } catch {
    return null;
  }
})();
let current: Locale = stored === "fr" || stored === "ar" || stored === "en" ? stored : guess();

function guess(): Locale {
  const lang = (navigator.language || "en").slice(0, 2);
  return lang === "fr" || lang === "ar" ? lang : "en";
}

export function locale(): Locale {
  return current;
}

export function applyLocale(l: Locale) {
  current = l;
  try {
    localStorage.setItem("civharm.locale", l);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = l;
  document.documentElement.dir = l === "ar" ? "rtl" : "ltr";
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  let text: string = messages[current][key] ?? messages.en[key] ?? key;
  if (params) {
    for (const [name, value] of Object.entries(params)) {
      text = text.replaceAll(`{${name}}`, typeof value === "number" ? num(value) : value);
    }
  }
  return text;
}

// A label for an API enumeration value ("credible", "residence"): the translation when there is
// one, else the value with its underscores as spaces.
export function label(group: string, value: string | undefined | null): string {
  if (value === undefined || value === null || value === "") return "";
  const key = `${group}.${value}` as MessageKey;
  return messages[current][key] ?? messages.en[key] ?? value.replaceAll("_", " ");
}

export function num(n: number | undefined | null): string {
  if (n === undefined || n === null || Number.isNaN(n)) return "";
  return new Intl.NumberFormat(current).format(n);
}

// "2024-06-30" or "2024-06-30T15:46:00Z" in the locale's words. Days without a time are
// calendar days, shown in UTC so that no time zone moves them.
export function date(iso: string | undefined | null, withTime = false): string {
  if (!iso) return "";
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(current, {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short" } : {}),
    timeZone: "UTC",
  }).format(d);
}

export function range(r: { min?: number; max?: number; best?: number } | undefined | null): string {
  if (!r) return "";
  const { min, max } = r;
  if (min === undefined && max === undefined) return r.best === undefined ? "" : num(r.best);
  if (min === max) return num(min);
  return `${num(min ?? 0)}–${max === undefined ? "?" : num(max)}`;
}
