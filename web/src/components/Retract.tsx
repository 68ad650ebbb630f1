// Retracting a record — a report, a victim, an operation — with the reason: nothing is deleted,
// the record is kept, marked and left out of lists, and the audit log says who did it and why.
import { useState } from "preact/hooks";
import { get, send } from "../api";
import { t } from "../i18n";
import { can } from "../session";
import { Alert, useId } from "./ui";

export function Retract(props: { collection: "reports" | "victims" | "operations"; id: string; version?: number; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>();
  const id = useId("retract");
  if (!can("retract_records")) return null;
  if (!open) {
    return (
      <button type="button" class="small" onClick={() => setOpen(true)}>
        {t("retract.open")}
      </button>
    );
  }
  const go = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    if (!reason.trim()) return setError(t("retract.reasonRequired"));
    try {
      const path = `/api/v1/${props.collection}/${props.id}`;
      // The version read, so that a change made meanwhile is not retracted unseen.
      const version = props.version ?? (await get<{ version: number }>(path)).version;
      await send("POST", `${path}/retract`, { reason: reason.trim(), version });
      props.onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="inline" onSubmit={go} noValidate aria-label={t("retract.open")}>
      <div class="field">
        <label for={id}>{t("edit.reason")}</label>
        <input id={id} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <button type="submit">{t("retract.confirm")}</button>
      <button type="button" onClick={() => setOpen(false)}>
        {t("retract.cancel")}
      </button>
      {error !== undefined && (typeof error === "string" ? <div class="error" role="alert">{error}</div> : <Alert error={error} />)}
    </form>
  );
}
