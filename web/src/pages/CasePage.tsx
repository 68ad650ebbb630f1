// An incident's case file: where it stands against its deadline, the steps the caller's role may
// take now (each with the record it needs: an assessment with its finding, an investigation with
// its inquiries and causes), the responses and amends with their status, the consultations with
// the people harmed, and the lessons. Every step goes through the server's one state machine.
import { get, send } from "../api";
import { date, label, t } from "../i18n";
import type { Incident } from "../records";
import { can } from "../session";
import { Alert, Loading, useLoad } from "../components/ui";
import { Choice, FormCard, Text, countRange, list, opt, today, useForm } from "../components/forms";

interface Record_ {
  id: string;
  version: number;
  created_by?: string;
  created_at?: string;
}
interface Transition extends Record_ {
  step: string;
  from: string;
  to: string;
  on: string;
  note?: string;
}
interface Assessment extends Record_ {
  finding: string;
  standard: string;
  not_credible_reason?: string;
  reasoning?: string;
  reports_considered?: string[];
  other_sources?: string[];
}
interface Investigation extends Record_ {
  investigation_kind: string;
  authority?: string;
  findings?: string;
  causes?: { kind: string; detail?: string }[];
  inquiries?: { kind: string; outcome: string; on?: string; reason?: string; summary?: string }[];
  completed_on?: string;
  witness_details?: string;
  sources_consulted?: string[];
}
interface Response extends Record_ {
  response_kind: string;
  is_public?: boolean;
  amount?: { amount: string; currency: string };
  recipient?: string;
  description?: string;
  status: string;
  history: { status: string; on: string; by?: string; note?: string }[];
}
interface Consultation extends Record_ {
  held_on: string;
  mode: string;
  language: string;
  met_by: string;
  participants?: string;
  preferences?: string;
  preferred_responses?: string[];
}
interface Lesson extends Record_ {
  cause: { kind: string; detail?: string };
  recommendation: string;
  owner: string;
  due?: string;
  status: string;
}
interface CaseFile {
  incident: Incident;
  status: string;
  allowed_steps: string[];
  deadline: { stage: string; since: string; due: string; age_days: number; overdue_days: number } | null;
  transitions: Transition[];
  assessments: Assessment[];
  investigations: Investigation[];
  responses: Response[];
  consultations: Consultation[];
  lessons: Lesson[];
}

const findings = ["credible", "not_credible", "insufficient_info", "duplicate"];
const standards = ["more_likely_than_not", "reasonable_certainty"];
const notCredibleReasons = ["no_own_force_activity", "other_party_responsible", "no_civilian_harm", "event_not_corroborated", "other"];
const causeKinds = ["target_misidentification", "confirmation_bias", "cde_error", "weapon_malfunction", "pattern_of_life_gap", "partner_force_action", "other"];
const inquiryOutcomes = ["done", "remote", "not_possible"];
const responseKinds = ["acknowledgment", "apology", "condolence_payment", "ex_gratia_payment", "livelihood_assistance", "medical_assistance", "psychosocial_assistance", "infrastructure_restoration", "other"];
const payments = ["condolence_payment", "ex_gratia_payment"];
const modes = ["in_person", "phone", "video", "through_intermediary"];
// The statuses a response may go to from each (ResponseStatus in the API).
const nextStatuses: Record<string, string[]> = {
  proposed: ["offered", "delivered", "withdrawn"],
  offered: ["accepted", "declined", "paid", "delivered", "withdrawn"],
  accepted: ["paid", "delivered", "withdrawn"],
};

