// The shapes of the API's records the UI reads (docs/openapi.json has them in full).
export interface CountRange {
  min?: number;
  max?: number;
  best?: number;
}
export interface Casualties {
  [status: string]: { [outcome: string]: CountRange | Record<string, unknown> | undefined } | undefined;
}
export interface Location {
  country?: string;
  admin1?: string;
  admin2?: string;
  admin3?: string;
  description?: string;
  lat?: number;
  lon?: number;
  mgrs?: string;
  precision?: string;
  place_names?: { lang: string; name: string }[];
}
export interface EventFacts {
  title?: string;
  description?: string;
  date: { start: string; end?: string; precision?: string; time?: string };
  location?: Location;
  belligerents?: { name: string; attribution?: string; side?: string }[];
  means?: { weapon?: string; tactic?: string; strike_type?: string };
  casualties?: Casualties;
  civilian_objects?: { kind: string; count?: number; description?: string }[];
  effects?: { kind: string; description?: string }[];
}
export interface Incident extends EventFacts {
  id: string;
  version: number;
  status: string;
  external_grade?: string;
  report_ids?: string[];
  retraction?: { reason: string };
}
export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

export const statuses = [
  "unassessed",
  "assessing",
  "credible",
  "not_credible",
  "insufficient_info",
  "duplicate",
  "investigating",
  "investigated",
  "responding",
  "closed",
  "reopened",
] as const;
export const grades = ["confirmed", "fair", "weak", "contested", "discounted"] as const;
export const casualtyStatuses = ["civilian", "combatant", "undetermined"] as const;
export const ageGroups = ["child", "adult", "elderly", "unknown"] as const;
export const sexes = ["female", "male", "unknown"] as const;

export function civiliansKilled(i: EventFacts): CountRange | undefined {
  return i.casualties?.civilian?.killed as CountRange | undefined;
}

export function place(l: Location | undefined): string {
  if (!l) return "";
  return l.description || [l.admin2, l.admin1, l.country].filter(Boolean).join(", ");
}
