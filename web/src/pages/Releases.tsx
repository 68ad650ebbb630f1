// Transparency: releases are requested by one publisher under release rules (the built-in ones
// unless given), and approved or rejected by another; an approved release is what the public
// portal shows. Reviewers see what building it did (what was left out and why) and its rows.
import { useState } from "preact/hooks";
import { get, send } from "../api";
import { date, label, num, t } from "../i18n";
import { session, can } from "../session";
import { Alert, Loading, useLoad } from "../components/ui";

interface Release {
  id: string;
  version: number;
  status: string;
  note?: string;
  requested_by: string;
  requested_at: string;
  reviewed_by?: string;
  review_note?: string;
  built_on: string;
  incidents: number;
  content_hash: string;
  summary: { considered?: number; released?: number; excluded?: Record<string, number>; coordinates?: Record<string, number>; dates_coarsened?: number; withheld_fields?: Record<string, number> };
}

export function Releases() {
  const releases = useLoad(() => get<{ items: Release[] }>("/api/v1/releases"), []);
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    setBusy(true);
    try {
      await fn();
      releases.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const me = session()?.user.name;
  return (
    <section>
      <h1>{t("releases.title")}</h1>
      <Alert error={error ?? releases.error} />
      {can("request_release") && (
        <form
          class="card"
          onSubmit={(e) => {
            e.preventDefault();
            act(() => send("POST", "/api/v1/releases", note.trim() ? { note: note.trim() } : {}));
          }}
        >
          <h2>{t("releases.request")}</h2>
          <p class="hint">{t("releases.requestHint")}</p>
          <label for="release-note">{t("releases.note")}</label>
          <input id="release-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {t("releases.requestButton")}
            </button>
          </div>
        </form>
      )}
      <Loading when={releases.loading && !releases.data} />
      {releases.data?.items.map((r) => (
        <article class="card release" data-testid="release">
          <h2>
            {t("releases.version", { version: r.version })} · <span class="badge" data-testid="release-status">{label("releaseStatus", r.status)}</span>
          </h2>
          <p class="meta">
            {t("releases.requestedBy", { name: r.requested_by, date: date(r.requested_at) })}
            {r.reviewed_by && ` · ${t("releases.reviewedBy", { name: r.reviewed_by })}`}
          </p>
          {r.note && <p>{r.note}</p>}
          {r.review_note && <p class="sub">{r.review_note}</p>}
          <dl class="facts">
            <dt>{t("releases.incidents")}</dt>
            <dd>
              {num(r.incidents)} / {num(r.summary.considered ?? 0)}
            </dd>
            {r.summary.excluded && (
              <>
                <dt>{t("releases.excluded")}</dt>
                <dd>
                  {Object.entries(r.summary.excluded)
                    .map(([k, n]) => `${label("excluded", k)}: ${num(n)}`)
                    .join(" · ")}
                </dd>
              </>
            )}
            {r.summary.coordinates && (
              <>
                <dt>{t("releases.coordinates")}</dt>
                <dd>
                  {Object.entries(r.summary.coordinates)
                    .map(([k, n]) => `${label("coordinates", k)}: ${num(n)}`)
                    .join(" · ")}
                </dd>
              </>
            )}
            <dt>{t("releases.hash")}</dt>
            <dd>
              <code dir="ltr">{r.content_hash.slice(0, 16)}…</code>
            </dd>
          </dl>
          <p>
            <a href={`/api/v1/releases/${r.id}/download?format=csv`}>{t("portal.download", { format: "CSV" })}</a> ·{" "}
            <a href={`/api/v1/releases/${r.id}/incidents`}>{t("releases.rows")}</a>
          </p>
          {can("review_release") && (r.status === "approved" || (r.status === "requested" && r.requested_by !== me)) && (
            <div class="field">
              <label for={`reason-${r.id}`}>{t("releases.why")}</label>
              <input id={`reason-${r.id}`} value={reasons[r.id] ?? ""} onInput={(e) => setReasons({ ...reasons, [r.id]: e.currentTarget.value })} />
            </div>
          )}
          {can("review_release") && r.status === "requested" && r.requested_by !== me && (
            <div class="actions">
              <button type="button" class="primary" disabled={busy} onClick={() => act(() => send("POST", `/api/v1/releases/${r.id}/approve`, {}))}>
                {t("releases.approve")}
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() => act(() => send("POST", `/api/v1/releases/${r.id}/reject`, { reason: reasons[r.id] ?? "" }))}
              >
                {t("releases.reject")}
              </button>
            </div>
          )}
          {can("review_release") && r.status === "requested" && r.requested_by === me && <p class="hint">{t("releases.notYours")}</p>}
          {can("review_release") && r.status === "approved" && (
            <button
              type="button"
              disabled={busy}
              onClick={() => act(() => send("POST", `/api/v1/releases/${r.id}/withdraw`, { reason: reasons[r.id] ?? "" }))}
            >
              {t("releases.withdraw")}
            </button>
          )}
        </article>
      ))}
    </section>
  );
}
