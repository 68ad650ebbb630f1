// One incident: what is known, its sources side by side with where they disagree, the range over
// all of them, the people harmed (names only for roles that may read personal data: the API
// leaves them out for others and this page shows no column for them), and its timeline.
import { get } from "../api";
import { date, label, num, range, t } from "../i18n";
import type { CountRange, EventFacts, Incident, Page } from "../records";
import { civiliansKilled, place } from "../records";
import { can } from "../session";
import { Alert, Loading, useLoad } from "../components/ui";
import { Linking } from "../components/Linking";
import { VictimForm } from "../components/VictimForm";
import { IncidentEdit } from "../components/IncidentEdit";
import { Retract } from "../components/Retract";

interface Source extends EventFacts {
  report: string;
  source_name?: string;
  source_type?: string;
  reference_code?: string;
  reliability?: string;
  credibility?: number;
}
interface Sources {
  incident: Incident;
  range: { casualties: Record<string, CountRange>; date: { start: string; end: string }; sources: number };
  sources: Source[];
}
type SourcesOrIncident = Omit<Sources, "range"> & { range?: Sources["range"] };

interface Victim {
  id: string;
  version: number;
  names?: { lang?: string; name: string }[];
  age?: number;
  age_group?: string;
  sex?: string;
  status: string;
  outcome: string;
  source_name?: string;
}
interface Timeline {
  entries: { at: string; kind: string; record_id?: string; summary: string }[];
}

function casualtyOf(s: EventFacts, key: string): CountRange | undefined {
  const [status, outcome] = key.split("_");
  return s.casualties?.[status]?.[outcome] as CountRange | undefined;
}

function Row(props: { head: string; values: string[]; all?: string }) {
  const distinct = new Set(props.values.filter((v) => v !== ""));
  const disagree = distinct.size > 1;
  return (
    <tr class={disagree ? "disagree" : ""}>
      <th scope="row">
        {props.head}
        {disagree && <span class="flag">{t("incident.disagree")}</span>}
      </th>
      {props.values.map((v) => (
        <td>{v}</td>
      ))}
      <td class="all">{props.all ?? ""}</td>
    </tr>
  );
}