export function CasePage(props: { id: string }) {
  const path = `/api/v1/incidents/${encodeURIComponent(props.id)}`;
  const file = useLoad(() => get<CaseFile>(`${path}/case`), [props.id]);
  if (file.error) return <Alert error={file.error} />;
  if (!file.data) return <Loading when />;
  const c = file.data;
  const reload = file.reload;
  return (
    <article class="case">
      <p class="aside">
        <a href={`#/incidents/${props.id}`}>← {c.incident.title || t("incident.untitled")}</a>
      </p>
      <h1>{t("case.title")}</h1>
      <p class="meta">
        <span class={`badge status-${c.status}`} data-testid="case-status">
          {label("status", c.status)}
        </span>
        {c.deadline && (
          <span class={`badge ${c.deadline.overdue_days > 0 ? "warn" : ""}`}>
            {t("case.deadline", { stage: label("stage", c.deadline.stage), due: date(c.deadline.due) })}
            {c.deadline.overdue_days > 0 && ` · ${t("case.overdue", { days: c.deadline.overdue_days })}`}
          </span>
        )}
      </p>

      {c.allowed_steps.length > 0 && (
        <section aria-labelledby="steps">
          <h2 id="steps">{t("case.steps")}</h2>
          {c.allowed_steps.map((s) => (
            <Step key={`${s}-${c.status}`} step={s} file={c} path={path} onDone={reload} />
          ))}
        </section>
      )}

      <h2>{t("case.history")}</h2>
      <ol class="timeline">
        {c.transitions.map((x) => (
          <li>
            <time dateTime={x.on}>{date(x.on)}</time> <span class="badge">{label("step", x.step)}</span> {label("status", x.from)} → {label("status", x.to)}
            {x.created_by && <span class="sub"> · {x.created_by}</span>}
            {x.note && <div class="sub">{x.note}</div>}
          </li>
        ))}
      </ol>

      {c.assessments.length > 0 && <h2>{t("case.assessments")}</h2>}
      {c.assessments.map((a) => (
        <div class="card record">
          <strong>{label("finding", a.finding)}</strong> ({label("standard", a.standard)})
          {a.not_credible_reason && <> · {label("reason", a.not_credible_reason)}</>}
          {a.reasoning && <p>{a.reasoning}</p>}
          <div class="sub">
            {t("case.considered", { reports: (a.reports_considered ?? []).length })}
            {a.other_sources && ` · ${a.other_sources.join("; ")}`}
          </div>
        </div>
      ))}

      {c.investigations.length > 0 && <h2>{t("case.investigations")}</h2>}
      {c.investigations.map((i) => (
        <div class="card record">
          <strong>{label("investigationKind", i.investigation_kind)}</strong>
          {i.authority && <> · {i.authority}</>}
          {i.completed_on && <> · {t("case.completedOn", { date: date(i.completed_on) })}</>}
          {i.findings && <p>{i.findings}</p>}
          {i.causes && <div>{t("case.causes")}: {i.causes.map((x) => x.detail || label("cause", x.kind)).join("; ")}</div>}
          {i.inquiries && (
            <ul>
              {i.inquiries.map((q) => (
                <li>
                  {label("inquiry", q.kind)}: {label("inquiryOutcome", q.outcome)}
                  {q.on && ` (${date(q.on)})`}
                  {q.reason && ` — ${q.reason}`}
                </li>
              ))}
            </ul>
          )}
          {i.witness_details && (
            <div class="personal">
              {t("case.witnesses")}: {i.witness_details}
            </div>
          )}
        </div>
      ))}

      <h2>{t("case.responses")}</h2>
      {c.responses.length === 0 && <p>{t("case.noResponses")}</p>}
      {c.responses.map((r) => (
        <ResponseCard response={r} onDone={reload} />
      ))}
      {can("respond") && <NewResponse path={path} onDone={reload} />}

      <h2>{t("case.consultations")}</h2>
      {c.consultations.map((x) => (
        <div class="card record">
          <strong>{date(x.held_on)}</strong> · {label("mode", x.mode)} · {x.language} · {x.met_by}
          {x.participants && <div class="personal">{x.participants}</div>}
          {x.preferences && <p class="personal">{x.preferences}</p>}
          {x.preferred_responses && <div class="sub">{x.preferred_responses.map((k) => label("response", k)).join(", ")}</div>}
        </div>
      ))}
      {can("respond") && <NewConsultation path={path} onDone={reload} />}

      <h2>{t("case.lessons")}</h2>
      {c.lessons.map((l) => (
        <div class="card record">
          <strong>{l.cause.detail || label("cause", l.cause.kind)}</strong> · {label("lessonStatus", l.status)} · {l.owner}
          {l.due && ` · ${date(l.due)}`}
          <p>{l.recommendation}</p>
        </div>
      ))}
      {can("manage_lessons") && <NewLesson path={path} onDone={reload} />}
    </article>
  );
}

