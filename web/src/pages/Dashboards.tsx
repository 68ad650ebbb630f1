// Analysis for the lessons and policy officers: incidents and civilian casualties over time, by
// perpetrator, weapon, area, age group and sex; how long cases take from report to assessment to
// amends; and how the collateral damage estimates compared with what happened. Each chart has its
// numbers in a table; the filters are those of the incident list.
import { useState } from "preact/hooks";
import { get, withQuery } from "../api";
import { label, locale, num, range, t } from "../i18n";
import { Alert, Field, Loading, useLoad, Head } from "../components/ui";
import { Chart } from "../components/Chart";

interface Figures {
  min?: number;
  best?: number;
  max?: number;
}
interface Trend {
  groups: { period: string; incidents: number; civilians_killed?: Figures; civilians_injured?: Figures }[];
}
interface Breakdown {
  by: string;
  incidents: number;
  rows: { key: string; incidents: number; incident_share: number; civilians_killed?: Figures; civilians_injured?: Figures }[];
}
interface Durations {
  n: number;
  min: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  max: number;
}
interface Timing {
  incidents: number;
  days: Record<string, Durations>;
  shares: Record<string, { count: number; of: number; value: number }>;
}
interface Cde {
  operations: { operation_id: string; reference: string; name: string; estimated_civilians_killed?: Figures; assessed_civilians_killed?: Figures; verdict: string; error?: number }[];
  summary: { within: number; under: number; over: number; unknown: number; mean_error?: number; mean_absolute_error?: number; error_distribution: { error: string; operations: number }[] };
}

const dimensions = ["perpetrator", "weapon", "tactic", "strike_type", "country", "admin1", "admin2", "status", "grade", "age_group", "sex"];
const intervals = ["day", "week", "month", "year"];
const pct = (x: number) => `${num(Math.round(x * 1000) / 10)} %`;

