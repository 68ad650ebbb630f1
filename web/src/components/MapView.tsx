// A map of incidents on the Natural Earth countries bundled with the app (world-atlas): no tiles,
// nothing fetched from outside, so it works on a cut-off network. What to show for the visible box
// and zoom comes from `load` (the server clusters; a million incidents stay a few hundred marks).
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef, useState } from "preact/hooks";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import countries110m from "world-atlas/countries-110m.json";
import { num, t } from "../i18n";
import { describe } from "./ui";

export interface MapPoint {
  id: string;
  lat: number;
  lon: number;
  title: string;
  status?: string;
}
export interface MapCluster {
  count: number;
  text?: string; // shown instead of the count ("<5", a count not published)
  lat: number;
  lon: number;
  extent?: number[]; // west, south, east, north
  incident_id?: string;
}
export interface MapData {
  points: MapPoint[];
  clusters: MapCluster[];
  in_view?: number | string; // a string when not published ("<5")
}
export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
  zoom: number;
}

let baseLayer: GeoJSON.FeatureCollection | undefined;
function countries(): GeoJSON.FeatureCollection {
  if (!baseLayer) {
    const topo = countries110m as unknown as Topology<{ countries: GeometryCollection }>;
    baseLayer = feature(topo, topo.objects.countries) as GeoJSON.FeatureCollection;
  }
  return baseLayer;
}

// A mark acts on a click, and on Enter or Space when it has the keyboard focus.
function activate(mark: L.Marker, act: () => void): L.Marker {
  mark.on("click", act);
  mark.on("add", () =>
    mark.getElement()?.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        act();
      }
    }),
  );
  return mark;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round = (v: number) => Math.round(v * 1e5) / 1e5;

export function MapView(props: {
  load?: (box: Box) => Promise<MapData>;
  onPoint?: (id: string) => void;
  // Called once with the map, to add behaviour (a click that picks a position).
  onMap?: (m: L.Map) => void;
  // A point to mark (the position a form holds).
  marker?: [number, number];
  // Changes when the filters do, to load again.
  version?: string;
  initial?: { lat: number; lon: number; zoom: number };
  label: string;
}) {
  const div = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map>();
  const marks = useRef<L.LayerGroup>();
  const shown = useRef(new Map<string, L.Marker>());
  const [status, setStatus] = useState<{ text: string; error?: boolean }>({ text: "" });
  const loadRef = useRef(props.load);
  loadRef.current = props.load;
  const onPointRef = useRef(props.onPoint);
  onPointRef.current = props.onPoint;

  const refresh = async () => {
    const m = map.current;
    if (!m || !marks.current || !loadRef.current) return;
    const b = m.getBounds();
    const box: Box = {
      west: round(clamp(b.getWest(), -180, 180)),
      south: round(clamp(b.getSouth(), -90, 90)),
      east: round(clamp(b.getEast(), -180, 180)),
      north: round(clamp(b.getNorth(), -90, 90)),
      zoom: clamp(Math.round(m.getZoom()), 0, 24),
    };
    try {
      const data = await loadRef.current(box);
      // Marks that stay keep their element, so the keyboard focus and the page do not jump.
      const next = new Map<string, L.Marker>();
      const keep = (key: string, make: () => L.Marker) => {
        const mark = shown.current.get(key) ?? make();
        next.set(key, mark);
        if (!layer.hasLayer(mark)) layer.addLayer(mark);
      };
      const layer = marks.current;
      for (const c of data.clusters) {
        keep(`c:${c.lat}:${c.lon}:${c.count}:${c.text ?? ""}`, () => {
          const size = 24 + Math.min(28, Math.log10(c.count + 1) * 10);
          const shown = c.text ?? num(c.count);
          const mark = L.marker([c.lat, c.lon], {
            keyboard: true,
            autoPanOnFocus: false,
            title: t("map.cluster", { count: shown }),
            alt: t("map.cluster", { count: shown }),
            icon: L.divIcon({
              className: "map-cluster",
              html: `<span>${escapeHtml(shown)}</span>`,
              iconSize: [size, size],
            }),
          });
          return activate(mark, () => {
            if (c.count === 1 && c.incident_id) onPointRef.current?.(c.incident_id);
            else if (c.extent && c.extent.length === 4) {
              const [w, s, e, n] = c.extent;
              if (w === e && s === n) m.setView([s, w], Math.min(m.getZoom() + 3, 18));
              else m.fitBounds([[s, w], [n, e]], { padding: [20, 20] });
            } else m.setView([c.lat, c.lon], m.getZoom() + 2);
          });
        });
      }
      for (const p of data.points) {
        keep(`p:${p.id}`, () => {
          const mark = L.marker([p.lat, p.lon], {
            keyboard: true,
            autoPanOnFocus: false,
            title: p.title,
            alt: p.title,
            icon: L.divIcon({
              className: `map-point status-${p.status ?? "none"}`,
              iconSize: [14, 14],
            }),
          });
          return activate(mark, () => onPointRef.current?.(p.id));
        });
      }
      for (const [key, mark] of shown.current) if (!next.has(key)) layer.removeLayer(mark);
      shown.current = next;
      const inView = data.in_view ?? data.points.length + data.clusters.reduce((a, c) => a + c.count, 0);
      setStatus({ text: t("map.inView", { count: inView }) });
    } catch (e) {
      setStatus({ text: describe(e), error: true });
    }
  };

  useEffect(() => {
    if (!div.current) return;
    const m = L.map(div.current, {
      worldCopyJump: false,
      maxBounds: [
        [-90, -200],
        [90, 200],
      ],
      minZoom: 1,
      maxZoom: 18,
      attributionControl: true,
    });
    m.attributionControl.setPrefix(false);
    m.attributionControl.addAttribution("Natural Earth");
    L.geoJSON(countries(), {
      interactive: false,
      style: { color: "#6b7785", weight: 0.6, fillColor: "#e8e4d8", fillOpacity: 1 },
    }).addTo(m);
    marks.current = L.layerGroup().addTo(m);
    const start = props.initial ?? { lat: 20, lon: 20, zoom: 2 };
    m.setView([start.lat, start.lon], start.zoom);
    m.on("moveend", refresh);
    map.current = m;
    props.onMap?.(m);
    refresh();
    return () => {
      m.remove();
      map.current = undefined;
    };
  }, []);

  const pin = useRef<L.CircleMarker>();
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    pin.current?.remove();
    pin.current = undefined;
    if (props.marker) {
      pin.current = L.circleMarker(props.marker, { radius: 8, color: "#b3261e", weight: 3 }).addTo(m);
      if (!m.getBounds().contains(props.marker)) m.setView(props.marker, Math.max(m.getZoom(), 6));
    }
  }, [props.marker?.[0], props.marker?.[1]]);

  useEffect(() => {
    if (map.current) refresh();
  }, [props.version]);

  return (
    <div class="map-wrap">
      <div ref={div} class="map" role="region" aria-label={props.label} dir="ltr" />
      {props.load && (
        <p class={`map-status ${status.error ? "error" : ""}`} role="status" aria-live="polite">
          {status.text}
        </p>
      )}
    </div>
  );
}
