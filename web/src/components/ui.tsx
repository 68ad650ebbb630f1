// Small building blocks every page uses: labelled fields with their error beside them, messages
// for failures, loading data with its error, and a pager over the API's cursors.
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api";
import { t } from "../i18n";

let nextId = 0;
export function useId(prefix: string): string {
  const ref = useRef<string>();
  if (!ref.current) ref.current = `${prefix}-${++nextId}`;
  return ref.current;
}

// A form control with its label, an optional hint and the API's message for it.
export function Field(props: {
  label: string;
  error?: string;
  hint?: string;
  children: (id: string, describedBy: string | undefined) => ComponentChildren;
  class?: string;
}) {
  const id = useId("f");
  const described = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={`field ${props.error ? "invalid" : ""} ${props.class ?? ""}`}>
      <label for={id}>{props.label}</label>
      {props.children(id, described || undefined)}
      {props.hint && (
        <div class="hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      )}
      {props.error && (
        <div class="error" id={`${id}-error`} role="alert">
          {props.error}
        </div>
      )}
    </div>
  );
}

// What went wrong, in words a user can act on.
export function describe(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t("error.network");
    if (e.status === 401) return t("error.signedOut");
    if (e.status === 403) return `${t("error.forbidden")} ${e.message}`;
    if (e.status === 429) return t("error.tooMany");
    if (e.status >= 500) return `${t("error.server")} ${e.message}`;
    return e.field ? `${e.field}: ${e.message}` : e.message;
  }
  return String(e);
}

export function Alert(props: { error?: unknown; kind?: "error" | "ok"; children?: ComponentChildren }) {
  if (!props.error && !props.children) return null;
  return (
    <div class={`alert ${props.kind ?? "error"}`} role={props.kind === "ok" ? "status" : "alert"}>
      {props.error ? describe(props.error) : props.children}
    </div>
  );
}

// Errors of a form by field name, and the one without a field. `fields` are the names the form
// shows: an error naming "casualties.civilian.killed.min" goes to the nearest shown field.
export function useFormErrors(fields: string[]) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<unknown>(undefined);
  const show = useCallback(
    (e: unknown) => {
      // A problem goes beside the field it names; "assessment.reasoning" may be shown as
      // "reasoning" by a form about one assessment. A name several shown fields start with
      // ("location") has no one place: it is shown above the form.
      const nearest = (n: string) => {
        if (fields.includes(n)) return n;
        const under = fields.filter((f) => f.startsWith(`${n}.`));
        if (under.length === 1) return under[0];
        return fields.filter((f) => n.startsWith(`${f}.`)).sort((a, b) => b.length - a.length)[0];
      };
      const place = (field: string) => {
        const name = field.replace(/\[(\d+)\]/g, ".$1");
        return nearest(name) ?? nearest(name.slice(name.indexOf(".") + 1));
      };
      if (e instanceof ApiError && e.field) {
        const problems = e.details.length ? e.details : [{ field: e.field, message: e.message }];
        const placed: Record<string, string> = {};
        const unplaced: string[] = [];
        for (const p of problems) {
          const at = place(p.field);
          if (at) placed[at] = placed[at] ? `${placed[at]} ${p.message}` : p.message;
          else unplaced.push(`${p.field}: ${p.message}`);
        }
        setErrors(placed);
        setGeneral(unplaced.length ? unplaced.join("\n") : undefined);
        return;
      }
      setErrors({});
      setGeneral(e);
    },
    [fields.join(",")],
  );
  const clear = useCallback(() => {
    setErrors({});
    setGeneral(undefined);
  }, []);
  return { errors, general, show, clear, setErrors };
}

// Loads data when `deps` change; `reload` loads again.
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

export function Loading(props: { when: boolean }) {
  return props.when ? (
    <p class="loading" role="status" aria-live="polite">
      {t("loading")}
    </p>
  ) : null;
}

// Forward through the API's cursors, and back through the ones already seen.
export function Pager(props: {
  cursor: string | undefined;
  next: string | undefined;
  onPage: (cursor: string | undefined) => void;
}) {
  const [stack, setStack] = useState<(string | undefined)[]>([]);
  return (
    <nav class="pager" aria-label={t("pager.label")}>
      <button
        type="button"
        disabled={stack.length === 0}
        onClick={() => {
          const prev = stack[stack.length - 1];
          setStack(stack.slice(0, -1));
          props.onPage(prev);
        }}
      >
        {t("pager.previous")}
      </button>
      <button
        type="button"
        disabled={!props.next}
        onClick={() => {
          setStack([...stack, props.cursor]);
          props.onPage(props.next);
        }}
      >
        {t("pager.next")}
      </button>
    </nav>
  );
}

// A table's header row: one column heading per entry.
export function Head(props: { columns: ComponentChildren[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((c) => (
          <th scope="col">{c}</th>
        ))}
      </tr>
    </thead>
  );
}
