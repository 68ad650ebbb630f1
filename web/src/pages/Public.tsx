// What anyone may use without signing in: the transparency portal (the latest approved release:
// its figures, map, trend and open data; the published assessments of states), the form that
// sends a report, and the page where its sender sees what became of it.
import { useMemo, useState } from "preact/hooks";
import { get, request, send } from "../api";
import { date, label, locale, num, t } from "../i18n";
import { Alert, Field, Loading, describe, useFormErrors, useLoad } from "../components/ui";
import { type Box, type MapData, MapView } from "../components/MapView";
import { Chart } from "../components/Chart";

type PublicCount = number | string;
interface PublicFigures {
  min?: PublicCount;
  best?: PublicCount;
  max?: PublicCount;
}
interface PublicRelease {
  version: number;
  published_at?: string;
  built_on: string;
  incidents: number;
  fields: string[];
  dates: "day" | "month";
  suppressed_below: number;
}
interface PublicTrend {
  groups: { period: string; incidents: PublicCount; civilians_killed?: PublicFigures }[];
  total: { incidents: PublicCount; civilians_killed?: PublicFigures; civilians_injured?: PublicFigures };
}
interface PublicMap {
  in_view: PublicCount;
  clusters: { count: PublicCount; lat: number; lon: number; extent?: { west: number; south: number; east: number; north: number } }[];
}
interface PublicAssessment {
  id: string;
  state: string;
  period: { from?: string; to?: string; year?: number };
  published_at: string;
  scorecard?: { overall?: { level?: string } };
}

const count = (c: PublicCount | undefined) => (typeof c === "number" ? num(c) : c ?? "");
// A suppressed count ("<3") is drawn as 0 in charts; the table beside the chart says "<3".
const plotted = (c: PublicCount | undefined) => (typeof c === "number" ? c : 0);

export function Portal() {
  const latest = useLoad(() => get<PublicRelease>("/api/v1/public/releases/latest"), []);
  const assessments = useLoad(
    () => get<{ items: PublicAssessment[] }>("/api/v1/public/state-assessments"),
    [],
  );
  return (
    <section class="portal">
      <h1>{t("portal.title")}</h1>
      <p>{t("portal.intro")}</p>
      <Loading when={latest.loading} />
      {latest.error ? (
        <Alert kind="ok">{t("portal.noRelease")}</Alert>
      ) : (
        latest.data && <Release release={latest.data} />
      )}
      <h2>{t("portal.assessments")}</h2>
      <Alert error={assessments.error} />
      {assessments.data && assessments.data.items.length === 0 && <p>{t("portal.noAssessments")}</p>}
      {assessments.data && assessments.data.items.length > 0 && (
        <ul class="assessments">
          {assessments.data.items.map((a) => (
            <li>
              <strong>{a.state}</strong> · {a.period.from ? `${date(a.period.from)} – ${date(a.period.to)}` : a.period.year}
              {a.scorecard?.overall?.level && <> · {label("level", a.scorecard.overall.level)}</>} ·{" "}
              <a href={`/api/v1/public/state-assessments/${a.id}/scorecard?format=pdf&language=${locale()}`}>
                {t("portal.scorecard")}
              </a>
            </li>
          ))}
        </ul>
      )}
      <p class="aside">
        <a href="#/public/report">{t("nav.submit")}</a> · <a href="#/public/status">{t("nav.status")}</a>
      </p>
    </section>
  );
}

