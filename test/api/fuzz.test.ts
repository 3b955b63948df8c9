import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type express from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { recurringScheduleId } from '../../api/recurring-schedule';
import { reachOf, ROLES, type Action, type Role } from '../../domain/access';
import { FIRST_YEAR, LAST_YEAR } from '../../domain/calendar';
import { CATALOG, eventTypes } from '../../domain/catalog';
import { toZonedIso } from '../../domain/time';
import { logger } from '../../platform/logger';
import { issueToken } from '../../platform/tokens';
import { SMALL_ORG } from '../support/org';
import { testAppSettings, testTokens, tokenFor } from '../support/people';
import { startStack, type Stack } from '../support/stack';
import { png } from '../support/evidence-files';
import { eventually } from '../support/temporal';
import { fixtureDist, isWebAppRequest } from '../support/web-dist';
import { TEST_2027 } from '../support/arrangements';

/**
 * A property-based fuzz of the whole API over real HTTP, on the real stack: random and malformed routes, ids, query
 * strings, bodies, content types and tokens. Whatever comes in, the API answers below 500 with a JSON error that
 * shows no stack; a rejected request leaves the read model exactly as it was; and without a valid token nothing but
 * GET /health is answered with anything but 401.
 *
 * Seeds are random, so every run explores new inputs; fast-check prints the seed and the shrunk request of a failure.
 * Replay one with FUZZ_SEED=<seed> (the read model's state differs between runs, so a replay is close, not exact);
 * FUZZ_SCALE=<n> runs n times as many requests, FUZZ_DEBUG=1 prints one line per exchange.
 */

/** Every route of the app; the first test checks this against the routes express has registered. */
const ROUTES = [
  'GET /health',
  'POST /api/petitions/import',
  'POST /api/petitions/campaigns',
  'GET /api/petitions/campaigns',
  'GET /api/petitions/campaigns/:campaignId',
  'GET /api/petitions',
  'GET /api/petitions/:caseId',
  'POST /api/petitions/:caseId/accept',
  'POST /api/petitions/:caseId/extend',
  'POST /api/petitions/:caseId/reply',
  'POST /api/petitions/:caseId/review-request',
  'POST /api/petitions/:caseId/review-answer',
  'POST /api/petitions/:caseId/re-review-request',
  'POST /api/petitions/:caseId/re-review-answer',
  'POST /api/petitions/:caseId/close',
  'POST /api/petitions/:caseId/screenings/:campaignId',
  'POST /api/org/import',
  'POST /api/tokens',
  'POST /api/evidence',
  'POST /api/speeches',
  'GET /api/evidence/:sha256',
  'GET /api/evidence/:sha256/meta',
  'GET /api/catalog',
  'GET /api/catalog/:directiveId',
  'POST /api/directives',
  'GET /api/directives',
  'GET /api/directives/:directiveId',
  'PUT /api/directives/:directiveId',
  'POST /api/directives/:directiveId/publish',
  'GET /api/calendar/:year',
  'PUT /api/calendar/:year/arrangement',
  'GET /api/org',
  'GET /api/org/units/:unitId',
  'POST /api/assignments',
  'GET /api/assignments',
  'GET /api/assignments/preview',
  'GET /api/assignments/:assignmentId',
  'GET /api/assignments/:assignmentId/rollup',
  'GET /api/assignments/:assignmentId/progress',
  'POST /api/recurring',
  'POST /api/recurring/preview',
  'GET /api/recurring',
  'GET /api/recurring/:id',
  'POST /api/recurring/:id/pause',
  'POST /api/recurring/:id/resume',
  'GET /api/tasks',
  'GET /api/tasks/:taskId',
  'GET /api/tasks/:taskId/history',
  'POST /api/tasks/:taskId/steps/:stepId/complete',
  'POST /api/tasks/:taskId/urge',
  'POST /api/tasks/:taskId/extension',
  'POST /api/tasks/:taskId/extension/decision',
  'POST /api/tasks/:taskId/return',
  'POST /api/tasks/:taskId/accept',
  'POST /api/tasks/:taskId/acknowledge',
  'POST /api/tasks/:taskId/decline',
  'POST /api/tasks/:taskId/reassign',
  'POST /api/tasks/:taskId/cancel',
  'POST /api/tasks/:taskId/split',
  'POST /api/tasks/:taskId/close',
  'POST /api/bulletins',
  'GET /api/bulletins',
  'GET /api/bulletins/:id',
  'GET /api/overdue',
  'GET /api/units/:unitId/summary',
  'GET /api/units/:unitId/ranking',
  'GET /api/units/:unitId/history',
  'POST /api/events',
  'GET /api/events/types',
  'POST /api/units/:unitId/attestations',
  'GET /api/units/:unitId/attestations',
  'GET /api/units/:unitId/standards',
  'GET /api/notifications',
  'POST /api/notifications/:id/read',
] as const;

const ROOT = 'c1';
/** A town-level one-off directive: assigned at the root, its one task is at t1. */
const DIRECTIVE = 'implement-work-report';
/** A yearly recurring directive: its schedule fires on 1 January only, never during the run. */
const RECURRING_DIRECTIVE = 'year-end-scorecard';
const CAMPAIGN = 'fz-rescreening';
const DAY_MS = 24 * 3600 * 1000;
const inDays = (days: number) => toZonedIso(Date.now() + days * DAY_MS);
const dateIn = (days: number) => inDays(days).slice(0, 10);
const BODY_LIMIT_BYTES = 64 * 1024;

// -----------------------------------------------------------------------------------------------------------------
// The read model's digest

/**
 * sha256 of every row of every table of the read model's two schemas, per table (named schema.table), the rows
 * ordered by all their columns: the same rows give the same digest whatever order they were written in.
 */
async function tableDigests(stack: Stack): Promise<Map<string, string>> {
  const db = stack.readModel.db;
  const tables = (await db
    .prepare(
      `SELECT t.table_schema AS schema, t.table_name AS name, count(c.column_name) AS columns
         FROM information_schema.tables t
         JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
        WHERE t.table_type = 'BASE TABLE' AND t.table_schema IN ('record', 'projection')
        GROUP BY t.table_schema, t.table_name
        ORDER BY t.table_schema, t.table_name`,
    )
    .all()) as Array<{ schema: string; name: string; columns: number }>;
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const digests = new Map<string, string>();
  for (const { schema, name, columns } of tables) {
    const hash = createHash('sha256');
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    for (const row of await db.prepare(`SELECT * FROM ${quote(schema)}.${quote(name)} ORDER BY ${order}`).raw().all()) {
      hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
      hash.update('\n');
    }
    digests.set(`${schema}.${name}`, hash.digest('hex'));
  }
  return digests;
}

const digestOf = (tables: Map<string, string>) => createHash('sha256').update(JSON.stringify([...tables])).digest('hex');

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the read model has not changed for `quietMs`: workflows started by a write have settled. */
async function settle(stack: Stack, quietMs: number, timeoutMs = 30_000): Promise<Map<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let last = await tableDigests(stack);
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`the read model kept changing for ${timeoutMs} ms`);
    await sleep(100);
    const now = await tableDigests(stack);
    if (digestOf(now) !== digestOf(last)) {
      last = now;
      since = Date.now();
    }
  }
  return last;
}

// -----------------------------------------------------------------------------------------------------------------
// Routes registered in the express app

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function registeredRoutes(app: express.Express): string[] {
  const walk = (stack: Layer[]): string[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        const methods = Object.keys(layer.route.methods).filter((m) => layer.route?.methods[m]);
        return paths.flatMap((path) => methods.map((m) => `${m.toUpperCase()} ${path}`));
      }
      return layer.handle?.stack ? walk(layer.handle.stack) : [];
    });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
}

// -----------------------------------------------------------------------------------------------------------------
// Tokens

