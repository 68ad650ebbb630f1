// Taking in one report as its source gives it: who said it and how far they are trusted
// (reliability A–F and credibility 1–6, graded apart), when (with the date's precision), where
// (coordinates, MGRS or a click on the map), who and by what means, and casualties by status,
// outcome, age group and sex. The server checks everything again; its errors go beside the field.
import { useState } from "preact/hooks";
import { send } from "../api";
import { label, t } from "../i18n";
import { navigate } from "../router";
import { Alert, Field } from "../components/ui";
import { Choice, Text, countRange, opt, useForm, whole } from "../components/forms";
import { ageGroups, casualtyStatuses, sexes } from "../records";
import { type Position, PositionInput } from "../components/PositionInput";

const sourceTypes = ["own_force_log", "battle_damage_assessment", "ngo", "un", "media", "hotline", "walk_in", "survivor_witness", "event_dataset", "other"];
const precisions = ["day", "days", "week", "month", "year"];
const locationPrecisions = ["exact", "near", "admin3", "admin2", "admin1", "region", "country", "international"];
const outcomes = ["killed", "injured"] as const;

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

export function ReportIntake() {
  const form = useForm({ source_type: "ngo", "date.precision": "day" }, fieldNames);
  const [position, setPosition] = useState<Position>({});
  const [bell, setBell] = useState({ name: "", attribution: "known" });
  const [breakdown, setBreakdown] = useState<Breakdown[]>([]);
  const v = form.values;
  const errors = form.errors.errors;
  const val = (k: string) => v[k] ?? "";

  const build = () => {
    const location: Record<string, unknown> = {
      country: opt(v["location.country"]),
      admin1: opt(v["location.admin1"]),
      admin2: opt(v["location.admin2"]),
      description: opt(v["location.description"]),
      precision: opt(v["location.precision"]),
      lat: position.lat,
      lon: position.lon,
      mgrs: position.mgrs,
    };
    const casualties: Record<string, unknown> = {};
    for (const s of casualtyStatuses) {
      const harm: Record<string, unknown> = {};
      for (const o of outcomes) {
        const r = countRange(v[`casualties.${s}.${o}.min`], v[`casualties.${s}.${o}.max`]);
        if (r) harm[o] = r;
      }
      if (Object.keys(harm).length) casualties[s] = harm;
    }
    if (breakdown.length) {
      casualties.breakdown = breakdown.map((b) => ({
        status: b.status,
        outcome: b.outcome,
        age_group: b.age_group,
        sex: b.sex,
        count: { min: whole(b.min), max: whole(b.max) },
      }));
    }
    const means = { weapon: opt(v["means.weapon"]), tactic: opt(v["means.tactic"]), strike_type: opt(v["means.strike_type"]) };
    const clean = (o: Record<string, unknown>) => {
      const out = Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
      return Object.keys(out).length ? out : undefined;
    };
    return {
      source_type: val("source_type"),
      source_name: val("source_name").trim(),
      reference_code: opt(v["reference_code"]),
      reliability: opt(v["reliability"]),
      credibility: whole(v.credibility),
      date: clean({ start: val("date.start"), end: opt(v["date.end"]), precision: opt(v["date.precision"]), time: opt(v["date.time"]) }),
      location: clean(location),
      belligerents: bell.name.trim() ? [{ name: bell.name.trim(), attribution: bell.attribution }] : undefined,
      means: clean(means),
      casualties: clean(casualties),
      description: opt(v["description"]),
    };
  };

  const save = form.submit([], async () => {
    const report = await send<{ id: string; incident_id?: string }>("POST", "/api/v1/reports", JSON.parse(JSON.stringify(build())));
    navigate(report.incident_id ? `/incidents/${report.incident_id}` : "/incidents");
  });
  const submit = (e: Event) => {
    e.preventDefault();
    // Checked here too, all at once, so that every problem shows before anything is sent.
    const problems: Record<string, string> = {};
    if (!val("source_name").trim()) problems.source_name = t("form.required");
    if (!val("date.start")) problems["date.start"] = t("form.required");
    for (const k of Object.keys(v).filter((k) => k.startsWith("casualties."))) {
      const x = val(k).trim();
      if (x !== "" && !/^\d+$/.test(x)) problems[k] = t("form.wholeNumber");
    }
    if (Object.keys(problems).length) return form.errors.setErrors(problems);
    save();
  };

  return (
    <section>
      <h1>{t("intake.title")}</h1>
      <form onSubmit={submit} noValidate class="intake">
        <Alert error={form.errors.general} />
        <fieldset>
          <legend>{t("intake.source")}</legend>
          <Choice form={form} name="source_type" label="intake.sourceType" values={sourceTypes} group="source" />
          <Text form={form} name="source_name" label="intake.sourceName" />
          <Text form={form} name="reference_code" label="intake.reference" />
          <div class="pair">
            <Choice form={form} name="reliability" label="intake.reliability" values={["A", "B", "C", "D", "E", "F"]} group="reliability" optional blank="form.unknown" />
            <Choice form={form} name="credibility" label="intake.credibility" values={["1", "2", "3", "4", "5", "6"]} group="credibility" optional blank="form.unknown" />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("intake.when")}</legend>
          <div class="pair">
            <Text form={form} name="date.start" label="intake.dateStart" type="date" />
            <Text form={form} name="date.end" label="intake.dateEnd" type="date" />
          </div>
          <div class="pair">
            <Choice form={form} name="date.precision" label="intake.datePrecision" values={precisions} group="precision" />
            <Text form={form} name="date.time" label="intake.time" type="time" />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("intake.where")}</legend>
          <div class="pair">
            <Text form={form} name="location.country" label="filter.country" />
            <Text form={form} name="location.admin1" label="intake.admin1" />
            <Text form={form} name="location.admin2" label="intake.admin2" />
          </div>
          <Text form={form} name="location.description" label="intake.placeDescription" />
          <Choice form={form} name="location.precision" label="intake.locationPrecision" values={locationPrecisions} group="locationPrecision" optional blank="form.unknown" />
          <PositionInput
            value={position}
            onChange={setPosition}
            errors={{ lat: errors["location.lat"], lon: errors["location.lon"], mgrs: errors["location.mgrs"] }}
          />
        </fieldset>
        <fieldset>
          <legend>{t("intake.whoWhat")}</legend>
          <div class="pair">
            <Field label={t("intake.belligerent")} error={errors.belligerents}>
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
            <Text form={form} name="means.weapon" label="incident.weapon" />
            <Text form={form} name="means.tactic" label="intake.tactic" />
            <Text form={form} name="means.strike_type" label="intake.strikeType" />
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
                            aria-invalid={!!errors[k]}
                            value={val(k)}
                            onInput={(e) => form.set(k, e.currentTarget.value)}
                          />
                          {errors[k] && (
                            <div class="error" role="alert">
                              {errors[k]}
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
          {errors["casualties.breakdown"] && (
            <div class="error" role="alert">
              {errors["casualties.breakdown"]}
            </div>
          )}
          <button
            type="button"
            onClick={() => setBreakdown([...breakdown, { status: "civilian", outcome: "killed", age_group: "child", sex: "unknown", min: "", max: "" }])}
          >
            {t("intake.addBreakdown")}
          </button>
        </fieldset>
        <Text form={form} name="description" label="intake.description" rows={5} />
        <button type="submit" class="primary" disabled={form.busy}>
          {t("intake.save")}
        </button>
      </form>
    </section>
  );
}
