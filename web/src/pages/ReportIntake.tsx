// Taking in one report as its source gives it: who said it and how far they are trusted
// (reliability A–F and credibility 1–6, graded apart), when (with the date's precision), where
// (coordinates, MGRS or a click on the map), who and by what means, and casualties by status,
// outcome, age group and sex. The server checks everything again; its errors go beside the field.
import { useState } from "preact/hooks";
import { send } from "../api";
import { label, t } from "../i18n";
import { navigate } from "../router";
import { Alert, Field, useFormErrors } from "../components/ui";
import { type Position, PositionInput } from "../components/PositionInput";

const sourceTypes = ["own_force_log", "battle_damage_assessment", "ngo", "un", "media", "hotline", "walk_in", "survivor_witness", "event_dataset", "other"];
const precisions = ["day", "days", "week", "month", "year"];
const locationPrecisions = ["exact", "near", "admin3", "admin2", "admin1", "region", "country", "international"];
const casualtyStatuses = ["civilian", "combatant", "undetermined"] as const;
const outcomes = ["killed", "injured"] as const;
const ageGroups = ["child", "adult", "elderly", "unknown"];
const sexes = ["female", "male", "unknown"];

interface Breakdown {
  status: string;
  outcome: string;
  age_group: string;
  sex: string;
  min: string;
  max: string;
}

const fieldNames = [
  "source_type", "source_name", "reference_code", "reliability", "credibility",
  "date.start", "date.end", "date.precision", "date.time",
  "location.country", "location.admin1", "location.admin2", "location.description", "location.precision",
  "location.lat", "location.lon", "location.mgrs",
  "belligerents", "means.weapon", "means.tactic", "means.strike_type", "description",
  ...casualtyStatuses.flatMap((s) => outcomes.flatMap((o) => [`casualties.${s}.${o}.min`, `casualties.${s}.${o}.max`])),
  "casualties.breakdown",
];