export function Dashboards() {
  const [draft, setDraft] = useState({ date_from: "", date_to: "", country: "", belligerent: "" });
  const [filters, setFilters] = useState(draft);
  const [interval, setInterval] = useState("month");
  const [by, setBy] = useState("perpetrator");
  const key = JSON.stringify(filters);
  const trend = useLoad(() => get<Trend>("/api/v1/analytics/trends", { ...filters, interval }), [key, interval]);
  const breakdown = useLoad(() => get<Breakdown>("/api/v1/analytics/breakdown", { ...filters, by }), [key, by]);
  const timing = useLoad(() => get<Timing>("/api/v1/analytics/timing", filters), [key]);
  const cde = useLoad(() => get<Cde>("/api/v1/analytics/cde-validation", filters), [key]);
  const input = (k: keyof typeof draft, labelKey: Parameters<typeof t>[0], type = "text") => (
    <Field label={t(labelKey)}>{(id) => <input id={id} type={type} value={draft[k]} onInput={(e) => setDraft({ ...draft, [k]: e.currentTarget.value })} />}</Field>
  );
  return (
    <section>
      <h1>{t("dash.title")}</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        {input("date_from", "filter.date_from", "date")}
        {input("date_to", "filter.date_to", "date")}
        {input("country", "filter.country")}
        {input("belligerent", "filter.belligerent")}
        <div class="actions">
          <button type="submit" class="primary">
            {t("filter.apply")}
          </button>
        </div>
      </form>

      <h2>{t("dash.sitreps")}</h2>
      <ul class="downloads">
        {(["daily", "weekly", "monthly"] as const).map((p) => (
          <li>
            {label("sitrep", p)}:{" "}
            {(["pdf", "html", "xlsx"] as const).map((f) => (
              <>
                <a href={withQuery("/api/v1/reports/sitrep", { period: p, format: f, language: locale(), country: filters.country, belligerent: filters.belligerent })}>{f.toUpperCase()}</a>{" "}
              </>
            ))}
          </li>
        ))}
      </ul>

      <h2>{t("dash.trend")}</h2>
      <Field label={t("dash.interval")}>
        {(id) => (
          <select id={id} value={interval} onChange={(e) => setInterval(e.currentTarget.value)}>
            {intervals.map((i) => (
              <option value={i}>{label("interval", i)}</option>
            ))}
          </select>
        )}
      </Field>
      <Alert error={trend.error} />
      <Loading when={trend.loading && !trend.data} />
      {trend.data && (
        <Chart
          title={t("dash.trend")}
          x="period"
          y="incidents"
          rows={trend.data.groups.map((g) => ({ period: g.period, incidents: g.incidents, killed: range(g.civilians_killed), injured: range(g.civilians_injured) }))}
          columns={[
            { key: "period", label: t("portal.period") },
            { key: "incidents", label: t("portal.incidentsColumn") },
            { key: "killed", label: t("casualty.civilian_killed") },
            { key: "injured", label: t("casualty.civilian_injured") },
          ]}
        />
      )}

      <h2>{t("dash.breakdown")}</h2>
      <Field label={t("dash.by")}>
        {(id) => (
          <select id={id} value={by} onChange={(e) => setBy(e.currentTarget.value)}>
            {dimensions.map((d) => (
              <option value={d}>{label("dimension", d)}</option>
            ))}
          </select>
        )}
      </Field>
      <Alert error={breakdown.error} />
      {breakdown.data && (
        <Chart
          title={t("dash.breakdown")}
          x="key"
          y="incidents"
          rows={breakdown.data.rows.slice(0, 25).map((r) => ({ key: r.key, incidents: r.incidents, share: pct(r.incident_share), killed: range(r.civilians_killed), injured: range(r.civilians_injured) }))}
          columns={[
            { key: "key", label: label("dimension", by) },
            { key: "incidents", label: t("portal.incidentsColumn") },
            { key: "share", label: t("dash.share") },
            { key: "killed", label: t("casualty.civilian_killed") },
            { key: "injured", label: t("casualty.civilian_injured") },
          ]}
        />
      )}

      <h2>{t("dash.timing")}</h2>
      <Alert error={timing.error} />
      {timing.data && (
        <>
          <table class="records">
            <Head columns={[t("dash.interval"), "n", t("dash.median"), t("dash.p25"), t("dash.p75"), t("dash.p90"), t("dash.max")]} />
            <tbody>
              {Object.entries(timing.data.days).map(([k, d]) => (
                <tr>
                  <th scope="row">{label("timing", k)}</th>
                  <td class="num">{num(d.n)}</td>
                  <td class="num">{num(d.median)}</td>
                  <td class="num">{num(d.p25)}</td>
                  <td class="num">{num(d.p75)}</td>
                  <td class="num">{num(d.p90)}</td>
                  <td class="num">{num(d.max)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="records">
            <Head columns={[t("dash.shareOf"), t("dash.count"), t("dash.share")]} />
            <tbody>
              {Object.entries(timing.data.shares).map(([k, s]) => (
                <tr>
                  <th scope="row">{label("timingShare", k)}</th>
                  <td class="num">
                    {num(s.count)} / {num(s.of)}
                  </td>
                  <td class="num">{pct(s.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h2>{t("dash.cde")}</h2>
      <Alert error={cde.error} />
      {cde.data && (
        <>
          <p class="meta">
            {t("dash.cdeSummary", { within: cde.data.summary.within, under: cde.data.summary.under, over: cde.data.summary.over, unknown: cde.data.summary.unknown })}
          </p>
          <Chart
            title={t("dash.cdeErrors")}
            x="error"
            y="operations"
            rows={cde.data.summary.error_distribution.map((e) => ({ error: e.error, operations: e.operations }))}
            columns={[
              { key: "error", label: t("dash.cdeError") },
              { key: "operations", label: t("dash.operations") },
            ]}
          />
          <table class="records">
            <Head columns={[t("dash.operation"), t("dash.estimated"), t("dash.assessed"), t("dash.verdict")]} />
            <tbody>
              {cde.data.operations.map((o) => (
                <tr>
                  <td>
                    <span dir="ltr">{o.reference}</span> {o.name}
                  </td>
                  <td class="num">{range(o.estimated_civilians_killed)}</td>
                  <td class="num">{range(o.assessed_civilians_killed)}</td>
                  <td>{label("verdict", o.verdict)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
