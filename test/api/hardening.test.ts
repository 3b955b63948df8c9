import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { issueToken } from '../../platform/tokens';
import { serve, type Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { testAppSettings, testTokens } from '../support/people';
import { startStack, type Stack } from '../support/stack';

describe('API hardening: tokens, headers, write limits and request logs', () => {
  let stack: Stack;
  let api: Api;
  const lines: Array<Record<string, any>> = [];

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    // A second app on the same engine and read model, with a low write limit and its log captured.
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = createApp({
      client: stack.env.client,
      readModel: stack.readModel,
      taskQueue: 'unused',
      ...testAppSettings(),
      writeRateLimit: 3,
      anonymousWriteRateLimit: 3,
      logger: pino({ level: 'info' }, sink),
    });
    api = await serve(app, { role: 'leader', unitId: 'c1', name: '市领导' });
  });

  afterAll(async () => {
    await api?.close();
    await stack?.stop();
  });

  it('answers only /health without a token; a bad, foreign, expired or unsigned token is 401', async () => {
    expect((await api.anonymous().get('/health')).status).toBe(200);
    const none = await api.anonymous().get('/api/catalog');
    expect(none).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect(none.headers.get('www-authenticate')).toBe('Bearer');

    const person = { subject: 's', name: 'n', role: 'leader' as const, unitId: 'c1' };
    const foreign = await issueToken({ ...testTokens, secret: new Uint8Array(32).fill(7) }, person);
    const expired = await issueToken(testTokens, person, Math.floor(Date.now() / 1000) - 3600);
    const otherAudience = await issueToken({ ...testTokens, audience: 'another-app' }, person);
    const [header, payload] = (await issueToken(testTokens, person)).split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    for (const token of [foreign, expired, otherAudience, `${header}.${payload}.`, unsigned, 'not-a-token']) {
      const res = await api.anonymous().get('/api/catalog', { authorization: `Bearer ${token}` });
      expect(res.status, token.slice(0, 20)).toBe(401);
    }
    // The scheme is case-insensitive.
    expect((await api.anonymous().get('/api/catalog', { authorization: `bearer ${await issueToken(testTokens, person)}` })).status).toBe(200);
    const late = await api.anonymous().get('/api/catalog', { authorization: `Bearer ${expired}` });
    expect(late.body.error.message).toBe('the token has expired');
    const badRole = await issueToken(testTokens, { ...person, role: 'god' as never });
    expect((await api.anonymous().get('/api/catalog', { authorization: `Bearer ${badRole}` })).body.error.message).toMatch(/role/);
  });

  it('sends security headers and no framework banner', async () => {
    const res = await api.get('/api/catalog');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('limits writes per person with 429 and Retry-After, and never limits reads', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.post('/api/tasks/nope/urge', { note: 'x' })).status);
    expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const limited = await api.post('/api/tasks/nope/urge', {});
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api.get('/api/catalog')).status).toBe(200);
  });

  it('counts each person behind one address apart: an office sending at once is not limited, one person over it is', async () => {
    // Five people of one office, all from this test's single address, each up to the limit of 3 at once: 15 writes,
    // which a limit per address would have cut to 3.
    const office = Array.from({ length: 5 }, (_, i) => api.as({ role: 'leader', unitId: 'c1', name: `科员${i + 1}` }));
    const burst = await Promise.all(office.flatMap((person) => [1, 2, 3].map(() => person.post('/api/tasks/nope/urge', { note: 'x' }))));
    expect(burst.map((r) => r.status)).toEqual(Array(15).fill(404));
    // The fourth write of one of them is over their own limit; the others' counts are untouched by it.
    const over = await office[0]!.post('/api/tasks/nope/urge', { note: 'x' });
    expect(over.status).toBe(429);
    expect(over.body.error.message).toMatch(/from one person/);
    expect((await api.as({ role: 'leader', unitId: 'c1', name: '科员6' }).post('/api/tasks/nope/urge', {})).status).toBe(404);
  });

  it('counts writes without a valid token per address, and still answers 401 under the limit', async () => {
    const anonymous = api.anonymous();
    const bad = { authorization: 'Bearer not.a.token' };
    const statuses = [
      (await anonymous.post('/api/tasks/nope/urge', {})).status,
      (await anonymous.post('/api/tasks/nope/urge', {}, bad)).status,
      (await anonymous.post('/api/tasks/nope/urge', {})).status,
    ];
    expect(statuses).toEqual([401, 401, 401]);
    // No token and a token that is not valid share the address's count.
    const over = await anonymous.post('/api/tasks/nope/urge', {}, bad);
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/without a valid token from this address/) });
    // A signed-in person at the same address keeps their own count.
    expect((await api.as({ role: 'leader', unitId: 'c1', name: '科员7' }).post('/api/tasks/nope/urge', {})).status).toBe(404);
  });

  it('logs one structured line per request under its request id, without the token', async () => {
    const res = await api.get('/api/org', { 'x-request-id': 'trace-hardening-1' });
    expect(res.headers.get('x-request-id')).toBe('trace-hardening-1');
    const line = lines.find((l) => l.requestId === 'trace-hardening-1');
    expect(line).toMatchObject({ msg: 'request completed', res: { statusCode: 200 }, req: { method: 'GET', url: '/api/org' } });
    expect(line!.req.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(lines)).not.toMatch(/eyJ[\w-]+\.eyJ/);

    const refused = await api.get('/api/tasks/nope', { 'x-request-id': 'bad id with spaces' });
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused.body.error.requestId).toBe(refused.headers.get('x-request-id'));
  });
});
