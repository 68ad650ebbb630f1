// The incident list and map, over the same filters, which live in the page's address so that a
// view can be bookmarked and shared.
import { useMemo, useState } from "preact/hooks";
import { ApiError, get, withQuery } from "../api";
import { date, label, range, t } from "../i18n";
import { type Incident, type Page, civiliansKilled, grades, place, statuses } from "../records";
import { type Route, href, navigate } from "../router";
import { Alert, Field, Loading, Pager, useLoad, Head } from "../components/ui";
import { type Box, type MapData, MapView } from "../components/MapView";

const filterNames = ["q", "date_from", "date_to", "status", "grade", "country", "belligerent"] as const;
type Filters = Partial<Record<(typeof filterNames)[number] | "sort" | "view", string>>;

function filtersOf(route: Route): Filters {
  const f: Filters = {};
  for (const k of [...filterNames, "sort", "view"] as const) {
    const v = route.params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

function apiFilters(f: Filters) {
  const q: Record<string, string | undefined> = {};
  for (const k of filterNames) q[k] = f[k];
  return q;
}

interface ClusterAnswer {
  in_view: number;
  points: { id: string; lat: number; lon: number; date: string; status: string; civilians_killed?: unknown }[];
  clusters: { count: number; lat: number; lon: number; extent: number[]; incident_id?: string }[];
}

export function Incidents(props: { route: Route }) {
  const filters = filtersOf(props.route);
  const [draft, setDraft] = useState<Filters>(filters);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const key = JSON.stringify(filters);
  const view = filters.view === "map" ? "map" : "list";

  const apply = (e: Event) => {
    e.preventDefault();
    setCursor(undefined);
    navigate("/incidents", { ...draft, view: filters.view });
  };
  const list = useLoad(
    () =>
      view === "list"
        ? get<Page<Incident>>("/api/v1/incidents", {
            ...apiFilters(filters),
            sort: filters.sort,
            limit: 50,
            cursor,
          })
        : Promise.resolve(undefined),
    [key, cursor, view],
  );
  const loadMap = useMemo(
    () =>
      async (box: Box): Promise<MapData> => {
        const a = await get<ClusterAnswer>("/api/v1/map/clusters", {
          ...apiFilters(filters),
          zoom: box.zoom,
          bbox: `${box.west},${box.south},${box.east},${box.north}`,
          // Single incidents once few enough are in view; clusters of 48-pixel cells before.
          max_points: 200,
          cell: 48,
        });
        return {
          in_view: a.in_view,
          clusters: a.clusters,
          points: a.points.map((p) => ({
            id: p.id,
            lat: p.lat,
            lon: p.lon,
            status: p.status,
            title: `${date(p.date)} · ${label("status", p.status)}`,
          })),
        };
      },
    [key],
  );

  // A filter the API refuses is named beside its field.
  const refused = list.error instanceof ApiError && list.error.field ? list.error : undefined;
  const errorOf = (name: string) => (refused?.field === name ? refused.message : undefined);
  const input = (name: keyof Filters, type = "text") => (id: string, d: string | undefined) => (
    <input
      id={id}
      type={type}
      aria-invalid={!!errorOf(name)}
      aria-describedby={d}
      value={draft[name] ?? ""}
      onInput={(e) => setDraft({ ...draft, [name]: e.currentTarget.value })}
    />
  );
  const select = (name: keyof Filters, values: readonly string[], group: string) => (id: string) => (
    <select id={id} value={draft[name] ?? ""} onChange={(e) => setDraft({ ...draft, [name]: e.currentTarget.value })}>
      <option value="">{t("filter.any")}</option>
      {values.map((v) => (
        <option value={v}>{label(group, v)}</option>
      ))}
    </select>
  );

  return (
    <section>
      <div class="title-row">
        <h1>{t("incidents.title")}</h1>
        <div class="tabs" role="tablist">
          <a role="tab" aria-selected={view === "list"} href={href("/incidents", { ...filters, view: undefined })}>
            {t("incidents.list")}
          </a>
          <a role="tab" aria-selected={view === "map"} href={href("/incidents", { ...filters, view: "map" })}>
            {t("incidents.map")}
          </a>
        </div>
      </div>
      <form class="filters" onSubmit={apply} aria-label={t("filter.label")}>
        <Field label={t("filter.q")} error={errorOf("q")}>{input("q", "search")}</Field>
        <Field label={t("filter.date_from")} error={errorOf("date_from")}>{input("date_from", "date")}</Field>
        <Field label={t("filter.date_to")} error={errorOf("date_to")}>{input("date_to", "date")}</Field>
        <Field label={t("filter.status")} error={errorOf("status")}>{select("status", statuses, "status")}</Field>
        <Field label={t("filter.grade")} error={errorOf("grade")}>{select("grade", grades, "grade")}</Field>
        <Field label={t("filter.country")} error={errorOf("country")}>{input("country")}</Field>
        <Field label={t("filter.belligerent")} error={errorOf("belligerent")}>{input("belligerent")}</Field>
        {view === "list" && (
          <Field label={t("filter.sort")} error={errorOf("sort")}>
            {select("sort", ["newest", "oldest", "date", "-date"], "sort")}
          </Field>
        )}
        <div class="actions">
          <button type="submit" class="primary">
            {t("filter.apply")}
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft({});
              navigate("/incidents", { view: filters.view });
            }}
          >
            {t("filter.clear")}
          </button>
        </div>
      </form>
      {view === "map" ? (
        <MapView
          label={t("incidents.map")}
          load={loadMap}
          version={key}
          onPoint={(id) => navigate(`/incidents/${id}`)}
        />
      ) : (
        <>
          {!(refused && filterNames.includes(refused.field as (typeof filterNames)[number])) && <Alert error={list.error} />}
          <Loading when={list.loading && !list.data} />
          {list.data && (
            <>
              <table class="records" aria-busy={list.loading}>
                <caption class="visually-hidden">{t("incidents.title")}</caption>
                <Head columns={[t("incident.date"), t("incident.title"), t("incident.place"), t("incident.status"), t("incident.civiliansKilled"), t("incident.sources")]} />
                <tbody>
                  {list.data.items.map((i) => (
                    <tr key={i.id}>
                      <td>{date(i.date.start)}</td>
                      <td>
                        <a href={`#/incidents/${i.id}`}>{i.title || i.description?.slice(0, 80) || i.id}</a>
                      </td>
                      <td>{place(i.location)}</td>
                      <td>
                        <span class={`badge status-${i.status}`}>{label("status", i.status)}</span>
                      </td>
                      <td class="num">{range(civiliansKilled(i))}</td>
                      <td class="num">{i.report_ids?.length ?? 0}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {list.data.items.length === 0 && <p>{t("incidents.none")}</p>}
              <Pager
                key={key}
                cursor={cursor}
                next={list.data.next_cursor}
                onPage={(c) => setCursor(c)}
              />
              <p class="aside">
                <a href={withQuery("/api/v1/incidents", { ...apiFilters(filters), limit: 1000 })}>
                  {t("incidents.json")}
                </a>
              </p>
            </>
          )}
        </>
      )}
    </section>
  );
}
