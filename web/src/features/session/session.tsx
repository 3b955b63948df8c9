import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Role } from '../../app/pages';
import { ApiError, api, connection, request } from '../../api/client';
import { useConnection } from '../../api/hooks';
import { rememberedSession } from './remembered';

/** The signed-in person, as GET /api/session answers. */
export interface Person {
  subject: string;
  name: string;
  role: Role;
  unitId: string;
  /** Null when the unit is no longer in the org tree. */
  unitName: string | null;
}

export interface SessionInfo {
  person: Person;
  expiresAt: string;
}

export interface DemoPerson {
  id: string;
  name: string;
  role: Role;
  unitId: string;
  unitName?: string | null;
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedIn'; session: SessionInfo }
  | { status: 'signedOut'; expired: boolean }
  | { status: 'unreachable'; error: ApiError };

export const sessionApi = {
  current: () => request<SessionInfo>('/api/session', { quiet401: true }),
  signIn: (body: { token: string } | { demoPerson: string }) => api.post<SessionInfo>('/api/session', body, { quiet401: true }),
  signOut: () => api.delete<void>('/api/session', { quiet401: true }),
  /** The demo people to pick from; 404 when the API does not run the demo org. */
  demoPeople: async (): Promise<DemoPerson[] | undefined> => {
    try {
      const body = await api.get<DemoPerson[] | { people: DemoPerson[] }>('/api/session/demo-people');
      return Array.isArray(body) ? body : body.people;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 405)) return undefined;
      throw err;
    }
  },
};

interface SessionContextValue {
  state: SessionState;
  /** After POST /api/session answered. */
  signedIn: (session: SessionInfo) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { epoch } = useConnection();

  useEffect(() => {
    let live = true;
    // A 401 here is quiet (the shell's expired-session handler is for pages in use); it reads as expired only when
    // this browser was signed in and did not sign out.
    sessionApi
      .current()
      .then(
        (session) => {
          if (!live) return;
          rememberedSession.set();
          setState({ status: 'signedIn', session });
        },
        (err: unknown) => {
          if (!live) return;
          if (err instanceof ApiError && err.status === 401) setState({ status: 'signedOut', expired: rememberedSession.was() });
          else if (err instanceof ApiError) setState((s) => (s.status === 'signedIn' ? s : { status: 'unreachable', error: err }));
        },
      );
    return () => {
      live = false;
    };
    // Checked once, and again when the connection banner's retry is pressed while the API was unreachable.
  }, [epoch]);

  useEffect(() => {
    // Any request answered 401 after sign-in: the session expired (or was signed out in another tab).
    connection.onUnauthorized(() => setState((s) => (s.status === 'signedIn' ? { status: 'signedOut', expired: true } : s)));
    return () => connection.onUnauthorized(undefined);
  }, []);

  const signedIn = useCallback((session: SessionInfo) => {
    rememberedSession.set();
    setState({ status: 'signedIn', session });
  }, []);
  const signOut = useCallback(async () => {
    try {
      await sessionApi.signOut();
    } finally {
      rememberedSession.clear();
      setState({ status: 'signedOut', expired: false });
    }
  }, []);
  const value = useMemo(() => ({ state, signedIn, signOut }), [state, signedIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person; only inside the shell (RequireSession). */
export function usePerson(): Person {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('usePerson outside a signed-in page');
  return state.session.person;
}
