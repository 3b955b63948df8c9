import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowConsoleErrors, signIn } from './support/browser';
import { LEADER, webSuite } from './support/suite';

/**
 * Journey 6, its second half: a page on another origin cannot write with the leader's session cookie. The attacker
 * is a real page served from another port (same site: the SameSite=Strict cookie IS sent, so only the CSRF header
 * stands in the way) and from another host name (cross-site: the cookie is not sent at all). Each attempt tries to
 * create an assignment; the list of assignments shows whether anything happened.
 */
const web = webSuite();

const ASSIGNMENT = { directiveId: 'care-fund-establishment', scopeUnitId: '610600', note: 'csrf probe' };

/** A form that posts a JSON-looking text/plain body (the classic way a form forges JSON), and a fetch that tries harder. */
function attackerPage(target: string): string {
  const [name, value] = [JSON.stringify(ASSIGNMENT).slice(0, -1) + ',"x":"', '"}'];
  const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll("'", '&#39;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>attacker</title></head><body>
<form id="forged" method="POST" action="${target}/api/assignments" enctype="text/plain">
  <input type="hidden" name='${escape(name)}' value='${escape(value)}'>
  <button type="submit">win a prize</button>
</form>
</body></html>`;
}

let attacker: Server;
let attackerPort: number;

beforeAll(async () => {
  attacker = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(attackerPage(web.url));
  });
  await new Promise<void>((ready) => attacker.listen(0, '127.0.0.1', ready));
  attackerPort = (attacker.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((done) => attacker.close(() => done()));
});

async function assignmentCount(): Promise<number> {
  const res = await web.stack.api.get('/api/assignments?scopeUnitId=610600');
  expect(res.status).toBe(200);
  return res.body.total as number;
}

describe('a cross-site write with the session cookie', () => {
  it('is refused with 403 csrf from another origin of the same site, and creates nothing', async () => {
    const page = await web.page('desktop');
    await signIn(page, web.url, LEADER);
    const before = await assignmentCount();

    await page.goto(`http://127.0.0.1:${attackerPort}/`);
    const answer = page.waitForResponse((r) => r.url() === `${web.url}/api/assignments` && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'win a prize' }).click();
    const res = await answer;
    // 403 csrf, not 401: the cookie was sent (same site) and named the leader, and the missing header refused it.
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe('csrf');

    // A script on that origin cannot add the header either: it would need a CORS preflight the API never grants.
    await page.goto(`http://127.0.0.1:${attackerPort}/`);
    allowConsoleErrors(page, /CORS policy|net::ERR_FAILED/);
    const scripted = await page.evaluate<string, { target: string; body: string }>(
      async ({ target, body }) => {
        try {
          const r = await fetch(`${target}/api/assignments`, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json', 'X-Duban-CSRF': '1' },
            body,
          });
          return `answered ${r.status}`;
        } catch (err) {
          return `blocked: ${String(err)}`;
        }
      },
      { target: web.url, body: JSON.stringify(ASSIGNMENT) },
    );
    expect(scripted).toMatch(/^blocked/);

    expect(await assignmentCount()).toBe(before);
  });

  it('goes without the cookie from another site (SameSite=Strict), and is refused as unauthenticated', async () => {
    const page = await web.page('desktop');
    await signIn(page, web.url, LEADER);
    const before = await assignmentCount();

    // localhost and 127.0.0.1 are different sites: the browser leaves the Strict cookie off.
    await page.goto(`http://localhost:${attackerPort}/`);
    const answer = page.waitForResponse((r) => r.url() === `${web.url}/api/assignments` && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'win a prize' }).click();
    const res = await answer;
    expect(res.status()).toBe(401);
    expect(await assignmentCount()).toBe(before);
  });

  it('succeeds from the app itself, which sends the header (so the refusals above are the defence, not a broken write)', async () => {
    const page = await web.page('desktop');
    await signIn(page, web.url, LEADER);
    const before = await assignmentCount();
    // The app's page (its CSP allows connecting to its own origin; /api's own CSP allows nothing).
    await page.goto(`${web.url}/`);
    const status = await page.evaluate<number, string>(
      async (body) =>
        (
          await fetch('/api/assignments', {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'content-type': 'application/json', 'X-Duban-CSRF': '1' },
            body,
          })
        ).status,
      JSON.stringify({ ...ASSIGNMENT, note: 'from the app' }),
    );
    expect(status).toBe(201);
    expect(await assignmentCount()).toBe(before + 1);
  });
});
