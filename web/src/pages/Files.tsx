// Importing a file of records, with the upload's progress and, when rows are refused, each one
// with its row, line, column and reason (and the refused rows to download, fix and send again);
// and exporting the records one may see, as the lists filter them.
import { useState } from "preact/hooks";
import { withQuery } from "../api";
import { label, num, t } from "../i18n";
import { can } from "../session";
import { Field, Head } from "../components/ui";

interface RowError {
  row: number;
  line: number;
  column: string;
  message: string;
}
interface Summary {
  file: string;
  kind: string;
  rows: number;
  created: number;
  incidents_opened: number;
  unchanged: number;
  conflicting: number;
  rejected: number;
  noted: number;
  landed: boolean;
  errors: RowError[];
  notes: RowError[];
  conflicts: string[];
  rejects?: string;
  error?: { message: string; field?: string };
}

const kinds = ["incidents", "reports", "victims", "operations"];
const importFormats = ["csv", "json", "ucdp-ged", "acled"];
const exportFormats = ["csv", "xlsx", "json", "geojson"];

// Sends the file with XMLHttpRequest, which reports upload progress (fetch does not).
function upload(url: string, file: File, csrf: string | null, onProgress: (share: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    if (csrf) xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error(t("error.network")));
    xhr.send(file);
  });
}

export function Files(props: { csrf: string | null }) {
  const [file, setFile] = useState<File>();
  const [format, setFormat] = useState("csv");
  const [kind, setKind] = useState("reports");
  const [skip, setSkip] = useState(false);
  const [progress, setProgress] = useState<number>();
  const [summary, setSummary] = useState<Summary>();
  const [error, setError] = useState<string>();
  const [exp, setExp] = useState({ kind: "incidents", format: "csv", hxl: true, date_from: "", date_to: "" });

  const send = async (e: Event) => {
    e.preventDefault();
    setSummary(undefined);
    setError(undefined);
    if (!file) return setError(t("files.chooseFile"));
    setProgress(0);
    try {
      const url = withQuery("/api/v1/imports", { format, kind: format === "csv" || format === "json" ? kind : undefined, name: file.name, invalid: skip ? "skip" : undefined });
      const r = await upload(url, file, props.csrf, setProgress);
      const body = r.body as Summary & { error?: { message: string; field?: string } };
      if (r.status === 200 || r.status === 422) setSummary(body);
      else setError(body?.error ? `${body.error.field ? `${body.error.field}: ` : ""}${body.error.message}` : `${r.status}`);
    } catch (err) {
      setError(String((err as Error).message));
    } finally {
      setProgress(undefined);
    }
  };

  return (
    <section>
      <h1>{t("files.title")}</h1>
      {can("import") && (
        <form class="card" onSubmit={send} noValidate aria-labelledby="import-title">
          <h2 id="import-title">{t("files.import")}</h2>
          <div class="pair">
            <Field label={t("files.file")} error={error}>
              {(id, d) => <input id={id} type="file" aria-describedby={d} onChange={(e) => setFile(e.currentTarget.files?.[0])} />}
            </Field>
            <Field label={t("files.format")}>
              {(id) => (
                <select id={id} value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
                  {importFormats.map((f) => (
                    <option value={f}>{label("importFormat", f)}</option>
                  ))}
                </select>
              )}
            </Field>
            {(format === "csv" || format === "json") && (
              <Field label={t("files.kind")}>
                {(id) => (
                  <select id={id} value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
                    {kinds.map((k) => (
                      <option value={k}>{label("collection", k)}</option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </div>
          <label class="check">
            <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.currentTarget.checked)} /> {t("files.skip")}
          </label>
          <p class="hint">{t("files.skipHint")}</p>
          {progress !== undefined && (
            <div class="progress">
              <progress max={1} value={progress < 1 ? progress : undefined} aria-label={t("files.progress")} />
              <span>{progress < 1 ? `${num(Math.round(progress * 100))} %` : t("files.reading")}</span>
            </div>
          )}
          <button type="submit" class="primary" disabled={progress !== undefined}>
            {t("files.send")}
          </button>
        </form>
      )}
      {summary && <Report summary={summary} />}

      {can("export") && (
        <form class="card" onSubmit={(e) => e.preventDefault()} aria-labelledby="export-title">
          <h2 id="export-title">{t("files.export")}</h2>
          <div class="pair">
            <Field label={t("files.kind")}>
              {(id) => (
                <select id={id} value={exp.kind} onChange={(e) => setExp({ ...exp, kind: e.currentTarget.value })}>
                  {kinds.map((k) => (
                    <option value={k}>{label("collection", k)}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("files.format")}>
              {(id) => (
                <select id={id} value={exp.format} onChange={(e) => setExp({ ...exp, format: e.currentTarget.value })}>
                  {exportFormats.map((f) => (
                    <option value={f}>{f.toUpperCase()}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("filter.date_from")}>{(id) => <input id={id} type="date" value={exp.date_from} onInput={(e) => setExp({ ...exp, date_from: e.currentTarget.value })} />}</Field>
            <Field label={t("filter.date_to")}>{(id) => <input id={id} type="date" value={exp.date_to} onInput={(e) => setExp({ ...exp, date_to: e.currentTarget.value })} />}</Field>
          </div>
          {(exp.format === "csv" || exp.format === "xlsx") && (
            <label class="check">
              <input type="checkbox" checked={exp.hxl} onChange={(e) => setExp({ ...exp, hxl: e.currentTarget.checked })} /> {t("files.hxl")}
            </label>
          )}
          <p>
            <a
              class="button"
              download
              href={withQuery(`/api/v1/exports/${exp.kind}`, {
                format: exp.format,
                hxl: (exp.format === "csv" || exp.format === "xlsx") && exp.hxl ? "true" : undefined,
                date_from: exp.date_from,
                date_to: exp.date_to,
              })}
            >
              {t("files.download")}
            </a>
          </p>
        </form>
      )}
    </section>
  );
}

function Report(props: { summary: Summary }) {
  const s = props.summary;
  const rejectsUrl = s.rejects ? URL.createObjectURL(new Blob([s.rejects], { type: "text/csv" })) : undefined;
  return (
    <section class={`card ${s.landed ? "" : "refused"}`} aria-live="polite" data-testid="import-report">
      <h2>{s.landed ? t("files.landed", { file: s.file }) : t("files.refused", { file: s.file })}</h2>
      <p data-testid="import-counts">
        {t("files.counts", { rows: s.rows, created: s.landed ? s.created : 0, unchanged: s.unchanged, conflicting: s.conflicting, rejected: s.rejected })}
      </p>
      {s.errors.length > 0 && (
        <table class="records" data-testid="refused-rows">
          <caption>{t("files.refusedRows")}</caption>
          <Head columns={[t("files.row"), t("files.line"), t("files.column"), t("files.reason")]} />
          <tbody>
            {s.errors.slice(0, 500).map((e) => (
              <tr>
                <td class="num">{num(e.row)}</td>
                <td class="num">{num(e.line)}</td>
                <td dir="ltr">{e.column}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.errors.length > 500 && <p class="aside">{t("cases.more", { count: s.errors.length - 500 })}</p>}
      {rejectsUrl && (
        <p>
          <a href={rejectsUrl} download={`${s.file}.rejects.csv`}>
            {t("files.rejects")}
          </a>
        </p>
      )}
      {s.conflicts.length > 0 && (
        <ul>
          {s.conflicts.slice(0, 50).map((c) => (
            <li>{c}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
