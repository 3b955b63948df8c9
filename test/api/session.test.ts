import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { generateDemoOrg } from '../../domain/demo-org';
import { issueToken } from '../../platform/tokens';
import { serve, type Api } from '../support/http';
import { testAppSettings, testTokens, tokenFor } from '../support/people';
import { startStack, type Stack } from '../support/stack';

const CITY = '610600';
const BAOTA = '610602';

interface Raw {
  status: number;
  body: any;
  headers: Headers;
}

/** A request as a browser sends it: no bearer token unless given, the cookie it keeps, any body as is. */
async function raw(url: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  const res = await fetch(url + path, { method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body });
  const text = await res.text();
  return { status: res.status, body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text, headers: res.headers };
}

/** The session cookie a response sets: its value and attributes. */
function sessionCookie(res: Raw): { value: string; attributes: string[] } {
  const line = res.headers.getSetCookie().find((c) => c.startsWith('duban_session='));
  if (!line) throw new Error(`no session cookie in ${res.status} ${JSON.stringify(res.body)}`);
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { value: (pair as string).slice('duban_session='.length), attributes };
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('browser sessions: cookie sign-in, demo people, CSRF', () => {
  let stack: Stack;
  let api: Api;
  /** The same read model served as a real installation (demo switched off). */
  let real: Api;
  /** What the real installation's app logs. */
  let logged = '';

  beforeAll(async () => {
    stack = await startStack(generateDemoOrg());
    api = stack.api;
    const app = createApp({ client: stack.env.client, readModel: stack.readModel, taskQueue: stack.taskQueue, ...testAppSettings(), demoSwitch: 'off',
      logger: pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => ((logged += String(chunk)), done()) })),
    });
    real = await serve(app);
  });

  afterAll(async () => {
    await real?.close();
    await stack?.stop();
  });

  const signInAs = async (demoPerson: string) => sessionCookie(await raw(api.url, '/api/session', json({ demoPerson }))).value;

  it('lists the demo people only on the demo, and signs one in with a 12 h httpOnly SameSite=Strict cookie, audited', async () => {
    const people = await raw(api.url, '/api/session/demo-people');
    expect(people.status).toBe(200);
    expect(people.body.people.map((p: { name: string; role: string }) => [p.name, p.role])).toEqual([
      ['王局长', 'leader'],
      ['李督办', 'supervisor'],
      ['张专干', 'staff'],
    ]);
    expect(people.body.people[0]).toMatchObject({ id: `demo/${CITY}/leader`, unitId: CITY, unitName: '延安市' });
    const staff = people.body.people[2];

    const before = Date.now();
    const res = await raw(api.url, '/api/session', json({ demoPerson: staff.id }));
    expect(res.status).toBe(200);
    expect(res.body.person).toEqual({ subject: staff.id, name: '张专干', role: 'staff', unitId: staff.unitId, unitName: staff.unitName });
    const cookie = sessionCookie(res);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict']));
    // Plain http: a Secure cookie would never come back, so it is not marked Secure here.
    expect(cookie.attributes).not.toContain('Secure');
    const maxAge = Number(cookie.attributes.find((a) => a.startsWith('Max-Age='))?.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(12 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);
    expect(Date.parse(res.body.expiresAt) - before).toBeGreaterThan(12 * 3600_000 - 60_000);
    // The cookie is not handed to page script in the body.
    expect(JSON.stringify(res.body)).not.toContain(cookie.value);

    const issued = (await stack.readModel.audit.inSubtree((await stack.readModel.org.get(staff.unitId))!.path, { limit: 50, offset: 0 })).entries.find(
      (e) => e.action === 'token.issue' && e.subjectId === staff.id,
    );
    expect(issued).toMatchObject({ subjectType: 'token', actor: { subject: staff.id, issuedBy: 'demo sign-in' }, after: { issuedBy: 'demo sign-in', role: 'staff' } });

    // Behind a proxy that says the request came over https, the cookie is Secure.
    const proxied = await raw(api.url, '/api/session', json({ demoPerson: staff.id }, { 'x-forwarded-proto': 'https' }));
    expect(sessionCookie(proxied).attributes).toContain('Secure');

    // A real installation offers no demo people and signs none in.
    expect((await raw(real.url, '/api/session/demo-people')).status).toBe(404);
    const refused = await raw(real.url, '/api/session', json({ demoPerson: staff.id }));
    expect(refused).toMatchObject({ status: 403, body: { error: { field: 'demoPerson' } } });
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect((await raw(api.url, '/api/session', json({ demoPerson: 'demo/nowhere/leader' }))).status).toBe(400);
  });

  it('exchanges a token for the cookie, answers GET /api/session with it, and refuses bad or expired ones', async () => {
    const token = await tokenFor({ role: 'supervisor', unitId: BAOTA, name: '区督办' });
    const res = await raw(real.url, '/api/session', json({ token }));
    expect(res.status).toBe(200);
    const cookie = sessionCookie(res).value;
    expect(cookie).toBe(token);

    const session = await raw(real.url, '/api/session', { headers: { cookie: `other=1; duban_session=${cookie}` } });
    expect(session).toMatchObject({ status: 200, body: { person: { name: '区督办', role: 'supervisor', unitId: BAOTA, unitName: '宝塔区' } } });
    // The cookie reads the API as the bearer token does.
    expect((await raw(real.url, `/api/units/${BAOTA}/summary`, { headers: { cookie: `duban_session=${cookie}` } })).status).toBe(200);
    expect((await raw(real.url, '/api/session')).status).toBe(401);

    // The bearer wins over the cookie.
    const leader = await tokenFor({ role: 'leader', unitId: CITY, name: '市领导' });
    const both = await raw(real.url, '/api/session', { headers: { cookie: `duban_session=${cookie}`, authorization: `Bearer ${leader}` } });
    expect(both.body.person).toMatchObject({ role: 'leader', unitId: CITY });

    const expired = await issueToken(testTokens, { subject: 'x', name: '过期', role: 'leader', unitId: CITY }, Math.floor(Date.now() / 1000) - 3600);
    expect(await raw(real.url, '/api/session', json({ token: expired }))).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated', field: 'token' } } });
    expect((await raw(real.url, '/api/session', json({ token: 'not-a-token' }))).status).toBe(401);
    const stale = await raw(real.url, '/api/catalog', { headers: { cookie: `duban_session=${expired}` } });
    expect(stale).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect(stale.body.error.message).toContain('expired');
    // Sign-in takes JSON only: a cross-site form cannot post it.
    const form = await raw(real.url, '/api/session', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}` });
    expect(form.status).toBe(415);
    expect(form.headers.getSetCookie()).toEqual([]);
    // The token reaches no log line: not the cookie sent, nor the one set.
    expect(logged).toContain('"set-cookie":"[redacted]"');
    expect(logged).toContain('"cookie":"[redacted]"');
    expect(logged).not.toContain(token.split('.')[2]);
  });

  it('refuses a cross-site form post made with the cookie and changes nothing; the CSRF header lets it through', async () => {
    const cookie = await signInAs(`demo/${CITY}/leader`);
    const count = async () => (await api.get(`/api/assignments?scopeUnitId=${BAOTA}&limit=1000`)).body.total as number;
    const before = await count();

    // What a page on another site can make a browser send: a form post, with the cookie, without custom headers.
    const form = await raw(api.url, '/api/assignments', {
      method: 'POST',
      headers: { cookie: `duban_session=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `directiveId=care-fund-establishment&scopeUnitId=${BAOTA}`,
    });
    expect(form).toMatchObject({ status: 403, body: { error: { code: 'csrf' } } });
    expect(form.body.error.message).toContain('X-Duban-CSRF');
    const plain = await raw(api.url, '/api/assignments', json({ directiveId: 'care-fund-establishment', scopeUnitId: BAOTA }, { cookie: `duban_session=${cookie}` }));
    expect(plain).toMatchObject({ status: 403, body: { error: { code: 'csrf' } } });
    expect(await count()).toBe(before);

    const made = await raw(api.url, '/api/assignments', json({ directiveId: 'care-fund-establishment', scopeUnitId: BAOTA }, { cookie: `duban_session=${cookie}`, 'x-duban-csrf': '1' }));
    expect(made.status).toBe(201);
    expect(made.body.taskCount).toBe(1);
    expect(await count()).toBe(before + 1);
    // The bearer API is unchanged: no header needed.
    expect((await api.post('/api/assignments', { directiveId: 'care-fund-establishment', scopeUnitId: BAOTA })).status).toBe(201);
  });

  it('signs out with DELETE /api/session (a cookie write like any other: it needs the header)', async () => {
    const cookie = await signInAs(`demo/${CITY}/supervisor`);
    const headers = { cookie: `duban_session=${cookie}` };
    expect((await raw(api.url, '/api/session', { method: 'DELETE', headers })).status).toBe(403);
    const out = await raw(api.url, '/api/session', { method: 'DELETE', headers: { ...headers, 'x-duban-csrf': '1' } });
    expect(out.status).toBe(204);
    const cleared = out.headers.getSetCookie().find((c) => c.startsWith('duban_session='));
    expect(cleared).toMatch(/^duban_session=;/);
    expect(cleared).toContain('Expires=Thu, 01 Jan 1970');
  });
});