function Step(props: { step: string; file: CaseFile; path: string; onDone: () => void }) {
  const { step, file } = props;
  const form = useForm(
    { on: today(), finding: "credible", standard: "more_likely_than_not", investigation_kind: "administrative", witness: "done", site: "done" },
    ["on", "note", "civilians_killed.min", "civilians_killed.max", "civilians_injured.min", "civilians_injured.max", "assessment.finding", "assessment.not_credible_reason", "assessment.duplicate_of", "assessment.reports_considered", "assessment.other_sources", "assessment.reasoning", "investigation.investigation_kind", "investigation.authority", "investigation.findings", "investigation.causes", "investigation.inquiries", "investigation.witness_details", "investigation.sources_consulted", "step"],
  );
  const v = form.values;
  const e = form.errors.errors;
  const body = (): Record<string, unknown> => {
    const b: Record<string, unknown> = { step, expected_status: file.status, on: v.on, note: opt(v.note) };
    if (step === "record_finding") {
      b.assessment = {
        finding: v.finding,
        standard: v.standard,
        not_credible_reason: v.finding === "not_credible" ? opt(v.not_credible_reason) : undefined,
        duplicate_of: v.finding === "duplicate" ? opt(v.duplicate_of) : undefined,
        reports_considered: file.incident.report_ids,
        civilians_killed: countRange(v["civilians_killed.min"], v["civilians_killed.max"]),
        civilians_injured: countRange(v["civilians_injured.min"], v["civilians_injured.max"]),
        other_sources: list(v.other_sources),
        reasoning: opt(v.reasoning),
      };
    }
    if (step === "open_investigation") {
      b.investigation = { investigation_kind: v.investigation_kind, authority: opt(v.authority) };
    }
    if (step === "complete_investigation") {
      const open = file.investigations[file.investigations.length - 1];
      const inquiry = (kind: string, outcome: string, reason: string) => ({ kind, outcome, on: outcome === "not_possible" ? undefined : v.on, reason: outcome === "not_possible" ? opt(reason) : undefined });
      b.investigation = {
        investigation_kind: open?.investigation_kind ?? "administrative",
        authority: open?.authority,
        findings: opt(v.findings),
        causes: v.cause ? [{ kind: v.cause, detail: opt(v.cause_detail) }] : undefined,
        inquiries: [inquiry("witness_interview", v.witness, v.witness_reason), inquiry("site_visit", v.site, v.site_reason)],
        sources_consulted: list(v.sources_consulted),
        witness_details: can("read_personal_data") ? opt(v.witness_details) : undefined,
      };
    }
    return JSON.parse(JSON.stringify(b));
  };
  const required = step === "reopen" ? ["note"] : step === "complete_investigation" ? ["findings", "cause"] : [];
  const onSubmit = form.submit(required, async () => {
    await send("POST", `${props.path}/case/steps`, body());
    props.onDone();
  });
  const finding = v.finding;
  return (
    <FormCard title={label("step", step)} form={form} onSubmit={onSubmit} submit={label("step", step)}>
      <div class="pair">
        <Text form={form} name="on" label="case.on" type="date" />
      </div>
      {step === "record_finding" && (
        <>
          <div class="pair">
            <Choice form={form} name="finding" label="case.finding" values={findings} group="finding" />
            <Choice form={form} name="standard" label="case.standard" values={standards} group="standard" />
          </div>
          {finding === "not_credible" && <Choice form={form} name="not_credible_reason" label="case.reason" values={notCredibleReasons} group="reason" optional />}
          {finding === "duplicate" && <Text form={form} name="duplicate_of" label="case.duplicateOf" dir="ltr" />}
          {finding === "credible" && (
            <div class="pair">
              <Text form={form} name="civilians_killed.min" label="case.killedMin" dir="ltr" />
              <Text form={form} name="civilians_killed.max" label="case.killedMax" dir="ltr" />
              <Text form={form} name="civilians_injured.min" label="case.injuredMin" dir="ltr" />
              <Text form={form} name="civilians_injured.max" label="case.injuredMax" dir="ltr" />
            </div>
          )}
          <p class="hint">{t("case.considered", { reports: (file.incident.report_ids ?? []).length })}</p>
          <Text form={form} name="other_sources" label="case.otherSources" hint={t("users.groupsHint")} />
          <Text form={form} name="reasoning" label="case.reasoning" rows={4} />
        </>
      )}
      {step === "open_investigation" && (
        <div class="pair">
          <Choice form={form} name="investigation_kind" label="case.investigationKind" values={["administrative", "criminal_referral"]} group="investigationKind" />
          <Text form={form} name="authority" label="case.authority" />
        </div>
      )}
      {step === "complete_investigation" && (
        <>
          <Text form={form} name="findings" label="case.findings" rows={4} />
          <div class="pair">
            <Choice form={form} name="cause" label="case.cause" values={causeKinds} group="cause" optional />
            <Text form={form} name="cause_detail" label="case.causeDetail" />
          </div>
          <div class="pair">
            <Choice form={form} name="witness" label="case.witnessInterview" values={inquiryOutcomes} group="inquiryOutcome" />
            {v.witness === "not_possible" && <Text form={form} name="witness_reason" label="case.whyNot" />}
            <Choice form={form} name="site" label="case.siteVisit" values={inquiryOutcomes} group="inquiryOutcome" />
            {v.site === "not_possible" && <Text form={form} name="site_reason" label="case.whyNot" />}
          </div>
          {e["investigation.inquiries"] && (
            <div class="error" role="alert">
              {e["investigation.inquiries"]}
            </div>
          )}
          <Text form={form} name="sources_consulted" label="case.sourcesConsulted" hint={t("users.groupsHint")} />
          {can("read_personal_data") && <Text form={form} name="witness_details" label="case.witnesses" rows={3} />}
        </>
      )}
      <Text form={form} name="note" label={step === "reopen" ? "case.reopenNote" : "case.note"} rows={2} />
      {e.step && (
        <div class="error" role="alert">
          {e.step}
        </div>
      )}
    </FormCard>
  );
}

