/**
 * The one way the web app talks to the API. It sends the session cookie (same origin) and, on every write, the CSRF
 * header the API requires of cookie-authenticated writes; it turns the API's `{error:{code,message,field,requestId}}`
 * into an ApiError, and reports the two things the shell handles for every page: the API being unreachable (a banner
 * with retry) and the session having ended (back to sign-in, then to the page).
 */

export const CSRF_HEADER = 'X-Duban-CSRF';

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the API could not be reached at all. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The API did not answer (network error, or a proxy's 502/503/504 while it is down). */
  get unreachable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  /** A JSON body, or FormData for uploads. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not report a 401 to the shell (the session check itself, the sign-in page). */
  quiet401?: boolean;
}

// ---- the shell's view of the connection: whether the API answers, and whether the session ended ----

type Listener = () => void;

interface ConnectionState {
  /** The last request could not reach the API. */
  down: boolean;
  /** Bumped by retry(): data hooks refetch when it changes. */
  epoch: number;
}

let state: ConnectionState = { down: false, epoch: 0 };
const listeners = new Set<Listener>();
let onUnauthorized: (() => void) | undefined;

function setState(next: Partial<ConnectionState>): void {
  const merged = { ...state, ...next };
  if (merged.down === state.down && merged.epoch === state.epoch) return;
  state = merged;
  for (const l of listeners) l();
}

export const connection = {
  get: (): ConnectionState => state,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Ask every page to load its data again. */
  retry(): void {
    setState({ epoch: state.epoch + 1 });
  },
  /** The shell's handler for a request answered 401: the session expired or was signed out elsewhere. */
  onUnauthorized(handler: (() => void) | undefined): void {
    onUnauthorized = handler;
  },
};

export function urlOf(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const e = (body as { error?: { code?: string; message?: string; field?: string; requestId?: string } } | undefined)?.error;
  return new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.field, e?.requestId);
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (method !== 'GET') headers[CSRF_HEADER] = '1';
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(urlOf(path, options.query), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    setState({ down: true });
    throw new ApiError(0, 'unreachable', err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    const error = await errorOf(res);
    setState({ down: error.unreachable });
    if (res.status === 401 && !options.quiet401) onUnauthorized?.();
    throw error;
  }
  setState({ down: false });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PATCH', body }),
  delete: <T>(path: string, options: Omit<RequestOptions, 'method'> = {}) => request<T>(path, { ...options, method: 'DELETE' }),
};
