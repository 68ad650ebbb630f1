// The leadership framework: assessments of states against the Civilian Protection Monitor's
// categories and levels, each indicator with its level, rationale and evidence; the scorecard
// computed by the edition's rule; the figures from civharm's own records beside them; the
// roadmap to the next level; review by a second person before publication; comparisons.
import { useState } from "preact/hooks";
import { get, send } from "../api";
import { date, label, locale, num, t } from "../i18n";
import { navigate } from "../router";
import { can, session } from "../session";
import { Alert, Loading, useLoad, Head } from "../components/ui";
import { FormCard, Text, useForm } from "../components/forms";

const levels = ["leader", "emerging_leader", "engaged", "uncommitted", "regressive"];

interface Evidence {
  kind: string;
  title: string;
  url?: string;
  record_kind?: string;
  record_id?: string;
  note?: string;
}
interface IndicatorScore {
  indicator_id: string;
  level: string;
  rationale: string;
  evidence?: Evidence[];
}
interface LevelDecision {
  level: string;
  computed: string;
  overridden: boolean;
  reason?: string;
}
interface Assessment {
  id: string;
  version: number;
  state: string;
  force?: string;
  period: { from: string; to: string };
  edition: string;
  status: string;
  assessor: string;
  reviewer?: string;
  review_note?: string;
  indicators: IndicatorScore[];
  category_overrides?: Record<string, { level: string; reason: string }>;
  scorecard?: { categories: { id: number; name: string; level: LevelDecision | null }[]; overall: LevelDecision | null };
}
interface Framework {
  edition: string;
  title: string;
  categories: { id: number; name: string; description: string; indicators: { id: string; name: string; source: string }[] }[];
}
interface Roadmap {
  items: { subject: string; name: string; current: string; next?: string; next_description?: string; current_description: string }[];
}
interface EvidenceAnswer {
  allegations: number | string;
  metrics: { metric: string; description: string; indicators: string[]; kind: string; with: number | string; of: number | string; share?: number; median_days?: number }[];
}