function Release(props: { release: PublicRelease }) {
  const r = props.release;
  const base = `/api/v1/public/releases/${r.version}`;
  const trend = useLoad(() => get<PublicTrend>(`${base}/trends`, { interval: "month" }), [r.version]);
  const loadMap = useMemo(
    () =>
      async (box: Box): Promise<MapData> => {
        const m = await get<PublicMap>(`${base}/map`, {
          zoom: box.zoom,
          bbox: `${box.west},${box.south},${box.east},${box.north}`,
        });
        return {
          points: [],
          clusters: m.clusters.map((c) => ({
            count: plotted(c.count),
            text: typeof c.count === "number" ? undefined : c.count,
            lat: c.lat,
            lon: c.lon,
            extent: c.extent ? [c.extent.west, c.extent.south, c.extent.east, c.extent.north] : undefined,
          })),
          in_view: m.in_view,
        };
      },
    [r.version],
  );
  return (
    <>
      <p class="meta">
        {t("portal.release", { version: r.version, date: date(r.built_on) })} ·{" "}
        {t("portal.incidents", { count: r.incidents })} · {t("portal.suppressed", { k: r.suppressed_below })}
      </p>
      {trend.data && (
        <dl class="figures">
          <dt>{t("portal.totalIncidents")}</dt>
          <dd>{count(trend.data.total.incidents)}</dd>
          <dt>{t("portal.civiliansKilled")}</dt>
          <dd>
            {count(trend.data.total.civilians_killed?.min)}–{count(trend.data.total.civilians_killed?.max)}
          </dd>
        </dl>
      )}
      <h2>{t("portal.map")}</h2>
      <MapView label={t("portal.map")} load={loadMap} onPoint={() => undefined} />
      <h2>{t("portal.trend")}</h2>
      <Alert error={trend.error} />
      {trend.data && (
        <Chart
          title={t("portal.trend")}
          rows={trend.data.groups.map((g) => ({
            period: g.period,
            incidents: plotted(g.incidents),
            shown: count(g.incidents),
            killed: count(g.civilians_killed?.best),
            note: typeof g.incidents === "number" ? "" : g.incidents,
          }))}
          note="note"
          x="period"
          y="incidents"
          columns={[
            { key: "period", label: t("portal.period") },
            { key: "shown", label: t("portal.incidentsColumn") },
            { key: "killed", label: t("portal.civiliansKilledBest") },
          ]}
        />
      )}
      <h2>{t("portal.downloads")}</h2>
      <ul class="downloads">
        {(["csv", "xlsx", "json", "geojson"] as const).map((f) => (
          <li>
            <a href={`${base}/download?format=${f}`} download>
              {t("portal.download", { format: f.toUpperCase() })}
            </a>
          </li>
        ))}
        <li>
          <a href={`${base}/report?format=pdf&language=${locale()}`}>{t("portal.report")}</a>
        </li>
        <li>
          <a href={`${base}/methodology`}>{t("portal.methodology")}</a>
        </li>
      </ul>
    </>
  );
}

interface Receipt {
  reference: string;
  token: string;
  message: string;
}

export function PublicSubmit() {
  const [v, setV] = useState({ date: "", place: "", country: "", lat: "", lon: "", account: "", contact: "" });
  const [receipt, setReceipt] = useState<Receipt>();
  const [busy, setBusy] = useState(false);
  const fields = ["date", "location.description", "location.country", "location.lat", "location.lon", "account", "contact"];
  const form = useFormErrors(fields);
  const set = (k: keyof typeof v) => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    form.clear();
    const missing: Record<string, string> = {};
    if (!v.date) missing.date = t("form.required");
    if (!v.account.trim()) missing.account = t("form.required");
    if ((v.lat === "") !== (v.lon === "")) missing[v.lat === "" ? "location.lat" : "location.lon"] = t("form.bothCoordinates");
    if (Object.keys(missing).length) return form.setErrors(missing);
    const location: Record<string, unknown> = {};
    if (v.place.trim()) location.description = v.place.trim();
    if (v.country.trim()) location.country = v.country.trim();
    if (v.lat !== "") {
      location.lat = Number(v.lat);
      location.lon = Number(v.lon);
    }
    setBusy(true);
    try {
      setReceipt(
        await send<Receipt>("POST", "/api/v1/public/reports", {
          date: { start: v.date },
          ...(Object.keys(location).length ? { location } : {}),
          account: v.account,
          ...(v.contact.trim() ? { contact: v.contact } : {}),
        }),
      );
    } catch (err) {
      form.show(err);
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return (
      <section class="narrow">
        <h1>{t("submit.thanks")}</h1>
        <p>{t("submit.keep")}</p>
        <dl class="receipt">
          <dt>{t("submit.reference")}</dt>
          <dd dir="ltr" data-testid="reference">
            {receipt.reference}
          </dd>
          <dt>{t("submit.token")}</dt>
          <dd dir="ltr" data-testid="token">
            {receipt.token}
          </dd>
        </dl>
        <p>
          <a href="#/public/status">{t("nav.status")}</a>
        </p>
      </section>
    );
  }
  return (
    <section class="narrow">
      <h1>{t("submit.title")}</h1>
      <p>{t("submit.intro")}</p>
      <form onSubmit={submit} noValidate>
        <Alert error={form.general} />
        <Field label={t("submit.date")} error={form.errors.date}>
          {(id, d) => <input id={id} type="date" aria-describedby={d} aria-invalid={!!form.errors.date} value={v.date} onInput={set("date")} />}
        </Field>
        <Field label={t("submit.place")} error={form.errors["location.description"]}>
          {(id, d) => <input id={id} aria-describedby={d} value={v.place} onInput={set("place")} />}
        </Field>
        <Field label={t("submit.country")} error={form.errors["location.country"]}>
          {(id, d) => <input id={id} aria-describedby={d} value={v.country} onInput={set("country")} />}
        </Field>
        <div class="pair">
          <Field label={t("form.lat")} error={form.errors["location.lat"]}>
            {(id, d) => <input id={id} inputMode="decimal" dir="ltr" aria-describedby={d} aria-invalid={!!form.errors["location.lat"]} value={v.lat} onInput={set("lat")} />}
          </Field>
          <Field label={t("form.lon")} error={form.errors["location.lon"]}>
            {(id, d) => <input id={id} inputMode="decimal" dir="ltr" aria-describedby={d} aria-invalid={!!form.errors["location.lon"]} value={v.lon} onInput={set("lon")} />}
          </Field>
        </div>
        <Field label={t("submit.account")} error={form.errors.account} hint={t("submit.accountHint")}>
          {(id, d) => <textarea id={id} rows={6} aria-describedby={d} aria-invalid={!!form.errors.account} value={v.account} onInput={set("account")} />}
        </Field>
        <Field label={t("submit.contact")} error={form.errors.contact} hint={t("submit.contactHint")}>
          {(id, d) => <input id={id} aria-describedby={d} value={v.contact} onInput={set("contact")} />}
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          {t("submit.send")}
        </button>
      </form>
    </section>
  );
}

