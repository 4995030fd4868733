/**
 * The signed-in user's session: the gateway's access token and the identity from `POST /auth/login`. It lives in
 * `sessionStorage`, so it ends with the browser tab. Other tabs and later visits do not see it, except a tab that the
 * browser duplicates, which starts with a copy.
 */

export type UserLevel = 'DISTRICT' | 'STREET' | 'COMMUNITY' | 'GRID';
export type Department =
  | 'governance'
  | 'police'
  | 'housing'
  | 'market'
  | 'fire'
  | 'utilities'
  | 'audit'
  | 'urban_management'
  | 'education'
  | 'school'
  | 'civil_affairs'
  | 'procuratorate';
export type Role = 'commander' | 'analyst' | 'grid_worker' | 'staff' | 'auditor' | 'video_feed';

/** The identity the gateway returns with a token (`Identity` of the subgraph kit). */
export interface SessionUser {
  sub: string;
  name: string;
  level: UserLevel;
  /** Division code of the user's org unit: 6 digits for a district, 9 for a street, 12 for a community, 15 for a grid. */
  orgUnit: string;
  department: Department;
  roles: Role[];
}

export interface Session {
  token: string;
  /** ISO 8601 time at which the gateway stops accepting the token. */
  expiresAt: string;
  user: SessionUser;
}

const SESSION_KEY = 'lianfang.session';
const PURPOSE_KEY = 'lianfang.purpose';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Storage can be blocked (e.g. by site settings); the session then lasts until the page is reloaded.
    return null;
  }
}

function isSession(value: unknown): value is Session {
  const session = value as Partial<Session> | null;
  return (
    typeof session?.token === 'string' &&
    typeof session.expiresAt === 'string' &&
    typeof session.user?.sub === 'string' &&
    typeof session.user.orgUnit === 'string' &&
    Array.isArray(session.user.roles)
  );
}

let current: Session | null = null;

/** Reads the stored session, or null when there is none, it is unreadable or its token has expired. */
export function loadSession(): Session | null {
  if (current) return current;
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(SESSION_KEY) ?? 'null');
    if (isSession(parsed) && Date.parse(parsed.expiresAt) > Date.now()) current = parsed;
  } catch {
    current = null;
  }
  return current;
}

export function saveSession(session: Session): void {
  current = session;
  storage()?.setItem(SESSION_KEY, JSON.stringify(session));
}

/** Why the session ended: the user logged out, or the gateway rejected the token (expired or revoked). */
export type SessionEnd = 'logout' | 'expired';

const endListeners = new Set<(end: SessionEnd) => void>();

/** Calls `listener` whenever the session ends; returns the function that removes it. */
export function onSessionEnd(listener: (end: SessionEnd) => void): () => void {
  endListeners.add(listener);
  return () => endListeners.delete(listener);
}

/** Deletes the token and the declared purpose, and notifies the listeners, which show the login screen. */
export function endSession(end: SessionEnd): void {
  const hadSession = current !== null || storage()?.getItem(SESSION_KEY) !== null;
  current = null;
  storage()?.removeItem(SESSION_KEY);
  storage()?.removeItem(PURPOSE_KEY);
  // Several requests can fail with 401 at once; the login screen needs to hear about it once.
  if (!hadSession && end === 'expired') return;
  for (const listener of endListeners) listener(end);
}

/**
 * Logs out: asks the gateway to revoke the token, so a copy of it stops working too, and ends the session at once.
 * The login screen does not wait for the gateway; a failed revocation leaves the token to expire on its own.
 */
export function logout(): void {
  const token = loadSession()?.token;
  if (token) {
    void fetch('/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(
      () => undefined,
    );
  }
  endSession('logout');
}

/** Returns the purpose (e.g. a case number) the user declared in this session, or null. */
export function loadPurpose(): string | null {
  return storage()?.getItem(PURPOSE_KEY) ?? null;
}

export function savePurpose(purpose: string | null): void {
  if (purpose === null) storage()?.removeItem(PURPOSE_KEY);
  else storage()?.setItem(PURPOSE_KEY, purpose);
}

/** Analysts and auditors write their own queries in the workbench; the gateway refuses free text from others. */
export function mayUseWorkbench(user: SessionUser): boolean {
  return user.roles.includes('analyst') || user.roles.includes('auditor');
}

/**
 * Only analysts may introspect the schema. The gateway rejects introspection from anyone else with 403
 * INTROSPECTION_FORBIDDEN, so the workbench starts GraphiQL without a schema for them.
 */
export function mayIntrospect(user: SessionUser): boolean {
  return user.roles.includes('analyst');
}
