// Who is signed in and what they may do, as GET /api/v1/auth/session says. The UI shows only the
// pages and actions the permissions allow; the API checks every request again.
import { useEffect, useState } from "preact/hooks";
import { ApiError, get, send, setCsrfToken } from "./api";

export interface User {
  name: string;
  display_name?: string;
  organisation?: string;
  roles: string[];
  groups?: string[];
  disabled?: boolean;
}

export interface Session {
  user: User;
  permissions: string[];
  csrf_token: string | null;
}

type Listener = (s: Session | null) => void;
let current: Session | null = null;
let known = false;
const listeners = new Set<Listener>();

function set(s: Session | null) {
  current = s;
  known = true;
  setCsrfToken(s?.csrf_token ?? null);
  listeners.forEach((l) => l(s));
}

export function session(): Session | null {
  return current;
}

export function can(permission: string): boolean {
  return !!current?.permissions.includes(permission);
}

export async function refreshSession(): Promise<Session | null> {
  try {
    set(await get<Session>("/api/v1/auth/session"));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) set(null);
    else throw e;
  }
  return current;
}

export async function signIn(name: string, password: string): Promise<void> {
  await send("POST", "/api/v1/auth/login", { name, password });
  await refreshSession();
}

export async function signOut(): Promise<void> {
  try {
    await send("POST", "/api/v1/auth/logout");
  } finally {
    set(null);
  }
}

// The session, re-rendering the caller when it changes; undefined until the server has answered.
export function useSession(): Session | null | undefined {
  const [s, setS] = useState<Session | null | undefined>(known ? current : undefined);
  useEffect(() => {
    const l: Listener = (v) => setS(v);
    listeners.add(l);
    if (!known) refreshSession().catch(() => set(null));
    return () => {
      listeners.delete(l);
    };
  }, []);
  return s;
}