function ResponseCard(props: { response: Response; onDone: () => void }) {
  const r = props.response;
  const next = nextStatuses[r.status] ?? [];
  const form = useForm({ status: next[0] ?? "", on: today() }, ["status", "on", "note"]);
  const onSubmit = form.submit([], async () => {
    await send("POST", `/api/v1/responses/${r.id}/status`, { status: form.values.status, on: form.values.on, note: opt(form.values.note), expected_version: r.version });
    props.onDone();
  });
  return (
    <div class="card record" data-testid="response">
      <strong>{label("response", r.response_kind)}</strong>
      {r.amount && (
        <>
          {" "}
          · <span dir="ltr">{r.amount.amount} {r.amount.currency}</span>
        </>
      )}{" "}
      · <span class={`badge`} data-testid="response-status">{label("responseStatus", r.status)}</span>
      {r.is_public && <span class="badge">{t("case.public")}</span>}
      {r.recipient && <div class="personal">{t("case.recipient")}: {r.recipient}</div>}
      {r.description && <p>{r.description}</p>}
      <div class="sub">{r.history.map((h) => `${label("responseStatus", h.status)} ${date(h.on)}`).join(" → ")}</div>
      {can("respond") && next.length > 0 && (
        <form class="inline" onSubmit={onSubmit} noValidate aria-label={t("case.changeStatus")}>
          <Choice form={form} name="status" label="case.nextStatus" values={next} group="responseStatus" />
          <Text form={form} name="on" label="case.on" type="date" />
          <Text form={form} name="note" label="case.note" />
          <button type="submit" disabled={form.busy}>
            {t("case.changeStatus")}
          </button>
          <Alert error={form.errors.general} />
        </form>
      )}
    </div>
  );
}

