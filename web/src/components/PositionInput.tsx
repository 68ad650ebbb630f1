// Where something happened: coordinates, an MGRS grid reference, or a click on the map. Each is
// checked with the server as it is typed (GET /api/v1/geo/position), so a wrong reference is
// named before the form is sent; the map shows the point.
import L from "leaflet";
import { useRef, useState } from "preact/hooks";
import { ApiError, get } from "../api";
import { t } from "../i18n";
import { Field } from "./ui";
import { MapView } from "./MapView";

export interface Position {
  lat?: number;
  lon?: number;
  mgrs?: string;
}
interface Answer {
  mgrs: string;
  lat: number;
  lon: number;
  digits: number;
  square_m: number;
}

export function PositionInput(props: {
  value: Position;
  onChange: (p: Position) => void;
  errors: Record<string, string | undefined>;
}) {
  const [lat, setLat] = useState(props.value.lat?.toString() ?? "");
  const [lon, setLon] = useState(props.value.lon?.toString() ?? "");
  const [mgrs, setMgrs] = useState(props.value.mgrs ?? "");
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const [square, setSquare] = useState<string>("");
  const seq = useRef(0);
  // The map's click handler is made once: it reads the form's position through this.
  const current = useRef(props);
  current.current = props;

  const check = async (query: Record<string, string>, then: (a: Answer) => void, field: string) => {
    const mine = ++seq.current;
    try {
      const a = await get<Answer>("/api/v1/geo/position", query);
      if (mine !== seq.current) return;
      setLocal({});
      then(a);
    } catch (e) {
      if (mine !== seq.current) return;
      setLocal({ [field]: e instanceof ApiError ? e.message : String(e) });
    }
  };

  const fromCoordinates = (la: string, lo: string) => {
    setLat(la);
    setLon(lo);
    if (la.trim() === "" && lo.trim() === "") {
      setLocal({});
      return current.current.onChange({ mgrs: current.current.value.mgrs });
    }
    if (la.trim() === "" || lo.trim() === "") {
      return setLocal({ [la.trim() === "" ? "lat" : "lon"]: t("form.bothCoordinates") });
    }
    check({ lat: la.trim(), lon: lo.trim() }, (a) => {
      setSquare(t("position.mgrsOf", { mgrs: a.mgrs }));
      current.current.onChange({ lat: Number(la), lon: Number(lo), mgrs: current.current.value.mgrs });
    }, Number.isNaN(Number(la)) ? "lat" : "lon");
  };

  const fromMgrs = (m: string) => {
    setMgrs(m);
    if (m.trim() === "") {
      setLocal({});
      setSquare("");
      return current.current.onChange({ lat: current.current.value.lat, lon: current.current.value.lon });
    }
    check({ mgrs: m.trim() }, (a) => {
      setSquare(t("position.square", { mgrs: a.mgrs, metres: a.square_m }));
      current.current.onChange({ lat: current.current.value.lat, lon: current.current.value.lon, mgrs: a.mgrs });
    }, "mgrs");
  };

  const error = (k: string) => local[k] ?? props.errors[k];
  const point = props.value.lat !== undefined && props.value.lon !== undefined ? props.value : undefined;

  return (
    <fieldset class="position">
      <legend>{t("position.legend")}</legend>
      <div class="pair">
        <Field label={t("form.lat")} error={error("lat")}>
          {(id, d) => (
            <input id={id} dir="ltr" inputMode="decimal" aria-describedby={d} aria-invalid={!!error("lat")} value={lat} onInput={(e) => fromCoordinates(e.currentTarget.value, lon)} />
          )}
        </Field>
        <Field label={t("form.lon")} error={error("lon")}>
          {(id, d) => (
            <input id={id} dir="ltr" inputMode="decimal" aria-describedby={d} aria-invalid={!!error("lon")} value={lon} onInput={(e) => fromCoordinates(lat, e.currentTarget.value)} />
          )}
        </Field>
      </div>
      <Field label={t("position.mgrs")} error={error("mgrs")} hint={square || t("position.mgrsHint")}>
        {(id, d) => (
          <input id={id} dir="ltr" aria-describedby={d} aria-invalid={!!error("mgrs")} value={mgrs} onInput={(e) => fromMgrs(e.currentTarget.value)} />
        )}
      </Field>
      <p class="hint">{t("position.click")}</p>
      <MapView
        label={t("position.map")}
        onMap={(m) => {
          m.on("click", (e: L.LeafletMouseEvent) => {
            const la = e.latlng.lat.toFixed(6);
            const lo = L.Util.wrapNum(e.latlng.lng, [-180, 180], true).toFixed(6);
            fromCoordinates(la, lo);
          });
        }}
        marker={point ? [point.lat!, point.lon!] : undefined}
        initial={point ? { lat: point.lat!, lon: point.lon!, zoom: 8 } : undefined}
      />
    </fieldset>
  );
}
