// The fusion review queue: civharm proposes which reports describe one event (Fellegi–Sunter,
// estimated by EM), with each comparison's weight of evidence; an analyst fuses them into one
// incident, or records that they are different events, and the model learns from both.
import { useState } from "preact/hooks";
import { get, send } from "../api";
import { label, num, t } from "../i18n";
import { can } from "../session";
import { Alert, Field, Loading, useLoad, Head } from "../components/ui";

export interface Reason {
  comparison: string;
  level: string;
  weight: number;
}
interface Pair {
  reports: [string, string];
  same_incident: boolean;
  probability: number;
  weight: number;
  linked: boolean;
  reasons: Reason[];
}
interface Proposal {
  reports: number;
  candidate_pairs: number;
  clusters: { reports: string[]; incidents: string[]; fused: boolean }[];
  pairs: Pair[];
  pairs_truncated: boolean;
}
interface Report {
  id: string;
  source_name: string;
  source_type: string;
  reference_code?: string;
  incident_id?: string;
  date: { start: string };
  location?: { description?: string; admin2?: string };
  description?: string;
}

export function Reasons(props: { reasons: Reason[] }) {
  return (
    <table class="reasons">
      <Head columns={[t("fusion.comparison"), t("fusion.level"), t("fusion.weight")]} />
      <tbody>
        {props.reasons.map((r) => (
          <tr class={r.weight >= 0 ? "for" : "against"}>
            <td>{label("comparison", r.comparison)}</td>
            <td>{r.level}</td>
            <td class="num" dir="ltr">
              {r.weight >= 0 ? "+" : ""}
              {num(Math.round(r.weight * 10) / 10)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReportSummary(props: { id: string }) {
  const r = useLoad(() => get<Report>(`/api/v1/reports/${props.id}`), [props.id]);
  if (!r.data) return <div class="sub">{props.id}</div>;
  const x = r.data;
  return (
    <div>
      <strong>{x.source_name}</strong> <span class="sub">({label("source", x.source_type)})</span>
      <div class="sub">
        {x.date.start} · {x.location?.description || x.location?.admin2 || ""}
      </div>
      {x.incident_id && <a href={`#/incidents/${x.incident_id}`}>{t("fusion.openIncident")}</a>}
    </div>
  );
}

interface CrossReference {
  counts: { external_unmatched: number; own_force_unmatched: number; matched: number };
  entries: { category: string; report: string; incident: string | null; source_type: string; source_name: string; reference_code?: string; date: { start: string }; place: string }[];
}

// Own-force records beside civil-society ones: what both know, what only outsiders report, what
// only the force's own logs hold.
export function CrossReferenceView(props: { from?: string; to?: string }) {
  const x = useLoad(() => get<CrossReference>("/api/v1/fusion/cross-reference", { date_from: props.from, date_to: props.to }), [props.from, props.to]);
  return (
    <section aria-labelledby="xref">
      <h2 id="xref">{t("xref.title")}</h2>
      <Alert error={x.error} />
      {x.data && (
        <>
          <p class="meta">{t("xref.counts", { matched: x.data.counts.matched, external: x.data.counts.external_unmatched, own: x.data.counts.own_force_unmatched })}</p>
          <table class="records">
            <Head columns={[t("xref.category"), t("incident.date"), t("incident.place"), t("intake.source")]} />
            <tbody>
              {x.data.entries.slice(0, 300).map((e) => (
                <tr>
                  <td>{label("xref", e.category)}</td>
                  <td>{e.date.start}</td>
                  <td>{e.incident ? <a href={`#/incidents/${e.incident}`}>{e.place}</a> : e.place}</td>
                  <td>
                    {e.source_name} <span class="sub">({label("source", e.source_type)})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <a href={`/api/v1/fusion/cross-reference?format=csv${props.from ? `&date_from=${props.from}` : ""}${props.to ? `&date_to=${props.to}` : ""}`}>{t("portal.download", { format: "CSV" })}</a>
          </p>
        </>
      )}
    </section>
  );
}

interface VictimLinkage {
  lists: string[];
  records: number;
  people: number;
  capture_histories: { lists: string[]; people: number }[];
}

// The same people on several victim lists: how many distinct people, and which combinations of
// lists recorded them (the capture histories multiple systems estimation starts from). Needs
// names, so only roles that may read personal data.
function VictimLists() {
  const x = useLoad(() => get<VictimLinkage>("/api/v1/victims/linkage"), []);
  return (
    <section aria-labelledby="victim-lists">
      <h2 id="victim-lists">{t("vlink.title")}</h2>
      <Alert error={x.error} />
      {x.data && (
        <>
          <p class="meta">{t("vlink.summary", { records: x.data.records, lists: x.data.lists.length, people: x.data.people })}</p>
          <table class="records">
            <Head columns={[t("vlink.lists"), t("vlink.people")]} />
            <tbody>
              {x.data.capture_histories.map((h) => (
                <tr>
                  <td>{h.lists.join(" + ")}</td>
                  <td class="num">{num(h.people)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function Fusion() {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [query, setQuery] = useState<{ from?: string; to?: string; n: number } | null>(null);
  const [reason, setReason] = useState("");
  const [actionError, setActionError] = useState<unknown>();
  const [done, setDone] = useState("");
  const proposal = useLoad(
    () => (query ? get<Proposal>("/api/v1/fusion/proposals", { date_from: query.from, date_to: query.to }) : Promise.resolve(undefined)),
    [JSON.stringify(query)],
  );
  const act = async (what: () => Promise<unknown>, message: string) => {
    setActionError(undefined);
    setDone("");
    if (!reason.trim()) return setActionError(t("fusion.reasonRequired"));
    try {
      await what();
      setDone(message);
      setQuery((q) => (q ? { ...q, n: q.n + 1 } : q));
    } catch (e) {
      setActionError(e);
    }
  };
  const open = proposal.data?.pairs.filter((p) => !p.same_incident) ?? [];
  return (
    <section>
      <h1>{t("fusion.title")}</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ from: from || undefined, to: to || undefined, n: 0 });
        }}
      >
        <Field label={t("filter.date_from")}>{(id) => <input id={id} type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />}</Field>
        <Field label={t("filter.date_to")}>{(id) => <input id={id} type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />}</Field>
        <div class="actions">
          <button type="submit" class="primary">
            {t("fusion.propose")}
          </button>
        </div>
      </form>
      {can("write_incidents") && (
        <Field label={t("fusion.reason")} hint={t("fusion.reasonHint")}>
          {(id, d) => <input id={id} aria-describedby={d} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
        </Field>
      )}
      {can("read_personal_data") && can("read_victims") && <VictimLists />}
      {actionError !== undefined && (
        <div class="alert error" role="alert">
          {typeof actionError === "string" ? actionError : <Alert error={actionError} />}
        </div>
      )}
      {done && <Alert kind="ok">{done}</Alert>}
      <Alert error={proposal.error} />
      <Loading when={!!query && proposal.loading} />
      {proposal.data && (
        <>
          <p class="meta">{t("fusion.summary", { reports: proposal.data.reports, pairs: proposal.data.candidate_pairs, open: open.length })}</p>
          {open.length === 0 && <p>{t("fusion.nothing")}</p>}
          <CrossReferenceView from={query?.from} to={query?.to} />
          <h2>{t("fusion.pairs")}</h2>
          {open.map((p) => (
            <div class="card pair-card" data-testid="pair">
              <div class="pair">
                <ReportSummary id={p.reports[0]} />
                <ReportSummary id={p.reports[1]} />
              </div>
              <p>
                <strong>{t("fusion.probability", { p: num(Math.round(p.probability * 1000) / 10) })}</strong>
                {p.linked && <span class="badge">{t("fusion.linked")}</span>}
              </p>
              <Reasons reasons={p.reasons} />
              {can("write_incidents") && (
                <div class="actions">
                  <button
                    type="button"
                    onClick={() => act(() => send("POST", "/api/v1/fusion/fuse", { reports: p.reports, reason: reason.trim() }), t("fusion.fused"))}
                  >
                    {t("fusion.same")}
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      act(() => send("POST", "/api/v1/fusion/decisions", { reports: p.reports, verdict: "different", reason: reason.trim() }), t("fusion.kept"))
                    }
                  >
                    {t("fusion.different")}
                  </button>
                </div>
              )}
            </div>
          ))}
        </>
      )}
    </section>
  );
}