function NewResponse(props: { path: string; onDone: () => void }) {
  const form = useForm({ response_kind: "acknowledgment", "amount.currency": "USD" }, ["response_kind", "is_public", "amount.amount", "amount.currency", "recipient", "description"]);
  const v = form.values;
  const payment = payments.includes(v.response_kind);
  const onSubmit = form.submit(payment ? ["amount.amount", "amount.currency"] : [], async () => {
    await send("POST", `${props.path}/responses`, JSON.parse(JSON.stringify({
      response_kind: v.response_kind,
      is_public: ["acknowledgment", "apology"].includes(v.response_kind) ? v.is_public === "yes" : undefined,
      amount: payment ? { amount: v["amount.amount"].trim(), currency: v["amount.currency"].trim() } : undefined,
      recipient: opt(v.recipient),
      description: opt(v.description),
    })));
    form.setValues({ response_kind: "acknowledgment", "amount.currency": "USD" });
    props.onDone();
  });
  return (
    <FormCard title={t("case.newResponse")} form={form} onSubmit={onSubmit} submit={t("case.addResponse")}>
      <div class="pair">
        <Choice form={form} name="response_kind" label="case.responseKind" values={responseKinds} group="response" />
        {["acknowledgment", "apology"].includes(v.response_kind) && <Choice form={form} name="is_public" label="case.public" values={["no", "yes"]} group="yesno" />}
      </div>
      {payment && (
        <div class="pair">
          <Text form={form} name="amount.amount" label="case.amount" dir="ltr" hint={t("case.amountHint")} />
          <Text form={form} name="amount.currency" label="case.currency" dir="ltr" />
        </div>
      )}
      {can("read_personal_data") && <Text form={form} name="recipient" label="case.recipient" />}
      <Text form={form} name="description" label="intake.description" rows={2} />
    </FormCard>
  );
}

function NewConsultation(props: { path: string; onDone: () => void }) {
  const form = useForm({ held_on: today(), mode: "in_person" }, ["held_on", "mode", "language", "met_by", "participants", "preferences"]);
  const v = form.values;
  const onSubmit = form.submit(["held_on", "language", "met_by"], async () => {
    await send("POST", `${props.path}/consultations`, JSON.parse(JSON.stringify({
      held_on: v.held_on,
      mode: v.mode,
      language: v.language.trim(),
      met_by: v.met_by.trim(),
      participants: can("read_personal_data") ? opt(v.participants) : undefined,
      preferences: can("read_personal_data") ? opt(v.preferences) : undefined,
    })));
    form.setValues({ held_on: today(), mode: "in_person" });
    props.onDone();
  });
  return (
    <FormCard title={t("case.newConsultation")} form={form} onSubmit={onSubmit} submit={t("case.addConsultation")}>
      <div class="pair">
        <Text form={form} name="held_on" label="case.heldOn" type="date" />
        <Choice form={form} name="mode" label="case.mode" values={modes} group="mode" />
        <Text form={form} name="language" label="case.language" />
      </div>
      <Text form={form} name="met_by" label="case.metBy" />
      {can("read_personal_data") && (
        <>
          <Text form={form} name="participants" label="case.participants" rows={2} />
          <Text form={form} name="preferences" label="case.preferences" rows={3} />
        </>
      )}
    </FormCard>
  );
}

function NewLesson(props: { path: string; onDone: () => void }) {
  const form = useForm({ cause: "target_misidentification" }, ["cause", "cause.kind", "cause.detail", "recommendation", "owner", "due"]);
  const v = form.values;
  const onSubmit = form.submit(["recommendation", "owner"], async () => {
    await send("POST", `${props.path}/lessons`, JSON.parse(JSON.stringify({
      cause: { kind: v.cause, detail: opt(v.cause_detail) },
      recommendation: v.recommendation.trim(),
      owner: v.owner.trim(),
      due: opt(v.due),
    })));
    form.setValues({ cause: "target_misidentification" });
    props.onDone();
  });
  return (
    <FormCard title={t("case.newLesson")} form={form} onSubmit={onSubmit} submit={t("case.addLesson")}>
      <div class="pair">
        <Choice form={form} name="cause" label="case.cause" values={causeKinds} group="cause" />
        <Text form={form} name="cause_detail" label="case.causeDetail" />
      </div>
      <Text form={form} name="recommendation" label="case.recommendation" rows={3} />
      <div class="pair">
        <Text form={form} name="owner" label="case.owner" />
        <Text form={form} name="due" label="case.due" type="date" />
      </div>
    </FormCard>
  );
}