interface ReportStatus {
  reference_code: string;
  received_on: string;
  stage: string;
  updated_on: string;
  finding?: string;
  finding_on?: string;
  acknowledged_publicly: boolean;
  closed_on?: string;
}

export function PublicStatus() {
  const [reference, setReference] = useState("");
  const [token, setToken] = useState("");
  const [status, setStatus] = useState<ReportStatus>();
  const [error, setError] = useState<unknown>();
  const look = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setStatus(undefined);
    if (!reference.trim() || !token.trim()) return setError(t("status.both"));
    try {
      const resp = await request("GET", `/api/v1/public/reports/${encodeURIComponent(reference.trim())}/status`, {
        headers: { "X-Report-Token": token.trim() },
      });
      setStatus(await resp.json());
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="narrow">
      <h1>{t("status.title")}</h1>
      <form onSubmit={look} noValidate>
        {error !== undefined && <div class="alert error" role="alert">{typeof error === "string" ? error : describe(error)}</div>}
        <Field label={t("submit.reference")}>
          {(id) => <input id={id} dir="ltr" value={reference} onInput={(e) => setReference(e.currentTarget.value)} />}
        </Field>
        <Field label={t("submit.token")}>
          {(id) => <input id={id} dir="ltr" type="password" autocomplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="primary">
          {t("status.look")}
        </button>
      </form>
      {status && (
        <dl class="receipt" data-testid="report-status">
          <dt>{t("submit.reference")}</dt>
          <dd dir="ltr">{status.reference_code}</dd>
          <dt>{t("status.received")}</dt>
          <dd>{date(status.received_on)}</dd>
          <dt>{t("status.stage")}</dt>
          <dd data-testid="stage">{label("stage", status.stage)}</dd>
          {status.finding && (
            <>
              <dt>{t("status.finding")}</dt>
              <dd>
                {label("finding", status.finding)} ({date(status.finding_on)})
              </dd>
            </>
          )}
          <dt>{t("status.acknowledged")}</dt>
          <dd>{status.acknowledged_publicly ? t("yes") : t("no")}</dd>
          {status.closed_on && (
            <>
              <dt>{t("status.closedOn")}</dt>
              <dd>{date(status.closed_on)}</dd>
            </>
          )}
          <dt>{t("status.updated")}</dt>
          <dd>{date(status.updated_on)}</dd>
        </dl>
      )}
    </section>
  );
}
