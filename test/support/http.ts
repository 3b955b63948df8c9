import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { tokenFor, type Person } from './people';

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

export interface Api {
  url: string;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** A JSON PUT. */
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** The same API, called as another person. */
  as(person: Person): Api;
  /** The same API, called without a token. */
  anonymous(): Api;
  close(): Promise<void>;
}

/**
 * Serves the app on a free port and talks to it over real HTTP, as `person` (a leader at the org's root in most
 * suites; `as` and `anonymous` give others).
 */
export async function serve(app: express.Express, person?: Person): Promise<Api> {
  const server: Server = await new Promise((ready) => {
    const s = app.listen(0, '127.0.0.1', () => ready(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((done) => server.close(() => done()));
  return client(url, person, close);
}

function client(url: string, person: Person | undefined, close: () => Promise<void>): Api {
  let token: Promise<string> | undefined;
  const auth = async (): Promise<Record<string, string>> => {
    if (!person) return {};
    token ??= tokenFor(person);
    return { authorization: `Bearer ${await token}` };
  };
  const send = async (path: string, init: RequestInit & { headers: Record<string, string> }) => {
    const res = await fetch(url + path, { ...init, headers: { ...(await auth()), ...init.headers } });
    const text = await res.text();
    const json = /json/.test(res.headers.get('content-type') ?? '');
    return { status: res.status, body: text ? (json ? JSON.parse(text) : text) : undefined, headers: res.headers };
  };
  return {
    url,
    get: (path, headers = {}) => send(path, { headers }),
    post: (path, body, headers = {}) =>
      // FormData sets its own multipart content type; anything else is sent as JSON unless it is already text.
      body instanceof FormData
        ? send(path, { method: 'POST', headers, body })
        : send(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: typeof body === 'string' ? body : JSON.stringify(body ?? {}),
          }),
    put: (path, body, headers = {}) =>
      send(path, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
    as: (other) => client(url, other, close),
    anonymous: () => client(url, undefined, close),
    close,
  };
}
