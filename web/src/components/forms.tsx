// Form controls bound to one record of strings, each with its label and the API's error beside
// it, so that every form of the case file is written the same way.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { label, t } from "../i18n";
import type { MessageKey } from "../messages";
import { Alert, Field, useFormErrors } from "./ui";

export type Values = Record<string, string>;

export function useForm(initial: Values, fields: string[]) {
  const [values, setValues] = useState<Values>(initial);
  const errors = useFormErrors(fields);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const set = (k: string, v: string) => setValues((old) => ({ ...old, [k]: v }));
  // Runs `action`; its refusal goes beside the field it names. `required` fields are checked first.
  const submit = (required: string[], action: () => Promise<unknown>, message?: string) => async (e?: Event) => {
    e?.preventDefault();
    errors.clear();
    setDone(undefined);
    const missing = Object.fromEntries(required.filter((k) => !(values[k] ?? "").trim()).map((k) => [k, t("form.required")]));
    if (Object.keys(missing).length) return errors.setErrors(missing);
    setBusy(true);
    try {
      await action();
      if (message) setDone(message);
    } catch (err) {
      errors.show(err);
    } finally {
      setBusy(false);
    }
  };
  return { values, set, setValues, errors, busy, submit, done };
}

type Form = ReturnType<typeof useForm>;

export function Text(props: { form: Form; name: string; label: MessageKey; type?: string; hint?: string; rows?: number; dir?: "ltr" | "rtl" | "auto" }) {
  const { form, name } = props;
  const error = form.errors.errors[name];
  return (
    <Field label={t(props.label)} error={error} hint={props.hint}>
      {(id, d) =>
        props.rows ? (
          <textarea id={id} rows={props.rows} aria-describedby={d} aria-invalid={!!error} value={form.values[name] ?? ""} onInput={(e) => form.set(name, e.currentTarget.value)} />
        ) : (
          <input id={id} type={props.type ?? "text"} dir={props.dir} aria-describedby={d} aria-invalid={!!error} value={form.values[name] ?? ""} onInput={(e) => form.set(name, e.currentTarget.value)} />
        )
      }
    </Field>
  );
}

// `optional` adds an empty first choice, worded by `blank` ("Choose…" unless said).
export function Choice(props: { form: Form; name: string; label: MessageKey; values: readonly string[]; group: string; optional?: boolean; blank?: MessageKey }) {
  const { form, name } = props;
  const error = form.errors.errors[name];
  return (
    <Field label={t(props.label)} error={error}>
      {(id, d) => (
        <select id={id} aria-describedby={d} aria-invalid={!!error} value={form.values[name] ?? ""} onChange={(e) => form.set(name, e.currentTarget.value)}>
          {props.optional && <option value="">{t(props.blank ?? "form.choose")}</option>}
          {props.values.map((v) => (
            <option value={v}>{label(props.group, v)}</option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function FormCard(props: { title: string; form: Form; onSubmit: (e: Event) => void; submit: string; children: ComponentChildren }) {
  return (
    <form class="card" onSubmit={props.onSubmit} noValidate aria-label={props.title}>
      <h3>{props.title}</h3>
      <Alert error={props.form.errors.general} />
      {props.form.done && <Alert kind="ok">{props.form.done}</Alert>}
      {props.children}
      <button type="submit" class="primary" disabled={props.form.busy}>
        {props.submit}
      </button>
    </form>
  );
}

// "a, b, c" → ["a", "b", "c"]; undefined when empty.
export function list(text: string | undefined): string[] | undefined {
  const items = (text ?? "").split(",").map((x) => x.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

// The value, or undefined when blank: the API reads absent and empty alike, but sends less.
export function opt(text: string | undefined): string | undefined {
  const v = (text ?? "").trim();
  return v === "" ? undefined : v;
}

// A typed count: the whole number, or the text as typed (for the server to refuse, naming its
// field — never dropped or rounded here); undefined when blank.
export function whole(text: string | undefined): number | string | undefined {
  const v = (text ?? "").trim();
  if (v === "") return undefined;
  return /^\d+$/.test(v) ? Number(v) : v;
}

// A count range from two typed bounds; undefined when both are blank.
export function countRange(min: string | undefined, max: string | undefined) {
  const r = { min: whole(min), max: whole(max) };
  return r.min === undefined && r.max === undefined ? undefined : r;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
