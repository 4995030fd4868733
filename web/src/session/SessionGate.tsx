import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { createGraphqlClient } from '../graphql/client.js';
import { LoginPage } from './LoginPage.js';
import {
  loadSession,
  logout as logoutSession,
  onSessionEnd,
  type Session,
  type SessionEnd,
  saveSession,
} from './session.js';

export interface SessionState {
  session: Session;
  logout(): void;
}

const SessionContext = createContext<SessionState | null>(null);

/** Returns the signed-in session; only components below `SessionGate` may call it. */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession must be called inside SessionGate');
  return state;
}

/**
 * Shows the login screen until the user signs in, then `children` with a GraphQL client of their own. The client
 * and its cache are made anew for every session, so a later user never sees the previous one's results. When the
 * session ends (logout, or a 401 from the gateway) the login screen returns and shows why.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [ended, setEnded] = useState<SessionEnd | null>(null);

  useEffect(
    () =>
      onSessionEnd((end) => {
        setSession(null);
        setEnded(end);
      }),
    [],
  );

  const onLogin = useCallback((started: Session) => {
    saveSession(started);
    setEnded(null);
    setSession(started);
  }, []);
  const logout = useCallback(() => logoutSession(), []);

  const token = session?.token;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new token starts a new client with an empty cache.
  const client = useMemo(() => createGraphqlClient(), [token]);
  const state = useMemo(() => (session ? { session, logout } : null), [session, logout]);

  if (!state) return <LoginPage ended={ended} onLogin={onLogin} />;
  return (
    <SessionContext.Provider value={state}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}
