// Pages are addressed by the part of the address after "#" ("#/incidents?status=credible"), so
// the server needs to know only "/" and every page can be bookmarked and shared.
import { useEffect, useState } from "preact/hooks";

export interface Route {
  path: string; // "/incidents/0190…"
  segments: string[]; // ["incidents", "0190…"]
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#/, "") || "/";
  const q = hash.indexOf("?");
  const path = q < 0 ? hash : hash.slice(0, q);
  return {
    path,
    segments: path.split("/").filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(q < 0 ? "" : hash.slice(q + 1)),
  };
}

export function href(path: string, params?: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v) p.set(k, v);
  const qs = p.toString();
  return `#${path}${qs ? `?${qs}` : ""}`;
}

export function navigate(path: string, params?: Record<string, string | undefined>) {
  location.hash = href(path, params);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => setRoute(currentRoute());
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