export function IncidentPage(props: { id: string }) {
  const path = `/api/v1/incidents/${encodeURIComponent(props.id)}`;
  // Roles that may not read reports see the incident alone, without its sources and timeline.
  const withSources = can("read_reports");
  const sources = useLoad<SourcesOrIncident>(
    () =>
      withSources
        ? get<Sources>(`${path}/sources`)
        : get<Incident>(path).then((incident) => ({ incident, sources: [], range: undefined }) as SourcesOrIncident),
    [props.id],
  );
  const timeline = useLoad(
    () => (withSources && can("read_cases") ? get<Timeline>(`${path}/timeline`) : Promise.resolve(undefined)),
    [props.id],
  );
  const victims = useLoad(
    () =>
      can("read_victims")
        ? get<Page<Victim>>("/api/v1/victims", { incident_id: props.id, limit: 1000 })
        : Promise.resolve(undefined),
    [props.id],
  );
  if (sources.error) return <Alert error={sources.error} />;
  if (!sources.data) return <Loading when />;
  const { incident: i, sources: list, range: all } = sources.data;
  const personal = can("read_personal_data");
  const casualtyKeys = all ? Object.keys(all.casualties) : [];

  return (
    <article class="incident">
      <h1>{i.title || t("incident.untitled")}</h1>
      <p class="meta">
        <span class={`badge status-${i.status}`}>{label("status", i.status)}</span>
        {i.external_grade && (
          <span class="badge">
            {t("incident.grade")}: {label("grade", i.external_grade)}
          </span>
        )}
        {i.retraction && <span class="badge warn">{t("incident.retracted")}</span>}
      </p>
      <dl class="facts">
        <dt>{t("incident.date")}</dt>
        <dd>
          {date(i.date.start)}
          {i.date.end && i.date.end !== i.date.start ? ` – ${date(i.date.end)}` : ""}
          {i.date.time ? ` ${i.date.time}` : ""} ({label("precision", i.date.precision)})
        </dd>
        <dt>{t("incident.place")}</dt>
        <dd>
          {place(i.location)}
          {i.location?.lat !== undefined && (
            <span class="coords" dir="ltr">
              {" "}
              ({i.location.lat}, {i.location.lon})
            </span>
          )}
          {i.location?.place_names?.map((n) => (
            <>
              {" · "}
              <bdi class="place-name" lang={n.lang}>
                {n.name}
              </bdi>
            </>
          ))}
        </dd>
        <dt>{t("incident.belligerents")}</dt>
        <dd>
          {(i.belligerents ?? []).map((b) => `${b.name} (${label("attribution", b.attribution)})`).join("; ")}
        </dd>
        <dt>{t("incident.means")}</dt>
        <dd>{[i.means?.weapon, i.means?.tactic, i.means?.strike_type].filter(Boolean).join(" · ")}</dd>
        <dt>{t("incident.civiliansKilled")}</dt>
        <dd>{range(civiliansKilled(i))}</dd>
        {i.civilian_objects && i.civilian_objects.length > 0 && (
          <>
            <dt>{t("incident.objects")}</dt>
            <dd>{i.civilian_objects.map((o) => o.description || label("object", o.kind)).join("; ")}</dd>
          </>
        )}
        {i.effects && i.effects.length > 0 && (
          <>
            <dt>{t("incident.effects")}</dt>
            <dd>{i.effects.map((o) => o.description || label("effect", o.kind)).join("; ")}</dd>
          </>
        )}
      </dl>
      {i.description && <p class="description">{i.description}</p>}
      {can("write_incidents") && <IncidentEdit key={i.version} incident={i} onDone={sources.reload} />}
      {can("read_cases") && (
        <p>
          <a href={`#/incidents/${i.id}/case`}>{t("incident.case")}</a>
        </p>
      )}

      {all && (
        <>
      <h2>{t("incident.sourcesTitle", { count: list.length })}</h2>
      <div class="scroll">
        <table class="side-by-side">
          <thead>
            <tr>
              <td />
              {list.map((s) => (
                <th scope="col">
                  {s.source_name}
                  <div class="sub">
                    {label("source", s.source_type)} · <span dir="ltr">{s.reference_code}</span>
                  </div>
                  <Retract collection="reports" id={s.report} onDone={sources.reload} />
                </th>
              ))}
              <th scope="col" class="all">
                {t("incident.allSources")}
              </th>
            </tr>
          </thead>
          <tbody>
            <Row
              head={t("incident.grading")}
              values={list.map((s) => `${s.reliability ?? "?"}${s.credibility ?? "?"}`)}
            />
            <Row
              head={t("incident.date")}
              values={list.map((s) => date(s.date.start) + (s.date.time ? ` ${s.date.time}` : ""))}
              all={
                all.date.start === all.date.end
                  ? date(all.date.start)
                  : `${date(all.date.start)} – ${date(all.date.end)}`
              }
            />
            <Row head={t("incident.place")} values={list.map((s) => place(s.location))} />
            <Row
              head={t("incident.belligerents")}
              values={list.map((s) => (s.belligerents ?? []).map((b) => b.name).join("; "))}
            />
            <Row head={t("incident.weapon")} values={list.map((s) => s.means?.weapon ?? "")} />
            {casualtyKeys.map((k) => (
              <Row
                head={label("casualty", k)}
                values={list.map((s) => range(casualtyOf(s, k)))}
                all={range(all.casualties[k])}
              />
            ))}
          </tbody>
        </table>
      </div>
        </>
      )}

      {can("write_incidents") && can("read_reports") && (
        <Linking incident={i.id} reports={list.map((x) => ({ id: x.report, name: `${x.source_name ?? ""} ${x.reference_code ?? ""}`.trim() }))} />
      )}

      {victims.data && (
        <>
          <h2>{t("incident.victimsTitle", { count: victims.data.items.length })}</h2>
          {victims.data.items.length > 0 && (
            <table class="records victims">
              <thead>
                <tr>
                  {personal && <th scope="col">{t("victim.name")}</th>}
                  <th scope="col">{t("victim.outcome")}</th>
                  <th scope="col">{t("victim.status")}</th>
                  <th scope="col">{t("victim.age")}</th>
                  <th scope="col">{t("victim.sex")}</th>
                  <th scope="col">{t("victim.list")}</th>
                  <td />
                </tr>
              </thead>
              <tbody>
                {victims.data.items.map((v) => (
                  <tr>
                    {personal && (
                      <td>
                        {(v.names ?? []).map((n) => (
                          <div lang={n.lang} dir="auto">
                            {n.name}
                          </div>
                        ))}
                      </td>
                    )}
                    <td>{label("outcome", v.outcome)}</td>
                    <td>{label("casualtyStatus", v.status)}</td>
                    <td>{v.age !== undefined ? num(v.age) : label("age", v.age_group)}</td>
                    <td>{label("sex", v.sex)}</td>
                    <td>{v.source_name}</td>
                    <td>
                      <Retract collection="victims" id={v.id} version={v.version} onDone={victims.reload} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <Alert error={victims.error} />
      {can("write_victims") && <VictimForm incident={i.id} onDone={victims.reload} />}

      {timeline.data && <h2>{t("incident.timeline")}</h2>}
      <Alert error={timeline.error} />
      {timeline.data && (
        <ol class="timeline">
          {timeline.data.entries.map((e) => (
            <li>
              <time dateTime={e.at}>{date(e.at, true)}</time> <span class="badge">{label("timeline", e.kind)}</span>{" "}
              {e.summary}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
