// Own-force operations with their collateral damage estimate (CDE), recorded before the fact,
// and beside each the civilian harm its linked incidents were assessed to have caused.
import { get, send } from "../api";
import { date, range, t } from "../i18n";
import type { CountRange, Location, Page } from "../records";
import { place } from "../records";
import { can } from "../session";
import { Alert, Loading, useLoad, Head } from "../components/ui";
import { FormCard, Text, countRange, opt, useForm } from "../components/forms";
import { Retract } from "../components/Retract";

interface Operation {
  id: string;
  version: number;
  reference: string;
  name?: string;
  start: string;
  end?: string;
  unit?: string;
  weapon?: string;
  target?: string;
  location?: Location;
  cde?: { civilian_killed?: CountRange; civilian_injured?: CountRange; level?: string };
}
interface Comparison {
  operations: {
    operation_id: string;
    reference: string;
    name?: string;
    estimate: { killed?: CountRange; injured?: CountRange };
    assessed: { killed?: CountRange; injured?: CountRange };
    killed_exceeds_estimate: boolean;
    injured_exceeds_estimate: boolean;
    incidents: string[];
  }[];
}

export function Operations() {
  const list = useLoad(() => get<Page<Operation>>("/api/v1/operations", { limit: 200, sort: "-date" }), []);
  const cmp = useLoad(() => (can("read_cases") ? get<Comparison>("/api/v1/operations/cde-comparison") : Promise.resolve(undefined)), []);
  const form = useForm({}, ["reference", "name", "start", "end", "unit", "weapon", "target", "location.lat", "location.lon", "location.country", "cde.civilian_killed", "cde.civilian_killed.min", "cde.civilian_killed.max", "cde.level"]);
  const v = form.values;
  const create = form.submit(["reference", "start"], async () => {
    const killed = countRange(v["cde.civilian_killed.min"], v["cde.civilian_killed.max"]);
    await send("POST", "/api/v1/operations", JSON.parse(JSON.stringify({
      reference: v.reference.trim(),
      name: opt(v.name),
      start: new Date(v.start).toISOString(),
      end: v.end ? new Date(v.end).toISOString() : undefined,
      unit: opt(v.unit),
      weapon: opt(v.weapon),
      target: opt(v.target),
      location: v["location.lat"] || v["location.lon"] ? { lat: Number(v["location.lat"]), lon: Number(v["location.lon"]) } : undefined,
      cde: killed || opt(v["cde.level"]) ? { civilian_killed: killed, level: opt(v["cde.level"]) } : undefined,
    })));
    form.setValues({});
    list.reload();
  });
  return (
    <section>
      <h1>{t("ops.title")}</h1>
      <Alert error={list.error} />
      <Loading when={list.loading && !list.data} />
      {list.data && (
        <table class="records">
          <Head columns={[t("ops.reference"), t("ops.start"), t("incident.place"), t("ops.unit"), t("ops.cdeKilled"), ""]} />
          <tbody>
            {list.data.items.map((o) => (
              <tr>
                <td>
                  <span dir="ltr">{o.reference}</span> {o.name}
                </td>
                <td>{date(o.start, true)}</td>
                <td>{place(o.location)}</td>
                <td>{o.unit}</td>
                <td class="num">
                  {range(o.cde?.civilian_killed)} {o.cde?.level && <span class="sub">({o.cde.level})</span>}
                </td>
                <td>
                  <Retract collection="operations" id={o.id} version={o.version} onDone={list.reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cmp.data && (
        <>
          <h2>{t("ops.comparison")}</h2>
          <table class="records">
            <Head columns={[t("ops.reference"), t("ops.cdeKilled"), t("dash.assessed"), t("ops.incidents")]} />
            <tbody>
              {cmp.data.operations.map((o) => (
                <tr class={o.killed_exceeds_estimate || o.injured_exceeds_estimate ? "disagree" : ""}>
                  <td>
                    <span dir="ltr">{o.reference}</span> {o.name}
                    {(o.killed_exceeds_estimate || o.injured_exceeds_estimate) && <span class="flag">{t("ops.exceeds")}</span>}
                  </td>
                  <td class="num">{range(o.estimate.killed)}</td>
                  <td class="num">{range(o.assessed.killed)}</td>
                  <td>
                    {o.incidents.map((id) => (
                      <a href={`#/incidents/${id}`}>{t("fusion.openIncident")} </a>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {can("write_operations") && (
        <FormCard title={t("ops.new")} form={form} onSubmit={create} submit={t("ops.create")}>
          <div class="pair">
            <Text form={form} name="reference" label="ops.reference" dir="ltr" />
            <Text form={form} name="name" label="ops.name" />
            <Text form={form} name="unit" label="ops.unit" />
          </div>
          <div class="pair">
            <Text form={form} name="start" label="ops.start" type="datetime-local" />
            <Text form={form} name="end" label="ops.end" type="datetime-local" />
          </div>
          <div class="pair">
            <Text form={form} name="location.lat" label="form.lat" dir="ltr" />
            <Text form={form} name="location.lon" label="form.lon" dir="ltr" />
            <Text form={form} name="weapon" label="incident.weapon" />
          </div>
          <Text form={form} name="target" label="ops.target" />
          <div class="pair">
            <Text form={form} name="cde.civilian_killed.min" label="case.killedMin" dir="ltr" />
            <Text form={form} name="cde.civilian_killed.max" label="case.killedMax" dir="ltr" />
            <Text form={form} name="cde.level" label="ops.cdeLevel" />
          </div>
        </FormCard>
      )}
    </section>
  );
}
