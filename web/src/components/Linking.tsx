// Linking an incident's reports: the incidents its reports may also describe (with the weight of
// each comparison), fused with one click and a reason; and reports split off into an incident of
// their own when they describe another event.
import { useState } from "preact/hooks";
import { get, send } from "../api";
import { num, t } from "../i18n";
import { navigate } from "../router";
import { Reasons, type Reason } from "../pages/Fusion";
import { Alert, Field, Loading, useLoad } from "./ui";

interface Candidates {
  report: string;
  candidates: { incident: string; title: string; probability: number; weight: number; reasons: Reason[] }[];
}

export function Linking(props: { incident: string; reports: { id: string; name: string }[] }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>();
  const [split, setSplit] = useState<string[]>([]);
  // Each report's candidates are a model fitted on its neighbourhood: asked for, not on every view.
  const [asked, setAsked] = useState(false);
  const found = useLoad(
    () => (asked ? Promise.all(props.reports.map((r) => get<Candidates>(`/api/v1/reports/${r.id}/candidates`))) : Promise.resolve(undefined)),
    [asked, props.incident, props.reports.map((r) => r.id).join()],
  );
  const seen = new Set<string>();
  const candidates = (found.data ?? [])
    .flatMap((c) => c.candidates)
    .filter((c) => !seen.has(c.incident) && seen.add(c.incident))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 10);
  const need = () => {
    if (reason.trim()) return true;
    setError(t("fusion.reasonRequired"));
    return false;
  };
  const fuse = async (other: string) => {
    setError(undefined);
    if (!need()) return;
    try {
      const r = await send<{ incident: { id: string } }>("POST", "/api/v1/fusion/fuse", { incidents: [other, props.incident], reason: reason.trim() });
      navigate(`/incidents/${r.incident.id}`);
    } catch (e) {
      setError(e);
    }
  };
  const splitOff = async () => {
    setError(undefined);
    if (!need()) return;
    try {
      const r = await send<{ incident: { id: string } }>("POST", `/api/v1/incidents/${props.incident}/split`, { reports: split, reason: reason.trim() });
      navigate(`/incidents/${r.incident.id}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section class="linking" aria-labelledby="linking">
      <h2 id="linking">{t("link.title")}</h2>
      <Field label={t("fusion.reason")} hint={t("fusion.reasonHint")}>
        {(id, d) => <input id={id} aria-describedby={d} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      {error !== undefined && (typeof error === "string" ? <div class="alert error" role="alert">{error}</div> : <Alert error={error} />)}
      <h3>{t("link.candidates")}</h3>
      {!asked && (
        <button type="button" onClick={() => setAsked(true)}>
          {t("link.find")}
        </button>
      )}
      <Loading when={asked && found.loading} />
      <Alert error={found.error} />
      {found.data && candidates.length === 0 && <p>{t("link.none")}</p>}
      {candidates.map((c) => (
        <div class="card" data-testid="candidate">
          <a href={`#/incidents/${c.incident}`}>{c.title}</a> · {t("fusion.probability", { p: num(Math.round(c.probability * 1000) / 10) })}
          <Reasons reasons={c.reasons} />
          <button type="button" onClick={() => fuse(c.incident)}>
            {t("link.fuse")}
          </button>
        </div>
      ))}
      {props.reports.length > 1 && (
        <>
          <h3>{t("link.split")}</h3>
          <fieldset>
            <legend>{t("link.splitWhich")}</legend>
            {props.reports.map((r) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={split.includes(r.id)}
                  onChange={(e) => setSplit(e.currentTarget.checked ? [...split, r.id] : split.filter((x) => x !== r.id))}
                />{" "}
                {r.name}
              </label>
            ))}
          </fieldset>
          <button type="button" disabled={split.length === 0 || split.length === props.reports.length} onClick={splitOff}>
            {t("link.splitOff")}
          </button>
        </>
      )}
    </section>
  );
}