interface TokenCase {
  label: string;
  /** The role of a valid token. */
  role?: Role;
  /** The Authorization header, or none. */
  header?: string;
  /** Signed with the API's key, in date, for the API's issuer and audience, with well-formed claims. */
  valid: boolean;
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const hmac = (signingInput: string, secret: Uint8Array) => createHmac('sha256', secret).update(signingInput).digest('base64url');

/** A compact JWS over any header and payload, HMAC-SHA256 with the given key whatever the header says. */
function signRaw(header: unknown, payload: unknown, secret: Uint8Array = testTokens.secret): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${hmac(input, secret)}`;
}

const nowS = () => Math.floor(Date.now() / 1000);

function goodClaims(): Record<string, unknown> {
  return { name: '张三', role: 'leader', unit: ROOT, iss: testTokens.issuer, aud: testTokens.audience, sub: 'fuzz/leader', iat: nowS(), exp: nowS() + 3600, jti: 'j1' };
}

const notIn = (values: readonly unknown[]) => (v: unknown) => !values.some((x) => x === v);

/** For each claim, values that make a token invalid for certain (or `undefined`: the claim left out). */
function invalidClaim(): fc.Arbitrary<[string, unknown]> {
  const json = fc.jsonValue({ maxDepth: 2 });
  const absent = fc.constant(undefined);
  const notString = json.filter((v) => typeof v !== 'string');
  return fc.oneof(
    fc.tuple(fc.constant('role'), fc.oneof(absent, fc.constantFrom('god', 'Leader', 'root', ''), json.filter(notIn(ROLES)))),
    fc.tuple(fc.constant('unit'), fc.oneof(absent, notString, fc.constantFrom('', 'a/b', '../c1', 'x'.repeat(65), 'c1 ', '单位'))),
    fc.tuple(fc.constant('sub'), fc.oneof(absent, notString, fc.constantFrom('', 's'.repeat(201)))),
    fc.tuple(fc.constant('name'), fc.oneof(absent, notString, fc.constantFrom('', '   ', 'n'.repeat(101)))),
    fc.tuple(fc.constant('exp'), fc.oneof(absent, notString.filter((v) => typeof v !== 'number'), fc.integer({ min: 31, max: 10_000_000 }).map((s) => nowS() - s))),
    fc.tuple(fc.constant('nbf'), fc.oneof(fc.constantFrom('soon'), fc.integer({ min: 120, max: 10_000_000 }).map((s) => nowS() + s))),
    fc.tuple(fc.constant('iat'), fc.oneof(fc.constantFrom('now', null, true), fc.constant({}))),
    fc.tuple(fc.constant('iss'), fc.oneof(absent, json.filter(notIn([testTokens.issuer])))),
    fc.tuple(
      fc.constant('aud'),
      fc.oneof(absent, json.filter((v) => v !== testTokens.audience && !(Array.isArray(v) && v.includes(testTokens.audience)))),
    ),
  );
}

/** Header-safe text: what an HTTP header value may carry (latin1, no control characters). */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength });
const base64urlText = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 1, maxLength: 60 });

interface TokenPools {
  valid: TokenCase[];
  /** Invalid tokens built up front (issued by the product's own code with the wrong key, dates, audience…). */
  fixedInvalid: TokenCase[];
}

async function buildTokens(): Promise<TokenPools> {
  const units = [ROOT, 'k1', 't1', 'v1', 'ghost-unit'];
  const valid: TokenCase[] = [];
  for (const role of ROLES) {
    for (const unitId of units) {
      const token = await issueToken(testTokens, { subject: `fuzz/${unitId}/${role}`, name: `${role}@${unitId}`, role, unitId });
      valid.push({ label: `valid ${role}@${unitId}`, role, header: `Bearer ${token}`, valid: true });
    }
  }
  for (const name of ['<script>alert(1)</script>', '张三 🙂', "O'Brien; DROP TABLE tasks"]) {
    const token = await issueToken(testTokens, { subject: `fuzz/odd/${name}`, name, role: 'staff', unitId: 't1' });
    valid.push({ label: `valid staff@t1 named ${JSON.stringify(name)}`, role: 'staff', header: `Bearer ${token}`, valid: true });
  }

  const leader = { subject: 'fuzz/leader', name: '市领导', role: 'leader' as Role, unitId: ROOT };
  const admin = { subject: 'fuzz/admin', name: '管理员', role: 'admin' as Role, unitId: ROOT };
  const otherKey = { ...testTokens, secret: new Uint8Array(randomBytes(32)) };
  const validLeader = await issueToken(testTokens, leader);
  const [h, , s] = validLeader.split('.') as [string, string, string];
  const fixedInvalid: TokenCase[] = [
    { label: 'signed with another key', header: `Bearer ${await issueToken(otherKey, admin)}`, valid: false },
    { label: 'expired an hour ago', header: `Bearer ${await issueToken(testTokens, admin, nowS() - 3600)}`, valid: false },
    { label: 'expired a year ago', header: `Bearer ${await issueToken(testTokens, leader, nowS() - 365 * 86400)}`, valid: false },
    { label: 'wrong audience', header: `Bearer ${await issueToken({ ...testTokens, audience: 'someone-else' }, admin)}`, valid: false },
    { label: 'wrong issuer', header: `Bearer ${await issueToken({ ...testTokens, issuer: 'evil' }, admin)}`, valid: false },
    { label: 'alg none, no signature', header: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(goodClaims())}.`, valid: false },
    { label: 'alg none, some signature', header: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(goodClaims())}.AAAA`, valid: false },
    { label: 'alg None', header: `Bearer ${b64({ alg: 'None' })}.${b64(goodClaims())}.${s}`, valid: false },
    { label: 'payload swapped for an admin one', header: `Bearer ${h}.${b64({ ...goodClaims(), role: 'admin' })}.${s}`, valid: false },
    { label: 'signature of another token', header: `Bearer ${validLeader.split('.').slice(0, 2).join('.')}.${(await issueToken(otherKey, leader)).split('.')[2]}`, valid: false },
    { label: 'signature one byte longer', header: `Bearer ${validLeader}AA`, valid: false },
    { label: 'four segments', header: `Bearer ${validLeader}.x`, valid: false },
    { label: 'HS512 header', header: `Bearer ${signRaw({ alg: 'HS512', typ: 'JWT' }, goodClaims())}`, valid: false },
    { label: 'unknown crit header', header: `Bearer ${signRaw({ alg: 'HS256', crit: ['exp-x'], 'exp-x': 1 }, goodClaims())}`, valid: false },
    { label: 'unencoded payload', header: `Bearer ${signRaw({ alg: 'HS256', b64: false, crit: ['b64'] }, goodClaims())}`, valid: false },
    { label: 'payload not JSON', header: `Bearer ${b64({ alg: 'HS256' })}.${b64('not json')}.${hmac(`${b64({ alg: 'HS256' })}.${b64('not json')}`, testTokens.secret)}`, valid: false },
    { label: 'payload an array', header: `Bearer ${signRaw({ alg: 'HS256' }, [goodClaims()])}`, valid: false },
    { label: 'role god', header: `Bearer ${signRaw({ alg: 'HS256', typ: 'JWT' }, { ...goodClaims(), role: 'god' })}`, valid: false },
    { label: 'no unit', header: `Bearer ${signRaw({ alg: 'HS256', typ: 'JWT' }, { ...goodClaims(), unit: undefined })}`, valid: false },
    { label: 'Bearer alone', header: 'Bearer', valid: false },
    { label: 'Bearer and a space', header: 'Bearer ', valid: false },
    { label: 'empty header', header: '', valid: false },
    { label: 'basic auth', header: `Basic ${Buffer.from('admin:admin').toString('base64')}`, valid: false },
    { label: 'token without a scheme', header: 'eyJhbGciOiJIUzI1NiJ9.e30.AAAA', valid: false },
  ];
  return { valid, fixedInvalid };
}

function invalidTokens(pools: TokenPools): fc.Arbitrary<TokenCase> {
  const claimsOf = (mutations: Array<[string, unknown]>) => {
    const claims = goodClaims();
    for (const [key, value] of mutations) {
      if (value === undefined) delete claims[key];
      else claims[key] = value;
    }
    return claims;
  };
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<TokenCase>({ label: 'no Authorization header', valid: false }) },
    { weight: 4, arbitrary: fc.constantFrom(...pools.fixedInvalid) },
    {
      weight: 3,
      arbitrary: fc.array(invalidClaim(), { minLength: 1, maxLength: 3 }).map((mutations) => ({
        label: `signed, bad claims ${JSON.stringify(mutations)}`,
        header: `Bearer ${signRaw({ alg: 'HS256', typ: 'JWT' }, claimsOf(mutations))}`,
        valid: false,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.jsonValue({ maxDepth: 2 }).filter(notIn(['HS256'])).map((alg) => ({
        label: `signed with alg ${JSON.stringify(alg)} in the header`,
        header: `Bearer ${signRaw({ alg, typ: 'JWT' }, goodClaims())}`,
        valid: false,
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), base64urlText).map(([header, payload, signature]) => ({
        label: 'random JSON segments',
        header: `Bearer ${b64(header)}.${b64(payload)}.${signature}`,
        valid: false,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(base64urlText, base64urlText, base64urlText).map(([a, b, c]) => ({ label: 'random segments', header: `Bearer ${a}.${b}.${c}`, valid: false })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom('', 'Bearer ', 'bearer ', 'BEARER ', 'Token ', 'Bearer  '), headerText(300)).map(([scheme, text]) => ({
        label: 'garbage',
        header: `${scheme}${text}`,
        valid: false,
      })),
    },
  );
}

// -----------------------------------------------------------------------------------------------------------------
// Ids, path segments and query strings

type Pool = 'task' | 'step' | 'unit' | 'case' | 'campaign' | 'notification' | 'assignment' | 'recurring' | 'directive' | 'year' | 'evidence' | 'bulletin';
type Ids = Record<Pool, string[]> & { eventType: string[] };

async function realIds(stack: Stack): Promise<Ids> {
  const db = stack.readModel.db;
  const column = async (sql: string) => (await db.prepare(sql).pluck().all()) as string[];
  const steps = (await column('SELECT steps_json FROM tasks')).flatMap((json) => (JSON.parse(json) as Array<{ id: string }>).map((s) => s.id));
  const nonEmpty = (ids: string[], fallback: string) => (ids.length ? [...new Set(ids)] : [fallback]);
  return {
    task: nonEmpty(await column('SELECT id FROM tasks'), 'no-task'),
    step: nonEmpty(steps, 'no-step'),
    unit: nonEmpty(await column('SELECT id FROM org_units'), ROOT),
    case: nonEmpty(await column('SELECT id FROM petition_cases'), 'no-case'),
    campaign: nonEmpty(await column('SELECT id FROM petition_campaigns'), CAMPAIGN),
    notification: nonEmpty(await column('SELECT id FROM notifications'), 'no-notification'),
    assignment: nonEmpty(await column('SELECT id FROM assignments'), 'no-assignment'),
    recurring: nonEmpty(await column('SELECT id FROM recurring_assignments'), 'no-recurring'),
    bulletin: nonEmpty(await column('SELECT id FROM bulletins'), 'no-bulletin'),
    directive: CATALOG.map((d) => d.id),
    year: [String(FIRST_YEAR), String(LAST_YEAR), String(new Date().getFullYear()), String(FIRST_YEAR - 1), String(LAST_YEAR + 1), '0000', '9999'],
    evidence: nonEmpty(await column('SELECT sha256 FROM evidence_uploads'), 'f'.repeat(64)),
    eventType: eventTypes(),
  };
}

function poolOf(route: string, param: string): Pool {
  if (param === 'id') return route.includes('/notifications/') ? 'notification' : route.includes('/bulletins/') ? 'bulletin' : 'recurring';
  const pools: Record<string, Pool> = {
    taskId: 'task',
    stepId: 'step',
    unitId: 'unit',
    caseId: 'case',
    campaignId: 'campaign',
    assignmentId: 'assignment',
    directiveId: 'directive',
    year: 'year',
    sha256: 'evidence',
  };
  const pool = pools[param];
  if (!pool) throw new Error(`no id pool for :${param} in ${route}; add one to the fuzz`);
  return pool;
}

/** Strings that have broken parsers, routers and queries before. */
const NASTY = [
  '',
  ' ',
  '.',
  '..',
  '...',
  '..%2F..',
  '../../../etc/passwd',
  '..\\..\\windows',
  '%00',
  '\u0000',
  "' OR '1'='1",
  '1; DROP TABLE tasks;--',
  '"',
  '\\',
  '<script>alert(1)</script>',
  '${7*7}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9'.repeat(40),
  'campaigns',
  'import',
  '%',
  '%%',
  '%zz',
  '%E0%A4%A',
  '\uFEFF',
  '\u202Eevil',
  '🙂',
  'Ａｄｍｉｎ',
  'c1\n',
  'x'.repeat(129),
  'x'.repeat(513),
  '诉'.repeat(400),
];

/** Percent-encodes everything but unreserved characters, byte by byte: always a well-formed path or query. */
function encode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Well-formed percent-escapes sent as they are, which decode to nothing valid (or to what a router should not follow). */
const RAW_SEGMENTS = ['%C0%AF', '%FF', '%FE%FF', '%00', '%2e%2e', '%2E', '%2F', '%5C', '%25', '%ED%A0%80', '%E0%A4%A', '%u0041', '%'];

interface Segment {
  text: string;
  raw: boolean;
}

function segment(real: string[], realWeight: number): fc.Arbitrary<Segment> {
  const text = (arb: fc.Arbitrary<string>) => arb.map((t): Segment => ({ text: t, raw: false }));
  return fc.oneof(
    { weight: realWeight, arbitrary: text(fc.constantFrom(...real)) },
    {
      weight: 1,
      arbitrary: text(
        fc.tuple(fc.constantFrom(...real), fc.constantFrom('x', '.', ' ', '/..', '\u0000', '%', '?', '#', '/')).map(([id, suffix]) => `${id}${suffix}`),
      ),
    },
    { weight: 1, arbitrary: text(fc.constantFrom(...real).map((id) => id.toUpperCase())) },
    { weight: 3, arbitrary: text(fc.constantFrom(...NASTY)) },
    { weight: 2, arbitrary: text(fc.string({ unit: 'binary', maxLength: 40 })) },
    { weight: 1, arbitrary: text(fc.string({ unit: 'grapheme', maxLength: 20 })) },
    { weight: 2, arbitrary: text(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,30}$/)) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((t): Segment => ({ text: t, raw: true })) },
  );
}

const QUERY_KEYS = [
  'unitId',
  'assignmentId',
  'state',
  'limit',
  'offset',
  'depth',
  'stage',
  'overdue',
  'directiveId',
  'scopeUnitId',
  'level',
  'kind',
  'role',
  'unread',
  'minDaysOverdue',
  'subjectId',
  'dryRun',
  'acceptDays',
  'replyDays',
  'maxExtensionDays',
  'year',
  '__proto__',
  'constructor',
  'toString',
  'a[b]',
  'unitId[]',
  '',
];
const QUERY_VALUES = ['true', 'false', '', '1', '0', '-1', '1.5', '1e9', '0x10', 'Infinity', 'NaN', '1000', '1001', '4', '5', 'open', 'overdue', 'done', 'village', 'town', 'county', 'registered', 'closed', 'leader', 'staff', 'urge', 'reminder'];

function queryString(ids: Ids, emptyWeight: number): fc.Arbitrary<string> {
  const anyReal = [...ids.unit, ...ids.task, ...ids.assignment, ...ids.directive.slice(0, 5), ...ids.notification];
  const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) });
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...QUERY_VALUES) },
    { weight: 3, arbitrary: fc.constantFrom(...anyReal) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  );
  const pairs = fc.array(fc.tuple(key, value), { maxLength: 5 }).map((list) => list.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
  return fc.oneof(
    { weight: emptyWeight, arbitrary: fc.constant('') },
    { weight: 6, arbitrary: pairs },
    { weight: 1, arbitrary: fc.constantFrom('&&&', '=&=', '%', 'a=%zz', 'unitId=%E0%A4%A', 'limit=1&limit=2', 'unitId=c1&unitId=k1', '=', '?') },
  );
}

// -----------------------------------------------------------------------------------------------------------------
// Bodies

interface BodyCase {
  label: string;
  contentType?: string;
  data?: Buffer;
  headers?: Record<string, string>;
}

type Template = { json: Record<string, unknown> } | { data: Buffer; contentType: string };

const ALL_PASS = { timelyReply: 'pass', policyImplemented: 'pass', problemSolved: 'pass', attitudeStable: 'pass' };

/** A body the route would take, made of real ids, for mutation. */
function template(route: string, ids: Ids): fc.Arbitrary<Template> {
  const unit = fc.constantFrom(...ids.unit);
  const note = fc.option(fc.constantFrom('已完成', '请抓紧', 'x'.repeat(2000), ''), { nil: undefined });
  const json = (arb: fc.Arbitrary<Record<string, unknown>>) => arb.map((value): Template => ({ json: stripUndefined(value) }));
  const today = dateIn(0);
  switch (route) {
    case 'POST /api/petitions/import': {
      const row = fc.record({ id: fc.oneof(fc.constantFrom(...ids.case), fc.stringMatching(/^FZ-[0-9]{1,4}$/)), unitId: unit });
      const csv = fc.array(row, { minLength: 1, maxLength: 3 }).map(
        (rows): Template => ({
          data: Buffer.from(['id,unitId,receivedAt,petitioner,summary', ...rows.map((r) => `${r.id},${r.unitId},${today},某某,反映问题`)].join('\n')),
          contentType: 'text/csv; charset=utf-8',
        }),
      );
      const ledger = fc.record({
        clocks: fc.option(fc.record({ acceptDays: fc.integer({ min: 1, max: 60 }) }), { nil: undefined }),
        cases: fc.array(row.map((r) => ({ ...r, receivedAt: today, petitioner: '某某', summary: '反映问题' })), { minLength: 1, maxLength: 3 }),
      });
      return fc.oneof(csv, ledger.map((l): Template => ({ data: Buffer.from(JSON.stringify(stripUndefined(l))), contentType: 'application/json' })));
    }
    case 'POST /api/org/import': {
      // The stored chain down to t1, a new town under k1 with a village, a new village under t1; in any order.
      const units = fc
        .tuple(fc.stringMatching(/^fz[0-9]{1,4}$/), fc.boolean())
        .chain(([id, rename]) =>
          fc.subarray([
            { id: `${id}t`, parent: 'k1', name: `新镇${id}`, level: '乡镇街道', type: '乡镇' },
            { id: `${id}v`, parent: `${id}t`, name: `新村${id}`, level: '村社区', type: '村' },
            { id: `${id}w`, parent: 't1', name: `新社区${id}`, level: '村社区', type: '社区' },
          ]).map((added) => [
            { id: 'c1', parent: '', name: '测试市', level: '市', type: '' },
            { id: 'k1', parent: 'c1', name: rename ? '甲县（新名）' : '甲县', level: '县区', type: '' },
            { id: 't1', parent: 'k1', name: '甲县东镇', level: '乡镇街道', type: '乡镇' },
            ...added,
          ]),
        )
        .chain((rows) => fc.shuffledSubarray(rows, { minLength: rows.length }));
      const csv = units.map((rows): Template => ({
        data: Buffer.from(['编码,上级编码,名称,层级,类型,服务站', ...rows.map((u) => `${u.id},${u.parent},${u.name},${u.level},${u.type},否`)].join('\n')),
        contentType: 'text/csv',
      }));
      const jsonFile = units.map((rows): Template => ({
        data: Buffer.from(JSON.stringify(rows.map((u) => ({ id: u.id, parent: u.parent || null, name: u.name, level: u.level, type: u.type || undefined })))),
        contentType: 'application/json',
      }));
      return fc.oneof(csv, jsonFile);
    }
    case 'POST /api/evidence':
      return fc
        .record({
          colour: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)),
          fileName: fc.constantFrom('证明.png', '../../etc/passwd', 'a.exe', '', '"quoted".png', 'x'.repeat(300)),
          taskId: fc.option(fc.constantFrom(...ids.task, 'no-such-task'), { nil: undefined }),
        })
        .map(({ colour, fileName, taskId }): Template => ({ data: multipartFile(png(colour), fileName, taskId), contentType: `multipart/form-data; boundary=${BOUNDARY}` }));
    case 'POST /api/speeches':
      return fc.oneof(
        json(fc.record({ text: fc.constantFrom('各乡镇要在6月底前完成挂牌：一是选址，二是配齐人员。', '一是\n二是\n（一）', ''), speechDate: fc.option(fc.constantFrom(today, '2026-02-30'), { nil: undefined }) })),
        fc.constantFrom('讲话.txt', '讲话.docx', '').map((fileName): Template => ({ data: multipartFile(Buffer.from('村（社区）每月要走访一遍。'), fileName), contentType: `multipart/form-data; boundary=${BOUNDARY}` })),
      );
    case 'POST /api/tokens':
      return json(fc.record({ role: fc.constantFrom(...ROLES), unitId: unit, name: fc.constantFrom('张三', '李四'), ttlHours: fc.option(fc.integer({ min: 1, max: 744 }), { nil: undefined }) }));
    case 'POST /api/directives':
    case 'PUT /api/directives/:directiveId':
      return json(
        fc.record({
          title: fc.constantFrom('测试立项', '', 'x'.repeat(300)),
          kinds: fc.constantFrom(['one-off'], ['recurring'], ['event'], []),
          sources: fc.constantFrom([{ quote: '会议议定：年底前完成' }], [{ kind: 'instruction', quote: '好' }], []),
          targetLevel: fc.constantFrom('county', 'town', 'nowhere'),
          steps: fc.constantFrom([{ title: '核查' }], [], [{ id: 'Bad Id', title: '核查' }]),
          deadline: fc.constantFrom({ rule: { type: 'endOfYear' } }, { rule: { type: 'withinDays', days: -1 } }),
        }),
      );
    case 'POST /api/assignments':
      return json(
        fc.record({
          directiveId: fc.constantFrom(DIRECTIVE, 'town-fulltime-staff', 'county-center-staffing', ...ids.directive.slice(0, 3)),
          scopeUnitId: unit,
          dueAt: fc.option(fc.constant(inDays(200)), { nil: undefined }),
          note,
          targetLevel: fc.option(fc.constantFrom('city', 'county', 'town', 'village'), { nil: undefined }),
        }),
      );
    case 'POST /api/recurring':
      return json(
        fc.record({
          id: fc.option(fc.stringMatching(/^fz-r[0-9]{1,3}$/), { nil: undefined }),
          directiveId: fc.constantFrom(RECURRING_DIRECTIVE, 'pension-standard-adjustment', 'one-post-two-duties'),
          scopeUnitId: unit,
          note,
        }),
      );
    case 'POST /api/recurring/preview':
      return json(fc.record({ directiveId: fc.constantFrom(RECURRING_DIRECTIVE, 'monthly-village-rounds', DIRECTIVE), scopeUnitId: unit, issueCurrentPeriod: fc.option(fc.constantFrom(true, false, 'always', 'sometimes'), { nil: undefined }) }));
    case 'POST /api/tasks/:taskId/decline':
    case 'POST /api/tasks/:taskId/close':
      return json(fc.record({ reason: fc.constantFrom('不属本单位职责', '', ' ') }));
    case 'POST /api/tasks/:taskId/reassign':
      return json(fc.record({ unitId: unit, note }));
    case 'POST /api/tasks/:taskId/cancel':
      return json(fc.record({ note }));
    case 'POST /api/tasks/:taskId/split':
      return json(
        fc.record({
          unitIds: fc.array(unit, { maxLength: 3 }),
          dueAt: fc.option(fc.constantFrom(dateIn(10), dateIn(-1), dateIn(900), 'tomorrow'), { nil: undefined }),
          stepIds: fc.option(fc.subarray(ids.step, { minLength: 1 }), { nil: undefined }),
        }),
      );
    case 'POST /api/bulletins':
      return json(fc.record({ scopeUnitId: unit, period: fc.option(fc.constantFrom(today.slice(0, 7), '2026-Q3', '2026', '2026-13', '2099-01', ''), { nil: undefined }) }));
    case 'POST /api/recurring/:id/pause':
    case 'POST /api/recurring/:id/resume':
    case 'POST /api/tasks/:taskId/urge':
    case 'POST /api/petitions/:caseId/accept':
    case 'POST /api/petitions/:caseId/reply':
    case 'POST /api/petitions/:caseId/review-answer':
    case 'POST /api/petitions/:caseId/re-review-answer':
    case 'POST /api/petitions/:caseId/close':
      return json(fc.record({ note }));
    case 'POST /api/petitions/:caseId/review-request':
    case 'POST /api/petitions/:caseId/re-review-request':
      return json(fc.record({ note, receivedAt: fc.option(fc.constant(inDays(-1)), { nil: undefined }) }));
    case 'POST /api/petitions/:caseId/extend':
      return json(fc.record({ days: fc.integer({ min: 1, max: 40 }), reason: fc.constant('需调取档案') }));
    case 'POST /api/petitions/:caseId/screenings/:campaignId':
      return json(
        fc.record({
          checks: fc.record(Object.fromEntries(Object.keys(ALL_PASS).map((k) => [k, fc.constantFrom('pass', 'fail')]))),
          note,
        }),
      );
    case 'POST /api/petitions/campaigns':
      return json(
        fc.oneof(
          fc.record({ id: fc.option(fc.constantFrom(CAMPAIGN, 'fz-c2'), { nil: undefined }), scopeUnitId: unit, withinDays: fc.integer({ min: 5, max: 60 }) }),
          fc.record({ scopeUnitId: unit, beforeSensitivePeriod: fc.record({ year: fc.integer({ min: 2027, max: 2030 }), key: fc.constantFrom('two-sessions', 'new-year', 'mid-autumn') }) }),
          fc.record({ scopeUnitId: unit, opensAt: fc.constant(inDays(20)), dueAt: fc.constant(inDays(40)) }),
        ),
      );
    case 'POST /api/tasks/:taskId/steps/:stepId/complete':
      return json(fc.record({ note, evidence: fc.option(fc.subarray(ids.evidence, { minLength: 1 }), { nil: undefined }) }));
    case 'POST /api/tasks/:taskId/extension':
      return json(fc.record({ reason: fc.constant('材料未齐'), dueDate: fc.constantFrom(dateIn(300), dateIn(-1), today) }));
    case 'POST /api/tasks/:taskId/extension/decision':
      return json(fc.record({ approve: fc.boolean(), dueDate: fc.option(fc.constant(dateIn(250)), { nil: undefined }), note }));
    case 'POST /api/tasks/:taskId/return':
      return json(fc.record({ reason: fc.constant('材料不全'), stepIds: fc.option(fc.subarray(ids.step, { minLength: 1 }), { nil: undefined }) }));
    case 'POST /api/tasks/:taskId/accept':
    case 'POST /api/notifications/:id/read':
      return fc.constant({ json: {} });
    case 'POST /api/events':
      return json(
        fc.record({
          type: fc.constantFrom(...ids.eventType),
          unitId: unit,
          subject: fc.constantFrom('张某', '某烈士纪念设施'),
          // Two days back: deadlines an hour after the event are already past (their alarms fire at once and
          // settle), longer ones are days away. Nothing falls due during the run.
          occurredAt: fc.constant(inDays(-2)),
        }),
      );
    case 'POST /api/units/:unitId/attestations': {
      const standing = CATALOG.filter((d) => d.standards.length > 0);
      return json(
        fc.constantFrom(...standing).map((d) => ({
          directiveId: d.id,
          values: Object.fromEntries(d.standards.map((s) => [s.id, s.checklist ? s.checklist.map((c) => c.id) : 3])),
          evidence: ids.evidence,
        })),
      );
    }
    case 'PUT /api/calendar/:year/arrangement':
      return json(
        fc.record({
          notice: fc.record({ title: fc.constantFrom('国务院办公厅关于部分节假日安排的通知', ''), date: fc.constantFrom(dateIn(-30), dateIn(30), '2026-02-30') }),
          holidays: fc.array(fc.oneof(fc.constantFrom(...TEST_2027.holidays), fc.constant(dateIn(5))), { maxLength: 8 }),
          workdays: fc.subarray([...TEST_2027.workdays, dateIn(3)]),
        }),
      );
    default:
      return fc.constant({ json: {} });
  }
}

const BOUNDARY = 'fuzzboundary';

/** multipart/form-data with one file in the field "file", and a taskId field when given. */
function multipartFile(content: Buffer, fileName: string, taskId?: string): Buffer {
  const parts: Buffer[] = [];
  if (taskId !== undefined) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="taskId"\r\n\r\n${taskId}\r\n`));
  parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/png\r\n\r\n`));
  parts.push(content, Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Sets an own property, even one named __proto__, so that JSON.stringify writes it. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const fuzzValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(...NASTY),
  fc.constantFrom(null, -1, 0, 1.5, 1e308, -1e308, 2 ** 53 + 1, '', [], {}, true, false, 'x'.repeat(5000), ['x'.repeat(2001)], { $gt: '' }),
);

type Mutation = { kind: 'drop'; pick: number } | { kind: 'set'; pick: number; value: unknown } | { kind: 'add'; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: fuzzValue }),
  fc.record({
    kind: fc.constant('add' as const),
    key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'by', 'id', 'role', 'unitId', 'actor', 'status'), fc.string({ maxLength: 10 })),
    value: fuzzValue,
  }),
);

function mutate(json: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) setOwn(out, k, v);
  for (const m of mutations) {
    const keys = Object.keys(out);
    if (m.kind === 'add') setOwn(out, m.key, m.value);
    else if (keys.length === 0) continue;
    else if (m.kind === 'drop') delete out[keys[m.pick % keys.length] as string];
    else setOwn(out, keys[m.pick % keys.length] as string, m.value);
  }
  return out;
}

type TextMutation = { kind: 'truncate'; at: number } | { kind: 'insert'; at: number; text: string } | { kind: 'repeat'; times: number };

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NASTY, ',', '\n', '"', '\r\n,,,'), fc.string({ unit: 'binary', maxLength: 30 })) }),
  fc.record({ kind: fc.constant('repeat' as const), times: fc.integer({ min: 2, max: 200 }) }),
);

/** Mutates bytes, seen as latin1 text so that binary content (a PNG in a multipart body) survives the round trip. */
function mutateBytes(data: Buffer, mutations: TextMutation[]): Buffer {
  let out = data.toString('latin1');
  for (const m of mutations) {
    if (m.kind === 'truncate') out = out.slice(0, m.at % (out.length + 1));
    else if (m.kind === 'insert') {
      const at = m.at % (out.length + 1);
      out = out.slice(0, at) + Buffer.from(m.text, 'utf8').toString('latin1') + out.slice(at);
    } else {
      const [header, ...rows] = out.split('\n');
      out = [header, ...Array.from({ length: m.times }, () => rows).flat()].join('\n');
    }
  }
  return Buffer.from(out, 'latin1');
}

const jsonBody = (label: string, value: unknown, contentType = 'application/json'): BodyCase => ({ label, contentType, data: Buffer.from(JSON.stringify(value)) });

function templateBody(route: string, ids: Ids): fc.Arbitrary<BodyCase> {
  return template(route, ids).chain((t) => {
    if ('json' in t) {
      return fc
        .oneof({ weight: 1, arbitrary: fc.constant([] as Mutation[]) }, { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) })
        .map((ms) => jsonBody(ms.length ? `template, mutated ${JSON.stringify(ms).slice(0, 300)}` : 'template', mutate(t.json, ms)));
    }
    return fc
      .oneof({ weight: 1, arbitrary: fc.constant([] as TextMutation[]) }, { weight: 2, arbitrary: fc.array(textMutation, { minLength: 1, maxLength: 2 }) })
      .map((ms) => ({ label: ms.length ? `file template, mutated ${JSON.stringify(ms).slice(0, 300)}` : 'file template', contentType: t.contentType, data: mutateBytes(t.data, ms) }));
  });
}

const MALFORMED_JSON = ['{', '}', '{"a":}', "{'a':1}", '{"a":1}}', '[1,]', '{"a":1,}', 'NaN', 'nul', 'tru', '"unterminated', '\uFEFF{}', '\u0000', '{"a":"\\u00"}', '{"a":"\ud800"}', '1', '"a string"', 'true', 'null', ' ', '', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}'];

const CONTENT_TYPES = [
  'text/plain',
  'text/csv',
  'application/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'multipart/form-data',
  'application/json; charset=utf-16',
  'application/json; charset=koi8-r',
  'application/json; charset=nonsense',
  'application/xml',
  'application/merge-patch+json',
  'application/vnd.api+json',
  'application/octet-stream',
  '*/*',
  'application/json, text/plain',
  ';;;',
  'json',
];

function bodies(route: string, ids: Ids, weights: { template: number; other: number }): fc.Arbitrary<BodyCase> {
  const huge = fc.tuple(fc.integer({ min: BODY_LIMIT_BYTES - 2048, max: BODY_LIMIT_BYTES + 8192 }), fc.constantFrom('x', '诉', '\u0000')).map(([bytes, ch]) => {
    const count = Math.floor(bytes / Buffer.byteLength(ch === '\u0000' ? '\\u0000' : ch));
    return jsonBody(`huge note, ~${bytes} bytes of ${JSON.stringify(ch)}`, { note: ch.repeat(count), reason: 'x' });
  });
  const deep = fc.tuple(fc.integer({ min: 50, max: 30_000 }), fc.boolean()).map(([depth, arrays]): BodyCase => {
    const text = arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    return { label: `nested ${depth} deep (${arrays ? 'arrays' : 'objects'})`, contentType: 'application/json', data: Buffer.from(text) };
  });
  const malformed = fc.oneof(
    fc.constantFrom(...MALFORMED_JSON).map((text): BodyCase => ({ label: `malformed ${JSON.stringify(text)}`, contentType: 'application/json', data: Buffer.from(text) })),
    fc.tuple(templateBody(route, ids), fc.nat()).map(([b, cut]): BodyCase => {
      const data = (b.data ?? Buffer.alloc(0)).subarray(0, cut % ((b.data?.length ?? 0) + 1));
      return { label: `truncated to ${data.length} bytes`, contentType: 'application/json', data };
    }),
    fc.uint8Array({ maxLength: 200 }).map((bytes): BodyCase => ({ label: 'random bytes', contentType: 'application/json', data: Buffer.from(bytes) })),
  );
  const wrongType = fc
    .tuple(fc.oneof(templateBody(route, ids), fc.jsonValue({ maxDepth: 2 }).map((v) => jsonBody('json', v))), fc.oneof(fc.constantFrom(...CONTENT_TYPES), headerText(40)))
    .map(([b, contentType]): BodyCase => ({ ...b, label: `${b.label} as ${JSON.stringify(contentType)}`, contentType }));
  const multipart = fc.string({ unit: 'binary', maxLength: 200 }).map(
    (garbage): BodyCase => ({
      label: 'multipart garbage',
      contentType: 'multipart/form-data; boundary=fuzz',
      data: Buffer.from(`--fuzz\r\nContent-Disposition: form-data; name="file"; filename="../../ledger.csv"\r\nContent-Type: text/csv\r\n\r\n${garbage}\r\n--fuz`),
    }),
  );
  const encoded = fc
    .tuple(fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'gzip, gzip', 'identity'), fc.uint8Array({ maxLength: 100 }))
    .map(([encoding, bytes]): BodyCase => ({ label: `content-encoding ${encoding}`, contentType: 'application/json', data: Buffer.from(bytes), headers: { 'content-encoding': encoding } }));
  const untyped = fc.jsonValue({ maxDepth: 2 }).map((v): BodyCase => ({ label: 'JSON without a content type', data: Buffer.from(JSON.stringify(v)) }));
  return fc.oneof(
    { weight: 2 * weights.other, arbitrary: fc.constant<BodyCase>({ label: 'none' }) },
    { weight: weights.template, arbitrary: templateBody(route, ids) },
    { weight: 2 * weights.other, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => jsonBody('jsonValue', v)) },
    { weight: weights.other, arbitrary: deep },
    { weight: weights.other, arbitrary: huge },
    { weight: 2 * weights.other, arbitrary: malformed },
    { weight: 2 * weights.other, arbitrary: wrongType },
    { weight: weights.other, arbitrary: multipart },
    { weight: weights.other, arbitrary: encoded },
    { weight: weights.other, arbitrary: untyped },
    { weight: weights.other, arbitrary: fc.constant<BodyCase>({ label: 'empty JSON body', contentType: 'application/json', data: Buffer.alloc(0) }) },
  );
}

// -----------------------------------------------------------------------------------------------------------------
// Requests

interface FuzzRequest {
  route: string;
  method: string;
  path: string;
  token: TokenCase;
  body: BodyCase;
  headers: Record<string, string>;
}

const preview = (data: Buffer | undefined, max = 400) => {
  if (!data) return '(none)';
  const text = data.toString('utf8');
  return text.length > max ? `${JSON.stringify(text.slice(0, max))}… (${data.length} bytes)` : JSON.stringify(text);
};

function describeRequest(r: FuzzRequest): string {
  const headers = { ...(r.token.header !== undefined ? { authorization: `${r.token.header.slice(0, 120)}${r.token.header.length > 120 ? '…' : ''}` } : {}), ...(r.body.contentType !== undefined ? { 'content-type': r.body.contentType } : {}), ...r.body.headers, ...r.headers };
  return [
    `${r.method} ${r.path.length > 600 ? `${r.path.slice(0, 600)}… (${r.path.length} chars)` : r.path}   [route ${r.route}]`,
    `  token: ${r.token.label}`,
    `  headers: ${JSON.stringify(headers)}`,
    `  body: ${r.body.label}: ${preview(r.body.data)}`,
  ].join('\n');
}

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

/** What a route asks of its caller's role (domain/access.ts), to draw tokens that get past the role check. */
function actionOf(route: string): Action | undefined {
  const [method, path = ''] = route.split(' ');
  if (method === 'GET') return path === '/health' ? undefined : path.startsWith('/api/petitions') && !path.includes('campaigns') ? 'readPetitions' : 'read';
  const exact: Record<string, Action> = {
    '/api/petitions/import': 'importPetitions',
    '/api/petitions/campaigns': 'orderCampaign',
    '/api/petitions/:caseId/extend': 'extendPetition',
    '/api/petitions/:caseId/review-answer': 'reviewPetition',
    '/api/petitions/:caseId/re-review-answer': 'reviewPetition',
    '/api/petitions/:caseId/screenings/:campaignId': 'screenPetition',
    '/api/org/import': 'importOrg',
    '/api/tokens': 'issueTokens',
    '/api/calendar/:year/arrangement': 'enterArrangement',
    '/api/directives': 'draftDirective',
    '/api/directives/:directiveId': 'draftDirective',
    '/api/directives/:directiveId/publish': 'publishDirective',
    '/api/evidence': 'uploadEvidence',
    '/api/speeches': 'draftFromSpeech',
    '/api/assignments': 'assign',
    '/api/recurring': 'assign',
    '/api/recurring/preview': 'assign',
    '/api/tasks/:taskId/acknowledge': 'acknowledgeTask',
    '/api/tasks/:taskId/decline': 'declineTask',
    '/api/tasks/:taskId/reassign': 'decideDecline',
    '/api/tasks/:taskId/cancel': 'decideDecline',
    '/api/tasks/:taskId/split': 'splitTask',
    '/api/tasks/:taskId/close': 'splitTask',
    '/api/bulletins': 'issueBulletin',
    '/api/recurring/:id/pause': 'assign',
    '/api/recurring/:id/resume': 'assign',
    '/api/tasks/:taskId/steps/:stepId/complete': 'completeStep',
    '/api/tasks/:taskId/urge': 'urge',
    '/api/tasks/:taskId/extension': 'requestExtension',
    '/api/tasks/:taskId/extension/decision': 'decideExtension',
    '/api/tasks/:taskId/return': 'returnWork',
    '/api/tasks/:taskId/accept': 'acceptWork',
    '/api/events': 'reportEvent',
    '/api/units/:unitId/attestations': 'attest',
    '/api/notifications/:id/read': 'markRead',
  };
  return exact[path] ?? (path.startsWith('/api/petitions/:caseId/') ? 'handlePetition' : undefined);
}

/** Valid tokens whose role may take the route's action (at any unit, in reach or not). */
function fittingTokens(pools: TokenPools, route: string): TokenCase[] {
  const action = actionOf(route);
  const fitting = pools.valid.filter((t) => action === undefined || reachOf(t.role as Role, action) !== undefined);
  return fitting.length ? fitting : pools.valid;
}

interface Mix {
  /** The token for a request to `route`. */
  tokens: (route: string) => fc.Arbitrary<TokenCase>;
  /** Weight of real ids against fuzzed strings in path segments (fuzzed ones weigh 11 in all). */
  realIds: number;
  body: { template: number; other: number };
  /** Weight of no query string against 7 for a random one. */
  noQuery: number;
}

function requests(ids: Ids, mix: Mix): fc.Arbitrary<FuzzRequest> {
  const known = fc.constantFrom(...ROUTES).chain((route) => {
    const [method, template] = route.split(' ') as [string, string];
    const names = [...template.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
    return fc.record({
      route: fc.constant(route),
      method: fc.oneof({ weight: 19, arbitrary: fc.constant(method) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) }),
      template: fc.constant(template),
      segments: fc.tuple(...names.map((name) => segment(ids[poolOf(route, name)], mix.realIds))),
      body: bodies(route, ids, mix.body),
      token: mix.tokens(route),
    });
  });
  const unknown = fc.record({
    route: fc.constant('(no route)'),
    method: fc.constantFrom(...OTHER_METHODS),
    template: fc.array(fc.constantFrom('api', 'tasks', 'petitions', 'health', '..', 'x', ':id'), { maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
    segments: fc.tuple(segment(ids.task, 1)),
    body: bodies('(no route)', ids, mix.body),
    token: mix.tokens('(no route)'),
  });
  return fc
    .record({
      target: fc.oneof({ weight: 12, arbitrary: known }, { weight: 1, arbitrary: unknown }),
      query: queryString(ids, mix.noQuery),
      extra: fc.record(
        {
          // A few keys, so that a key comes again with another request.
          'idempotency-key': fc.oneof(fc.constantFrom('fz-key-1', 'fz-key-2', 'fz-key-3'), fc.stringMatching(/^[A-Za-z0-9_.:-]{1,20}$/), headerText(200)),
          'x-request-id': fc.oneof(fc.stringMatching(/^[\w.-]{1,64}$/), headerText(100)),
          accept: fc.constantFrom('application/json', 'text/html', '*/*', '', 'application/xml;q=0.9'),
        },
        { requiredKeys: [] },
      ),
    })
    .map(({ target, query, extra }) => {
      let index = 0;
      const path = target.template.replace(/:(\w+)/g, () => {
        const seg = target.segments[index++] ?? { text: 'x', raw: false };
        return seg.raw ? seg.text : encode(seg.text);
      });
      const request: FuzzRequest = {
        route: target.route,
        method: target.method,
        // Below Node's 16 kB for the request line and headers, past which Node itself answers 431, bare.
        path: query && path.length + query.length < 10_000 ? `${path}?${query}` : path,
        token: target.token,
        body: target.body,
        headers: extra as Record<string, string>,
      };
      return Object.assign(request, { [fc.toStringMethod]: () => `\n${describeRequest(request)}\n` });
    });
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function send(url: URL, agent: http.Agent, r: FuzzRequest): Promise<Reply> {
  const headers: Record<string, string> = { ...r.headers, ...r.body.headers };
  if (r.token.header !== undefined) headers.authorization = r.token.header;
  if (r.body.contentType !== undefined) headers['content-type'] = r.body.contentType;
  // Node's client frames a GET's body by neither length nor chunks; say its length, so every request is well-formed.
  if (r.body.data !== undefined) headers['content-length'] = String(r.body.data.length);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end(r.body.data);
  });
}

// -----------------------------------------------------------------------------------------------------------------
// The properties, checked on every exchange

const STACK_FRAME = [/^\s*at\s+\S.*:\d+:\d+\)?\s*$/m, /\((?:\/|file:|node:|[A-Za-z]:\\)[^)]*:\d+:\d+\)/, /node_modules/, /\.(?:ts|js|cjs|mjs):\d+:\d+/];

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

function hasKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKey(v, key));
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k === key || hasKey(v, key));
  return false;
}

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * The health check is mounted ahead of authentication: GET (and HEAD) answer it, and express answers OPTIONS for it
 * with its methods ("GET, HEAD"), which tells nothing more than that it exists.
 */
const isHealth = (r: FuzzRequest) => ['GET', 'HEAD', 'OPTIONS'].includes(r.method) && /^\/health\/?(?:\?|$)/i.test(r.path);

class Exchanges {
  private last: { request: FuzzRequest; reply: Reply; tables: Map<string, string> } | undefined;
  /** Changes to the read model that showed up after a rejected request had been answered. */
  readonly lateChanges: string[] = [];
  count = 0;
  statuses = new Map<number, number>();
  /** One request at a time, or a write's effects could land inside another request's window. */
  private busy = false;

  constructor(
    private readonly stack: Stack,
    private readonly url: URL,
    private readonly agent: http.Agent,
  ) {}

  private fail(property: string, request: FuzzRequest, reply: Reply, detail: string): never {
    const body = reply.text.length > 1500 ? `${reply.text.slice(0, 1500)}…` : reply.text;
    throw new Error(`${property}: ${detail}\n${describeRequest(request)}\n  → ${reply.status} ${reply.headers['content-type'] ?? ''}\n  ${body}`);
  }

  async run(request: FuzzRequest): Promise<void> {
    if (this.busy) throw new Error('two fuzzed requests overlapped; the state-change check needs one at a time');
    this.busy = true;
    try {
      await this.exchange(request);
    } finally {
      this.busy = false;
    }
  }

  private async exchange(request: FuzzRequest): Promise<void> {
    // Whatever changed since the last answer was not this request's doing.
    let before = await tableDigests(this.stack);
    if (this.last && digestOf(before) !== digestOf(this.last.tables)) {
      if (this.last.reply.status >= 400) {
        const tables = changedTables(this.last.tables, before).join(', ');
        this.lateChanges.push(`${tables} changed after this request was answered ${this.last.reply.status}:\n${describeRequest(this.last.request)}\n  ${this.last.reply.text.slice(0, 500)}`);
      }
      before = await settle(this.stack, 1000);
    }

    const reply = await send(this.url, this.agent, request);
    const after = await tableDigests(this.stack);
    this.count += 1;
    this.statuses.set(reply.status, (this.statuses.get(reply.status) ?? 0) + 1);
    if (process.env.FUZZ_DEBUG) console.log(`DBG ${request.method} ${request.route} ${request.token.label.slice(0, 30)} | ${request.body.label.slice(0, 40)} -> ${reply.status} ${reply.text.slice(0, 160)}`);
    this.last = { request, reply, tables: after };

    // (1) No 5xx; every error is JSON { error: { code, message, requestId } } and shows no stack.
    if (reply.status >= 500) this.fail('5xx', request, reply, `answered ${reply.status}`);
    if (reply.status >= 400 && request.method !== 'HEAD') {
      if (!/^application\/json\b/.test(reply.headers['content-type'] ?? '')) this.fail('error shape', request, reply, 'the error is not JSON');
      let body: { error?: { code?: unknown; message?: unknown; requestId?: unknown } };
      try {
        body = JSON.parse(reply.text);
      } catch {
        this.fail('error shape', request, reply, 'the error body does not parse as JSON');
      }
      const error = body.error;
      if (!error || typeof error.code !== 'string' || !error.code || typeof error.message !== 'string') {
        this.fail('error shape', request, reply, 'not { error: { code, message, requestId } }');
      }
      if (error.requestId !== reply.headers['x-request-id']) this.fail('error shape', request, reply, 'error.requestId is not the X-Request-Id');
      if (hasKey(body, 'stack')) this.fail('stack trace', request, reply, 'the error carries a stack');
      // What the request itself said may come back in a message (an unknown id); a frame or file path must not.
      const echo = `${safeDecode(request.path)}\n${request.path}\n${request.body.data?.toString('utf8') ?? ''}`;
      for (const text of strings(body)) {
        if (text.includes(process.cwd())) this.fail('stack trace', request, reply, 'the error names a file of the server');
        for (const pattern of STACK_FRAME) {
          const match = pattern.exec(text);
          if (match && !echo.includes(match[0].trim())) this.fail('stack trace', request, reply, `the error shows ${JSON.stringify(match[0])}`);
        }
      }
    }

    // (3) Without a valid token: 401, whatever else is wrong with the request; with one: never 401.
    if (!request.token.valid && !isHealth(request) && !isWebAppRequest(request.method, request.path)) {
      if (reply.status !== 401) this.fail('unauthenticated', request, reply, `answered ${reply.status} without a valid token`);
      if (request.method !== 'HEAD' && JSON.parse(reply.text).error.code !== 'unauthenticated') this.fail('unauthenticated', request, reply, 'the 401 is not unauthenticated');
    }
    if (request.token.valid && reply.status === 401) this.fail('unauthenticated', request, reply, 'a valid token was refused');

    // (2) A rejected request changes nothing in the read model.
    if (reply.status >= 400 && digestOf(after) !== digestOf(before)) {
      this.fail('state change', request, reply, `rejected, yet it changed ${changedTables(before, after).join(', ')}`);
    }
    // An accepted write may go on in its workflows: let them settle, so that their writes are not taken for the next
    // request's.
    if (reply.status < 400 && request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') {
      this.last.tables = await settle(this.stack, 1000);
    }
  }
}

// -----------------------------------------------------------------------------------------------------------------

describe('fuzzing the API with random and malformed requests (dev server, real worker, real HTTP)', () => {
  let stack: Stack;
  let tokens: TokenPools;
  let exchanges: Exchanges;
  let agent: http.Agent;
  const previousLevel = logger.level;
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  /** FUZZ_SCALE=10 for a longer hunt; the default keeps the file to some seconds of requests. */
  const scale = Number(process.env.FUZZ_SCALE ?? 1);
  /**
   * Each property takes seconds; on a slow machine fast-check stops generating in time for vitest's limit, rather
   * than be cut off by it and keep sending requests into the next test.
   */
  const timeoutMs = 90_000 * Math.max(1, scale);

  beforeAll(async () => {
    // 4xx are logged as warnings, one a request; a 5xx is still logged, with its stack.
    logger.level = 'error';
    // The web app is served too (its pages answer without a token: what they show comes from the API).
    stack = await startStack(SMALL_ORG, { app: { webDist: fixtureDist() } });
    const leader = stack.api;
    const supervisor = stack.api.as({ role: 'supervisor', unitId: ROOT });
    const staff = stack.api.as({ role: 'staff', unitId: 't1' });

    const created = await leader.post('/api/assignments', { directiveId: DIRECTIVE, scopeUnitId: ROOT, dueAt: inDays(200) });
    expect(created.status).toBe(201);
    const [task] = (await leader.get(`/api/tasks?assignmentId=${created.body.id}`)).body.tasks;
    expect(task).toMatchObject({ unitId: 't1' });
    await eventually(async () => (await leader.get(`/api/tasks/${task.id}`)).body, (t) => t.history !== undefined);
    // A notice for t1's staff and one for the root's leader.
    expect((await leader.post(`/api/tasks/${task.id}/urge`, { note: '请抓紧' })).status).toBe(200);
    expect((await staff.post(`/api/tasks/${task.id}/extension`, { reason: '材料未齐', dueDate: dateIn(260) })).status).toBe(200);

    const today = dateIn(0);
    const ledger = ['id,unitId,receivedAt,petitioner,summary', `FZ-1,k1,${today},张某,反映优抚金发放不及时`, `FZ-2,t1,${today},李某,要求落实待遇`, `FZ-3,v1,${today},王某,反映安置问题`];
    const imported = await supervisor.post('/api/petitions/import', ledger.join('\n'), { 'content-type': 'text/csv; charset=utf-8' });
    expect(imported).toMatchObject({ status: 201, body: { imported: 3 } });
    expect((await supervisor.post('/api/petitions/campaigns', { id: CAMPAIGN, scopeUnitId: ROOT, withinDays: 30 })).status).toBe(201);
    expect((await leader.post('/api/recurring', { directiveId: RECURRING_DIRECTIVE, scopeUnitId: ROOT })).status).toBe(201);
    const upload = await fetch(`${stack.api.url}/api/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor({ role: 'staff', unitId: 't1' })}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: multipartFile(png(), '走访照片.png', task.id),
    });
    expect(upload.status).toBe(201);

    tokens = await buildTokens();
    // A connection per request: each is answered on its own, whatever the one before left unread.
    agent = new http.Agent({ keepAlive: false, maxSockets: 1 });
    // Nothing is due for months: once the setup's workflows are done, the read model holds still.
    const settled = await settle(stack, 1000);
    exchanges = new Exchanges(stack, new URL(stack.api.url), agent);
    const ids = await realIds(stack);
    expect(ids.notification.length).toBeGreaterThanOrEqual(2);
    expect(ids.case).toHaveLength(3);
    expect(settled.size).toBeGreaterThan(5);
  });

  afterAll(async () => {
    agent?.destroy();
    if (stack) {
      const recurring = (await stack.readModel.db.prepare('SELECT id FROM recurring_assignments').pluck().all()) as string[];
      await Promise.all(recurring.map((id) => stack.env.client.schedule.getHandle(recurringScheduleId(id)).delete().catch(() => undefined)));
      await stack.stop();
    }
    logger.level = previousLevel;
  });

  const assertProperty = (arbitrary: fc.Arbitrary<FuzzRequest>, numRuns: number) =>
    fc.assert(
      fc.asyncProperty(arbitrary, (request) => exchanges.run(request)),
      {
        numRuns: Math.max(1, Math.round(numRuns * scale)),
        interruptAfterTimeLimit: timeoutMs - 20_000,
        markInterruptAsFailure: false,
        ...(seed !== undefined ? { seed } : {}),
      },
    );

  /** Weights of: a valid token whose role the route allows, any valid token, an invalid one. */
  const tokenMix =
    (fitting: number, valid: number, invalid: number) =>
    (route: string): fc.Arbitrary<TokenCase> =>
      fc.oneof(
        { weight: fitting, arbitrary: fc.constantFrom(...fittingTokens(tokens, route)) },
        { weight: valid, arbitrary: fc.constantFrom(...tokens.valid) },
        { weight: invalid, arbitrary: invalidTokens(tokens) },
      );

  it('fuzzes every route the app registers', () => {
    const app = createApp({ client: stack.env.client, readModel: stack.readModel, taskQueue: 'fuzz-routes', ...testAppSettings() });
    // Sign-in (api/routes/session.ts) answers without a token by design; test/api/session.test.ts covers it.
    const signIn = ['GET /api/session', 'POST /api/session', 'DELETE /api/session', 'GET /api/session/demo-people'];
    expect(registeredRoutes(app).filter((r) => !signIn.includes(r)).sort()).toEqual([...ROUTES].sort());
  });

  it('answers anything below 500, with a JSON error that shows no stack', async () => {
    await assertProperty(requests(await realIds(stack), { tokens: tokenMix(1, 2, 2), realIds: 8, body: { template: 4, other: 1 }, noQuery: 2 }), 200);
    expect(exchanges.lateChanges).toEqual([]);
  }, timeoutMs);

  it('leaves the read model as it was on every rejected request, however near valid', async () => {
    // Valid tokens of every role and unit, real ids and bodies the routes would almost take: deep into the handlers.
    await assertProperty(requests(await realIds(stack), { tokens: tokenMix(6, 3, 1), realIds: 30, body: { template: 12, other: 1 }, noQuery: 14 }), 200);
    expect(exchanges.lateChanges).toEqual([]);
  }, timeoutMs);

  it('answers 401 and nothing else without a valid token, but for the health check', async () => {
    await assertProperty(requests(await realIds(stack), { tokens: () => invalidTokens(tokens), realIds: 8, body: { template: 4, other: 1 }, noQuery: 2 }), 100);
    expect(exchanges.lateChanges).toEqual([]);
  }, timeoutMs);

  afterAll(() => {
    if (exchanges) console.info(`fuzz: ${exchanges.count} requests; statuses ${JSON.stringify(Object.fromEntries([...exchanges.statuses].sort(([a], [b]) => a - b)))}`);
  });
});