function count(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

export function ReportIntake() {
  const [v, setV] = useState<Record<string, string>>({ source_type: "ngo", "date.precision": "day" });
  const [position, setPosition] = useState<Position>({});
  const [bell, setBell] = useState({ name: "", attribution: "known" });
  const [breakdown, setBreakdown] = useState<Breakdown[]>([]);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(fieldNames);
  const val = (k: string) => v[k] ?? "";
  const set = (k: string) => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });

  const text = (k: string, key: Parameters<typeof t>[0], type = "text", extra: Record<string, unknown> = {}) => (
    <Field label={t(key)} error={form.errors[k]}>
      {(id, d) => <input id={id} type={type} aria-describedby={d} aria-invalid={!!form.errors[k]} value={val(k)} onInput={set(k)} {...extra} />}
    </Field>
  );
  const choice = (k: string, key: Parameters<typeof t>[0], values: string[], group: string, optional = true) => (
    <Field label={t(key)} error={form.errors[k]}>
      {(id, d) => (
        <select id={id} aria-describedby={d} aria-invalid={!!form.errors[k]} value={val(k)} onChange={set(k)}>
          {optional && <option value="">{t("form.unknown")}</option>}
          {values.map((x) => (
            <option value={x}>{label(group, x)}</option>
          ))}
        </select>
      )}
    </Field>
  );

  const build = () => {
    const opt = (k: string) => (val(k).trim() === "" ? undefined : val(k).trim());
    const location: Record<string, unknown> = {
      country: opt("location.country"),
      admin1: opt("location.admin1"),
      admin2: opt("location.admin2"),
      description: opt("location.description"),
      precision: opt("location.precision"),
      lat: position.lat,
      lon: position.lon,
      mgrs: position.mgrs,
    };
    const casualties: Record<string, unknown> = {};
    for (const s of casualtyStatuses) {
      const harm: Record<string, unknown> = {};
      for (const o of outcomes) {
        const min = count(val(`casualties.${s}.${o}.min`));
        const max = count(val(`casualties.${s}.${o}.max`));
        if (min !== undefined || max !== undefined) harm[o] = { min, max };
      }
      if (Object.keys(harm).length) casualties[s] = harm;
    }
    if (breakdown.length) {
      casualties.breakdown = breakdown.map((b) => ({
        status: b.status,
        outcome: b.outcome,
        age_group: b.age_group,
        sex: b.sex,
        count: { min: count(b.min), max: count(b.max) },
      }));
    }
    const means = { weapon: opt("means.weapon"), tactic: opt("means.tactic"), strike_type: opt("means.strike_type") };
    const clean = (o: Record<string, unknown>) => {
      const out = Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
      return Object.keys(out).length ? out : undefined;
    };
    return {
      source_type: val("source_type"),
      source_name: val("source_name").trim(),
      reference_code: opt("reference_code"),
      reliability: opt("reliability"),
      credibility: opt("credibility") === undefined ? undefined : Number(val("credibility")),
      date: clean({ start: val("date.start"), end: opt("date.end"), precision: opt("date.precision"), time: opt("date.time") }),
      location: clean(location),
      belligerents: bell.name.trim() ? [{ name: bell.name.trim(), attribution: bell.attribution }] : undefined,
      means: clean(means),
      casualties: clean(casualties),
      description: opt("description"),
    };
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    form.clear();
    const missing: Record<string, string> = {};
    if (!val("source_name").trim()) missing.source_name = t("form.required");
    if (!val("date.start")) missing["date.start"] = t("form.required");
    for (const k of Object.keys(v).filter((k) => k.startsWith("casualties."))) {
      const x = val(k).trim();
      if (x !== "" && !/^\d+$/.test(x)) missing[k] = t("form.wholeNumber");
    }
    if (Object.keys(missing).length) return form.setErrors(missing);
    setBusy(true);
    try {
      const report = await send<{ id: string; incident_id?: string }>("POST", "/api/v1/reports", JSON.parse(JSON.stringify(build())));
      navigate(report.incident_id ? `/incidents/${report.incident_id}` : "/incidents");
    } catch (err) {
      form.show(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t("intake.title")}</h1>
      <form onSubmit={submit} noValidate class="intake">
        <Alert error={form.general} />
        <fieldset>
          <legend>{t("intake.source")}</legend>
          {choice("source_type", "intake.sourceType", sourceTypes, "source", false)}
          {text("source_name", "intake.sourceName")}
          {text("reference_code", "intake.reference")}
          <div class="pair">
            {choice("reliability", "intake.reliability", ["A", "B", "C", "D", "E", "F"], "reliability")}
            {choice("credibility", "intake.credibility", ["1", "2", "3", "4", "5", "6"], "credibility")}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("intake.when")}</legend>
          <div class="pair">
            {text("date.start", "intake.dateStart", "date")}
            {text("date.end", "intake.dateEnd", "date")}
          </div>
          <div class="pair">
            {choice("date.precision", "intake.datePrecision", precisions, "precision", false)}
            {text("date.time", "intake.time", "time")}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("intake.where")}</legend>
          <div class="pair">
            {text("location.country", "filter.country")}
            {text("location.admin1", "intake.admin1")}
            {text("location.admin2", "intake.admin2")}
          </div>
          {text("location.description", "intake.placeDescription")}
          {choice("location.precision", "intake.locationPrecision", locationPrecisions, "locationPrecision")}
          <PositionInput
            value={position}
            onChange={setPosition}
            errors={{ lat: form.errors["location.lat"], lon: form.errors["location.lon"], mgrs: form.errors["location.mgrs"] }}
          />
        </fieldset>
        <fieldset>
          <legend>{t("intake.whoWhat")}</legend>
          <div class="pair">
            <Field label={t("intake.belligerent")} error={form.errors.belligerents}>
              {(id, d) => <input id={id} aria-describedby={d} value={bell.name} onInput={(e) => setBell({ ...bell, name: e.currentTarget.value })} />}
            </Field>
            <Field label={t("intake.attribution")}>
              {(id) => (
                <select id={id} value={bell.attribution} onChange={(e) => setBell({ ...bell, attribution: e.currentTarget.value })}>
                  <option value="known">{label("attribution", "known")}</option>
                  <option value="suspected">{label("attribution", "suspected")}</option>
                </select>
              )}
            </Field>
          </div>
          <div class="pair">
            {text("means.weapon", "incident.weapon")}
            {text("means.tactic", "intake.tactic")}
            {text("means.strike_type", "intake.strikeType")}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("intake.casualties")}</legend>
          <table class="grid-form">
            <thead>
              <tr>
                <td />
                {outcomes.flatMap((o) => [
                  <th scope="col">{t("intake.min", { what: label("outcome", o) })}</th>,
                  <th scope="col">{t("intake.max", { what: label("outcome", o) })}</th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {casualtyStatuses.map((s) => (
                <tr>
                  <th scope="row">{label("casualtyStatus", s)}</th>
                  {outcomes.flatMap((o) =>
                    (["min", "max"] as const).map((m) => {
                      const k = `casualties.${s}.${o}.${m}`;
                      return (
                        <td>
                          <input
                            aria-label={`${label("casualtyStatus", s)} — ${t(m === "min" ? "intake.min" : "intake.max", { what: label("outcome", o) })}`}
                            inputMode="numeric"
                            dir="ltr"
                            size={5}
                            aria-invalid={!!form.errors[k]}
                            value={val(k)}
                            onInput={set(k)}
                          />
                          {form.errors[k] && (
                            <div class="error" role="alert">
                              {form.errors[k]}
                            </div>
                          )}
                        </td>
                      );
                    }),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t("intake.breakdown")}</h3>
          {breakdown.map((b, i) => {
            const upd = (k: keyof Breakdown) => (e: Event) =>
              setBreakdown(breakdown.map((x, j) => (j === i ? { ...x, [k]: (e.currentTarget as HTMLInputElement).value } : x)));
            const sel = (k: keyof Breakdown, values: readonly string[], group: string, key: Parameters<typeof t>[0]) => (
              <label>
                {t(key)}{" "}
                <select value={b[k]} onChange={upd(k)}>
                  {values.map((x) => (
                    <option value={x}>{label(group, x)}</option>
                  ))}
                </select>
              </label>
            );
            return (
              <div class="breakdown-row" role="group" aria-label={t("intake.breakdownRow", { n: i + 1 })}>
                {sel("status", casualtyStatuses, "casualtyStatus", "victim.status")}
                {sel("outcome", outcomes, "outcome", "victim.outcome")}
                {sel("age_group", ageGroups, "age", "intake.ageGroup")}
                {sel("sex", sexes, "sex", "victim.sex")}
                <label>
                  {t("intake.minShort")} <input inputMode="numeric" dir="ltr" size={4} value={b.min} onInput={upd("min")} />
                </label>
                <label>
                  {t("intake.maxShort")} <input inputMode="numeric" dir="ltr" size={4} value={b.max} onInput={upd("max")} />
                </label>
                <button type="button" onClick={() => setBreakdown(breakdown.filter((_, j) => j !== i))}>
                  {t("intake.remove")}
                </button>
              </div>
            );
          })}
          {form.errors["casualties.breakdown"] && (
            <div class="error" role="alert">
              {form.errors["casualties.breakdown"]}
            </div>
          )}
          <button
            type="button"
            onClick={() => setBreakdown([...breakdown, { status: "civilian", outcome: "killed", age_group: "child", sex: "unknown", min: "", max: "" }])}
          >
            {t("intake.addBreakdown")}
          </button>
        </fieldset>
        <Field label={t("intake.description")} error={form.errors.description}>
          {(id, d) => <textarea id={id} rows={5} aria-describedby={d} value={val("description")} onInput={set("description")} />}
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          {t("intake.save")}
        </button>
      </form>
    </section>
  );
}
