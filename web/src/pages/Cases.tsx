// The case work queues: cases past their stage's deadline, the backlog by stage and age, dismissed
// cases with new reports to review, and what amends came to, by currency and status.
import { get } from "../api";
import { date, label, num, t } from "../i18n";
import { Alert, Loading, useLoad, Head } from "../components/ui";

interface Overdue {
  cases: { incident_id: string; title?: string; stage: string; status: string; due: string; overdue_days: number }[];
}
interface Backlog {
  today: string;
  by_status: Record<string, number>;
  stages: { stage: string; count: number; overdue: number; median_age_days: number; oldest_age_days: number; by_age: Record<string, number> }[];
}
interface Review {
  cases: { incident_id: string; title?: string; status: string; found_on: string; new_reports: number; reason?: string }[];
}
interface Totals {
  totals: { amount: string; currency: string; payments: number; status: string }[];
}

const ages = ["0-7", "8-30", "31-90", "91-365", "over_365"];

export function Cases() {
  const overdue = useLoad(() => get<Overdue>("/api/v1/cases/overdue"), []);
  const backlog = useLoad(() => get<Backlog>("/api/v1/cases/backlog"), []);
  const review = useLoad(() => get<Review>("/api/v1/cases/review-queue"), []);
  const totals = useLoad(() => get<Totals>("/api/v1/amends/totals"), []);
  return (
    <section>
      <h1>{t("cases.title")}</h1>
      <h2>{t("cases.backlog")}</h2>
      <Alert error={backlog.error} />
      <Loading when={backlog.loading} />
      {backlog.data && (
        <table class="records">
          <thead>
            <tr>
              <th scope="col">{t("cases.stage")}</th>
              <th scope="col">{t("cases.open")}</th>
              <th scope="col">{t("cases.overdueCount")}</th>
              <th scope="col">{t("cases.medianAge")}</th>
              {ages.map((a) => (
                <th scope="col">{t("cases.age", { range: a.replace("over_", "> ") })}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {backlog.data.stages.map((s) => (
              <tr>
                <th scope="row">{label("stage", s.stage)}</th>
                <td class="num">{num(s.count)}</td>
                <td class="num">{num(s.overdue)}</td>
                <td class="num">{num(s.median_age_days)}</td>
                {ages.map((a) => (
                  <td class="num">{num(s.by_age[a] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("cases.overdue")}</h2>
      <Alert error={overdue.error} />
      {overdue.data && (
        <table class="records">
          <Head columns={[t("incident.title"), t("cases.stage"), t("incident.status"), t("cases.due"), t("cases.daysOverdue")]} />
          <tbody>
            {overdue.data.cases.slice(0, 200).map((c) => (
              <tr>
                <td>
                  <a href={`#/incidents/${c.incident_id}/case`}>{c.title || c.incident_id}</a>
                </td>
                <td>{label("stage", c.stage)}</td>
                <td>{label("status", c.status)}</td>
                <td>{date(c.due)}</td>
                <td class="num">{num(c.overdue_days)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {overdue.data && overdue.data.cases.length > 200 && <p class="aside">{t("cases.more", { count: overdue.data.cases.length - 200 })}</p>}
      <h2>{t("cases.review")}</h2>
      <Alert error={review.error} />
      {review.data && review.data.cases.length === 0 && <p>{t("cases.noReview")}</p>}
      {review.data && review.data.cases.length > 0 && (
        <table class="records">
          <Head columns={[t("incident.title"), t("incident.status"), t("cases.foundOn"), t("cases.newReports")]} />
          <tbody>
            {review.data.cases.map((c) => (
              <tr>
                <td>
                  <a href={`#/incidents/${c.incident_id}/case`}>{c.title || c.incident_id}</a>
                </td>
                <td>
                  {label("status", c.status)}
                  {c.reason && ` (${label("reason", c.reason)})`}
                </td>
                <td>{date(c.found_on)}</td>
                <td class="num">{num(c.new_reports)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("cases.amends")}</h2>
      <Alert error={totals.error} />
      {totals.data && (
        <table class="records">
          <Head columns={[t("case.currency"), t("cases.responseStatus"), t("cases.payments"), t("case.amount")]} />
          <tbody>
            {totals.data.totals.map((x) => (
              <tr>
                <td dir="ltr">{x.currency}</td>
                <td>{label("responseStatus", x.status)}</td>
                <td class="num">{num(x.payments)}</td>
                <td class="num" dir="ltr">
                  {x.amount}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
