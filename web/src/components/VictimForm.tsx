// Recording a person harmed in an incident, as the list they appear on gives them. Names are
// personal data: sealed at rest, shown only to roles that may read them.
import { send } from "../api";
import { t } from "../i18n";
import { ageGroups, casualtyStatuses, sexes } from "../records";
import { Choice, FormCard, Text, opt, useForm, whole } from "./forms";

const outcomes = ["killed", "injured", "missing"];

export function VictimForm(props: { incident: string; onDone: () => void }) {
  const initial = { outcome: "killed", status: "civilian", sex: "unknown", age_group: "unknown", lang: "ar", consent_to_publish: "unknown" };
  const form = useForm(initial, ["names", "name", "name2", "age", "age_group", "sex", "status", "outcome", "source_name", "source_record_id", "family_group_id", "external_registry_id", "consent_to_publish"]);
  const v = form.values;
  const onSubmit = form.submit(["outcome"], async () => {
    await send("POST", "/api/v1/victims", JSON.parse(JSON.stringify({
      incident_id: props.incident,
      // The same name in a second script ("Huda Saleh" and "هدى صالح"), when given.
      names: [
        ...(opt(v.name) ? [{ name: v.name.trim(), lang: opt(v.lang) }] : []),
        ...(opt(v.name2) ? [{ name: v.name2.trim(), lang: opt(v.lang2) }] : []),
      ],
      age: whole(v.age),
      age_group: v.age_group,
      sex: v.sex,
      status: v.status,
      outcome: v.outcome,
      source_name: opt(v.source_name),
      source_record_id: opt(v.source_record_id),
      family_group_id: opt(v.family_group_id),
      external_registry_id: opt(v.external_registry_id),
      consent_to_publish: v.consent_to_publish,
    })));
    form.setValues(initial);
    props.onDone();
  }, t("victim.added"));
  return (
    <FormCard title={t("victim.add")} form={form} onSubmit={onSubmit} submit={t("victim.save")}>
      <div class="pair">
        <Text form={form} name="name" label="victim.nameField" />
        <Text form={form} name="lang" label="victim.script" dir="ltr" />
      </div>
      <div class="pair">
        <Text form={form} name="name2" label="victim.name2" />
        <Text form={form} name="lang2" label="victim.script" dir="ltr" />
      </div>
      <div class="pair">
        <Choice form={form} name="outcome" label="victim.outcome" values={outcomes} group="outcome" />
        <Choice form={form} name="status" label="victim.status" values={casualtyStatuses} group="casualtyStatus" />
        <Text form={form} name="age" label="victim.age" dir="ltr" />
        <Choice form={form} name="age_group" label="intake.ageGroup" values={ageGroups} group="age" />
        <Choice form={form} name="sex" label="victim.sex" values={sexes} group="sex" />
      </div>
      <div class="pair">
        <Text form={form} name="source_name" label="victim.list" />
        <Text form={form} name="source_record_id" label="victim.listId" dir="ltr" />
        <Text form={form} name="family_group_id" label="victim.family" />
        <Text form={form} name="external_registry_id" label="victim.registry" dir="ltr" />
        <Choice form={form} name="consent_to_publish" label="victim.consent" values={["unknown", "given", "refused"]} group="consent" />
      </div>
    </FormCard>
  );
}
