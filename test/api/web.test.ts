import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { serve, type Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { testAppSettings } from '../support/people';
import { startStack, type Stack } from '../support/stack';
import { fixtureDist } from '../support/web-dist';

const nonceOf = (html: string) => /<meta name="csp-nonce" content="([^"]*)">/.exec(html)?.[1];

describe('the web app served at / beside the JSON API', () => {
  let stack: Stack;
  let api: Api;
  /** The same API without a built web app. */
  let unbuilt: Api;

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG, { app: { webDist: fixtureDist() } });
    api = stack.api;
    const app = createApp({ client: stack.env.client, readModel: stack.readModel, taskQueue: stack.taskQueue, ...testAppSettings(), webDist: join(tmpdir(), 'duban-no-such-dist') });
    unbuilt = await serve(app, { role: 'leader', unitId: 'c1' });
  });

  afterAll(async () => {
    await unbuilt?.close();
    await stack?.stop();
  });

  it('answers every page path with index.html, a fresh nonce in it and in the CSP, without a sign-in', async () => {
    const anonymous = api.anonymous();
    const first = await anonymous.get('/');
    const second = await anonymous.get('/tasks/a1.k1');
    for (const page of [first, second]) {
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.body).not.toContain('__DUBAN_NONCE__');
      const nonce = nonceOf(page.body) as string;
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
      expect(page.headers.get('content-security-policy')).toBe(
        `default-src 'self'; script-src 'self'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
      );
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(nonceOf(first.body)).not.toBe(nonceOf(second.body));
    // index.html asked for by name is the same page, never the raw file with its placeholder.
    const named = await anonymous.get('/index.html');
    expect(named.body).not.toContain('__DUBAN_NONCE__');
    expect(nonceOf(named.body)).toBeDefined();
    const head = await fetch(`${api.url}/supervise/overdue`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('serves built files: hashed assets cached for a year, a missing asset 404, never the page in its place', async () => {
    const script = await api.anonymous().get('/assets/index-abc123.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(script.body).toContain('督办');
    const icon = await api.anonymous().get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    const missing = await api.anonymous().get('/assets/index-gone.js');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('keeps /api the JSON API: its strict CSP, 401 without sign-in, JSON 404 and 405', async () => {
    // Express routes case-insensitively: an odd-cased API path is still the API, not the page.
    expect((await api.get('/API/org')).headers.get('content-type')).toMatch(/json/);
    const data = await api.get('/api/org');
    expect(data.status).toBe(200);
    expect(data.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await api.anonymous().get('/api/org')).status).toBe(401);
    const unknown = await api.get('/api/no-such-thing');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const wrongMethod = await api.post('/api/org', {});
    expect(wrongMethod).toMatchObject({ status: 405, body: { error: { code: 'method_not_allowed' } } });
    // A write to a page path is not the page.
    expect((await api.anonymous().post('/tasks', {})).status).toBe(401);
  });

  it('says how to build the app when it is not built, without a stack trace', async () => {
    const page = await unbuilt.anonymous().get('/');
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(page.body).toContain('npm run build:web');
    expect(page.body).not.toMatch(/ at |Error/);
    expect((await unbuilt.get('/api/org')).status).toBe(200);
  });
});
