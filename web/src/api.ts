// The one way the UI talks to the civharm API: same origin, the session cookie, the CSRF token on
// every request that changes something, and the API's errors ({ error: { code, message, field } })
// turned into ApiError, so that a form can show each message beside the field it names.

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    // Every problem the server found, when it lists them (a form with several wrong fields).
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function errorOf(resp: Response): Promise<ApiError> {
  try {
    const body = await resp.json();
    const e = body?.error;
    if (e && typeof e.message === "string") {
      const details = Array.isArray(e.details) ? (e.details as FieldProblem[]).filter((d) => d && typeof d.field === "string") : [];
      return new ApiError(resp.status, e.code ?? "unknown", e.message, e.field || undefined, details);
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError(resp.status, "unknown", `${resp.status} ${resp.statusText}`);
}

export async function request(
  method: string,
  path: string,
  options: { query?: Query; body?: unknown; text?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.text !== undefined) headers["Content-Type"] = "text/plain; charset=utf-8";
  if (method !== "GET" && method !== "HEAD" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let resp: Response;
  try {
    resp = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.text ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  } catch {
    throw new ApiError(0, "unavailable", "network");
  }
  if (!resp.ok) throw await errorOf(resp);
  return resp;
}

export async function get<T>(path: string, query?: Query): Promise<T> {
  return (await request("GET", path, { query })).json() as Promise<T>;
}

// `text`, when given, is sent as it is (a YAML document) instead of `body` as JSON.
export async function send<T>(method: string, path: string, body?: unknown, query?: Query, text?: string): Promise<T> {
  const resp = await request(method, path, { body, query, text });
  if (resp.status === 204) return undefined as T;
  const answer = await resp.text();
  return (answer ? JSON.parse(answer) : undefined) as T;
}