export function Assessments() {
  const list = useLoad(() => get<{ items: Assessment[] }>("/api/v1/state-assessments"), []);
  const [chosen, setChosen] = useState<string[]>([]);
  const form = useForm({}, ["state", "force", "period.from", "period.to", "period"]);
  const v = form.values;
  const create = form.submit(["state", "period.from", "period.to"], async () => {
    const a = await send<Assessment>("POST", "/api/v1/state-assessments", {
      state: v.state.trim(),
      ...(v.force?.trim() ? { force: v.force.trim() } : {}),
      period: { from: v["period.from"], to: v["period.to"] },
    });
    navigate(`/framework/${a.id}`);
  });
  return (
    <section>
      <h1>{t("fw.title")}</h1>
      <Alert error={list.error} />
      <Loading when={list.loading && !list.data} />
      {list.data && (
        <table class="records">
          <Head columns={[t("fw.compareColumn"), t("fw.state"), t("fw.period"), t("fw.status"), t("fw.assessor")]} />
          <tbody>
            {list.data.items.map((a) => (
              <tr>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t("fw.compareOne", { state: a.state })}
                    checked={chosen.includes(a.id)}
                    onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, a.id] : chosen.filter((x) => x !== a.id))}
                  />
                </td>
                <td>
                  <a href={`#/framework/${a.id}`}>{a.state}</a>
                </td>
                <td>
                  {date(a.period.from)} – {date(a.period.to)}
                </td>
                <td>{label("scoreStatus", a.status)}</td>
                <td>{a.assessor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <button type="button" disabled={chosen.length < 2} onClick={() => navigate("/framework/compare", { ids: chosen.join(",") })}>
          {t("fw.compare")}
        </button>
      </p>
      {can("manage_framework") && <NewEdition />}
      {can("write_scores") && (
        <FormCard title={t("fw.new")} form={form} onSubmit={create} submit={t("fw.create")}>
          <div class="pair">
            <Text form={form} name="state" label="fw.state" />
            <Text form={form} name="force" label="fw.force" hint={t("fw.forceHint")} />
          </div>
          <div class="pair">
            <Text form={form} name="period.from" label="filter.date_from" type="date" />
            <Text form={form} name="period.to" label="filter.date_to" type="date" />
          </div>
        </FormCard>
      )}
    </section>
  );
}

// A revised framework edition, as YAML or JSON in the form of docs/leadership_framework.yaml: it
// is stored under its own name, and earlier assessments keep theirs.
function NewEdition() {
  const editions = useLoad(() => get<{ items: { edition: string; title: string; built_in?: boolean }[] }>("/api/v1/framework/editions"), []);
  const form = useForm({}, ["text"]);
  const store = form.submit(["text"], async () => {
    await send("POST", "/api/v1/framework/editions", undefined, undefined, form.values.text);
    form.setValues({});
    editions.reload();
  }, t("fw.editionStored"));
  return (
    <>
      <h2>{t("fw.editions")}</h2>
      <ul>
        {editions.data?.items.map((e) => (
          <li>
            <span dir="ltr">{e.edition}</span> — {e.title}
          </li>
        ))}
      </ul>
      <FormCard title={t("fw.newEdition")} form={form} onSubmit={store} submit={t("fw.storeEdition")}>
        <Text form={form} name="text" label="fw.editionText" rows={8} dir="ltr" hint={t("fw.editionHint")} />
      </FormCard>
    </>
  );
}

export function AssessmentPage(props: { id: string }) {
  const path = `/api/v1/state-assessments/${encodeURIComponent(props.id)}`;
  const a = useLoad(() => get<Assessment>(path), [props.id]);
  const fw = useLoad(() => (a.data ? get<Framework>(`/api/v1/framework/editions/${a.data.edition}`) : Promise.resolve(undefined)), [a.data?.edition]);
  const roadmap = useLoad(() => get<Roadmap>(`${path}/roadmap`), [props.id, a.data?.version]);
  // Without a force named, civharm has no records of its own to count.
  const evidence = useLoad(
    () => (a.data?.force ? get<EvidenceAnswer>(`${path}/evidence`) : Promise.resolve(undefined)),
    [props.id, a.data?.force],
  );
  const [edit, setEdit] = useState<Record<string, { level: string; rationale: string }>>({});
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (a.error) return <Alert error={a.error} />;
  if (!a.data) return <Loading when />;
  const x = a.data;
  const me = session()?.user.name;
  const editable = x.status === "draft" && can("write_scores");
  const scored = new Map(x.indicators.map((i) => [i.indicator_id, i]));
  const value = (id: string) => edit[id] ?? { level: scored.get(id)?.level ?? "", rationale: scored.get(id)?.rationale ?? "" };
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    setBusy(true);
    try {
      await fn();
      setEdit({});
      a.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    act(() => {
      const ids = new Set([...scored.keys(), ...Object.keys(edit)]);
      const indicators = [...ids]
        .map((id) => ({ id, v: value(id) }))
        .filter(({ v }) => v.level)
        .map(({ id, v }) => ({ indicator_id: id, level: v.level, rationale: v.rationale, evidence: scored.get(id)?.evidence ?? [] }));
      return send("PUT", path, {
        state: x.state,
        ...(x.force ? { force: x.force } : {}),
        period: x.period,
        edition: x.edition,
        indicators,
        ...(x.category_overrides ? { category_overrides: x.category_overrides } : {}),
        version: x.version,
      });
    });
  const roadmapItems = roadmap.data?.items ?? [];
  const categoryLevel = (id: number) => x.scorecard?.categories.find((c) => c.id === id)?.level;
  return (
    <article>
      <p class="aside">
        <a href="#/framework">← {t("fw.title")}</a>
      </p>
      <h1>
        {x.state} · {date(x.period.from)} – {date(x.period.to)}
      </h1>
      <p class="meta">
        <span class="badge" data-testid="score-status">
          {label("scoreStatus", x.status)}
        </span>
        {x.scorecard?.overall && (
          <span class="badge">
            {t("fw.overall")}: {label("level", x.scorecard.overall.level)}
          </span>
        )}
        {t("fw.by", { assessor: x.assessor, edition: x.edition })}
      </p>
      {x.review_note && <Alert kind="ok">{x.review_note}</Alert>}
      <Alert error={error} />
      <p>
        {(["pdf", "html", "xlsx"] as const).map((f) => (
          <>
            <a href={`${path}/scorecard?format=${f}&language=${locale()}`}>{t("fw.scorecard", { format: f.toUpperCase() })}</a>{" "}
          </>
        ))}
      </p>
      {fw.data?.categories.map((c) => {
        const level = categoryLevel(c.id);
        return (
          <section class="card">
            <h2>
              {c.id}. {c.name}
              {level && <span class="badge">{label("level", level.level)}{level.overridden ? ` (${t("fw.overridden")})` : ""}</span>}
            </h2>
            <p class="sub">{c.description}</p>
            {c.indicators.map((i) => {
              const v = value(i.id);
              return (
                <div class="indicator">
                  <h3>
                    {i.id} {i.name}
                  </h3>
                  {editable ? (
                    <div class="pair">
                      <div class="field">
                        <label for={`level-${i.id}`}>{t("fw.level")}</label>
                        <select id={`level-${i.id}`} value={v.level} onChange={(e) => setEdit({ ...edit, [i.id]: { ...v, level: e.currentTarget.value } })}>
                          <option value="">{t("fw.notScored")}</option>
                          {levels.map((l) => (
                            <option value={l}>{label("level", l)}</option>
                          ))}
                        </select>
                      </div>
                      <div class="field grow">
                        <label for={`rationale-${i.id}`}>{t("fw.rationale")}</label>
                        <textarea id={`rationale-${i.id}`} rows={2} value={v.rationale} onInput={(e) => setEdit({ ...edit, [i.id]: { ...v, rationale: e.currentTarget.value } })} />
                      </div>
                    </div>
                  ) : scored.get(i.id) ? (
                    <p>
                      <strong>{label("level", scored.get(i.id)!.level)}</strong> — {scored.get(i.id)!.rationale}
                    </p>
                  ) : (
                    <p class="sub">{t("fw.notScored")}</p>
                  )}
                  {(scored.get(i.id)?.evidence ?? []).length > 0 && (
                    <ul class="sub">
                      {scored.get(i.id)!.evidence!.map((e) => (
                        <li>
                          {e.url ? <a href={e.url} rel="noreferrer">{e.title}</a> : e.title}
                          {e.record_kind && ` (${e.record_kind})`}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              );
            })}
          </section>
        );
      })}
      <div class="actions">
        {editable && (
          <>
            <button type="button" class="primary" disabled={busy || Object.keys(edit).length === 0} onClick={save}>
              {t("fw.save")}
            </button>
            <button type="button" disabled={busy || Object.keys(edit).length > 0} onClick={() => act(() => send("POST", `${path}/submit`, { version: x.version }))}>
              {t("fw.submit")}
            </button>
          </>
        )}
      </div>
      {x.status === "under_review" && can("review_scores") && x.assessor !== me && (
        <div class="card">
          <label for="review-note">{t("fw.reviewNote")}</label>
          <textarea id="review-note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          <div class="actions">
            <button type="button" class="primary" disabled={busy} onClick={() => act(() => send("POST", `${path}/publish`, { version: x.version, ...(note.trim() ? { note: note.trim() } : {}) }))}>
              {t("fw.publish")}
            </button>
            <button type="button" disabled={busy} onClick={() => act(() => send("POST", `${path}/return`, { version: x.version, note: note.trim() }))}>
              {t("fw.return")}
            </button>
          </div>
        </div>
      )}
      <h2>{t("fw.evidence")}</h2>
      {!x.force && <p>{t("fw.noForce")}</p>}
      <Alert error={evidence.error} />
      {evidence.data && (
        <table class="records">
          <Head columns={[t("fw.metric"), t("fw.indicators"), t("fw.figure")]} />
          <tbody>
            {evidence.data.metrics.map((m) => (
              <tr>
                <td>{m.description}</td>
                <td dir="ltr">{m.indicators.join(", ")}</td>
                <td class="num">
                  {m.kind === "share"
                    ? `${typeof m.with === "number" ? num(m.with) : m.with} / ${typeof m.of === "number" ? num(m.of) : m.of}${m.share !== undefined ? ` (${num(Math.round(m.share * 1000) / 10)} %)` : ""}`
                    : m.median_days !== undefined
                      ? t("fw.medianDays", { days: m.median_days })
                      : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("fw.roadmap")}</h2>
      <Alert error={roadmap.error} />
      <ul class="roadmap">
        {roadmapItems
          .filter((r) => !r.subject.includes("."))
          .map((r) => (
            <li>
              <strong>
                {r.subject}. {r.name}
              </strong>
              : {label("level", r.current)}
              {r.next && (
                <>
                  {" → "}
                  {label("level", r.next)}
                  <div class="sub">{r.next_description}</div>
                </>
              )}
            </li>
          ))}
      </ul>
    </article>
  );
}

interface Comparison {
  assessments: { id: string; state: string; period: { from: string; to: string } }[];
  rows: { subject: string; name: string; levels: (string | null)[] }[];
}

export function Compare(props: { ids: string }) {
  const c = useLoad(() => get<Comparison>("/api/v1/state-assessments/comparison", { ids: props.ids }), [props.ids]);
  if (c.error) return <Alert error={c.error} />;
  if (!c.data) return <Loading when />;
  return (
    <section>
      <h1>{t("fw.comparison")}</h1>
      <p>
        <a href={`/api/v1/state-assessments/comparison?ids=${props.ids}&format=csv`}>{t("portal.download", { format: "CSV" })}</a> ·{" "}
        <a href={`/api/v1/state-assessments/comparison?ids=${props.ids}&format=xlsx`}>{t("portal.download", { format: "XLSX" })}</a>
      </p>
      <div class="scroll">
        <table class="records">
          <thead>
            <tr>
              <td />
              {c.data.assessments.map((a) => (
                <th scope="col">
                  {a.state}
                  <div class="sub">
                    {date(a.period.from)} – {date(a.period.to)}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.data.rows.map((r) => (
              <tr class={r.subject.includes(".") ? "" : "category"}>
                <th scope="row">
                  {r.subject === "overall" ? t("fw.overall") : `${r.subject} ${r.name}`}
                </th>
                {r.levels.map((l) => (
                  <td>{l ? label("level", l) : "—"}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
