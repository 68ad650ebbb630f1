// Changing what an incident says (title, description, the external grade, the need-to-know
// groups it is restricted to), and retracting it with the reason: records are never deleted.
// An update sends the whole incident back with the version read, so a change made meanwhile by
// someone else is refused rather than overwritten.
import { send } from "../api";
import { t } from "../i18n";
import { grades, type Incident } from "../records";
import { can } from "../session";
import { Choice, FormCard, Text, list, opt, useForm } from "./forms";

type Editable = Incident & { restricted_to?: string[]; external_grade?: string };

export function IncidentEdit(props: { incident: Editable; onDone: () => void }) {
  const i = props.incident;
  const form = useForm(
    { title: i.title ?? "", description: i.description ?? "", external_grade: i.external_grade ?? "", restricted_to: (i.restricted_to ?? []).join(", ") },
    ["title", "description", "external_grade", "restricted_to", "version"],
  );
  const v = form.values;
  const save = form.submit([], async () => {
    const body: Record<string, unknown> = { ...i, title: opt(v.title), description: opt(v.description), external_grade: opt(v.external_grade) };
    if (can("restrict_records")) body.restricted_to = list(v.restricted_to);
    delete body.retraction;
    await send("PUT", `/api/v1/incidents/${i.id}`, JSON.parse(JSON.stringify(body)));
    props.onDone();
  }, t("edit.saved"));
  const retraction = useForm({}, ["reason", "retraction.reason"]);
  const retract = retraction.submit(["reason"], async () => {
    await send("POST", `/api/v1/incidents/${i.id}/retract`, { reason: retraction.values.reason.trim(), version: i.version });
    props.onDone();
  });
  return (
    <details class="edit">
      <summary>{t("edit.title")}</summary>
      <FormCard title={t("edit.change")} form={form} onSubmit={save} submit={t("edit.save")}>
        <Text form={form} name="title" label="incident.title" />
        <Text form={form} name="description" label="intake.description" rows={3} />
        <Choice form={form} name="external_grade" label="incident.grade" values={grades} group="grade" optional />
        {can("restrict_records") && <Text form={form} name="restricted_to" label="users.groups" hint={t("edit.groupsHint")} />}
      </FormCard>
      {can("retract_records") && !i.retraction && (
        <FormCard title={t("edit.retract")} form={retraction} onSubmit={retract} submit={t("edit.retract")}>
          <Text form={retraction} name="reason" label="edit.reason" rows={2} />
        </FormCard>
      )}
    </details>
  );
}
