import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISTYPED_2026, OFFICIAL_2026, TEST_2027 } from '../support/arrangements';
import type { Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';
import { eventually, uniqueId } from '../support/temporal';

/**
 * 年度放假安排 over HTTP on the real stack: an admin enters 2027's arrangement (a TEST arrangement, not the
 * official notice: see test/support/arrangements.ts), and working-day deadlines issued from then on count on it.
 * The API's clock is pinned to 20 Feb 2027 so that events of early February 2027 may be reported (a report may not
 * come from the future); Temporal and the worker run on the real clock, the tasks simply lie ahead of it.
 */
const NOW = Date.parse('2027-02-20T10:00:00+08:00');
/** emergency-hardship-aid (county): due 10 working days after the family is found. */
const EVENT = 'hardship-family-found';
const FOUND = '2027-02-04T09:00:00+08:00';

describe('PUT /api/calendar/:year/arrangement over HTTP', () => {
  let stack: Stack;
  let api: Api;
  let admin: Api;
  const run = uniqueId('arr');

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG, { app: { now: () => NOW } });
    ({ api } = stack);
    admin = api.as({ role: 'admin', unitId: 'c1', name: '系统管理员' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const report = async (subject: string) => {
    const res = await api.post('/api/events', { type: EVENT, unitId: 'k1', subject: `${run}-${subject}`, occurredAt: FOUND });
    expect(res.status).toBe(201);
    return res.body as { taskId: string; dueAt: string };
  };
  const auditCount = () => stack.readModel.audit.count();

  it('enters 2027: a deadline issued before keeps its date, one issued after skips the break and counts the 上班 Saturday', async () => {
    const before = await api.get('/api/calendar/2027');
    expect(before.body.arrangement).toMatchObject({ published: false, basis: 'statute' });

    // Before the entry 2027 has only the days off fixed by law (5 and 8 Feb): 9–12, 15–19, 22 Feb.
    const early = await report('early');
    expect(early.dueAt).toBe('2027-02-22T23:59:59.999+08:00');

    const entered = await admin.put('/api/calendar/2027/arrangement', TEST_2027);
    expect(entered.status).toBe(201);
    expect(entered.body).toMatchObject({
      year: 2027,
      version: 1,
      notice: TEST_2027.notice,
      enteredBy: '系统管理员',
      enteredAt: '2027-02-20T10:00:00.000+08:00',
      arrangement: { published: true, basis: 'notice', source: `${TEST_2027.notice.title} (2026-11-20)` },
      disagreement: [],
    });

    // Entered: 5–13 Feb off, Saturday 20 Feb worked: 15–19, 20, 22–25 Feb.
    const late = await report('late');
    expect(late.dueAt).toBe('2027-02-25T23:59:59.999+08:00');

    // The first task keeps the deadline it was issued with, in the engine and in the read model.
    const first = await eventually(async () => (await api.get(`/api/tasks/${early.taskId}`)).body, (t) => t.dueAt !== undefined);
    expect(first.dueAt).toBe('2027-02-22T23:59:59.999+08:00');
    const second = await eventually(async () => (await api.get(`/api/tasks/${late.taskId}`)).body, (t) => t.dueAt !== undefined);
    expect(second.dueAt).toBe('2027-02-25T23:59:59.999+08:00');
  });

  it('shows 2027 published with its source, the entered breaks and 上班 days, to everyone', async () => {
    const staff = api.as({ role: 'staff', unitId: 't1' });
    const { status, body } = await staff.get('/api/calendar/2027?unitId=t1');
    expect(status).toBe(200);
    expect(body.arrangement).toMatchObject({
      published: true,
      basis: 'notice',
      source: `${TEST_2027.notice.title} (2026-11-20)`,
      notice: { title: TEST_2027.notice.title, date: '2026-11-20', version: 1, enteredBy: '系统管理员', enteredAt: '2027-02-20T10:00:00.000+08:00' },
    });
    expect(body.arrangement.note).toBeUndefined();
    expect(body.disagreement).toEqual([]);
    expect(body.holidays.find((h: { name: string }) => h.name === '春节')).toMatchObject({ start: '2027-02-05', end: '2027-02-13', basis: 'arrangement' });
    expect(body.makeUpWorkdays).toContainEqual({ date: '2027-02-20', for: '春节' });
    // What hangs on the breaks moves with them: the 春节 sensitive period is the entered break.
    expect(body.sensitivePeriods.find((p: { key: string }) => p.key === 'spring-festival')).toMatchObject({ start: '2027-02-05', end: '2027-02-13' });
  });

  it('audits the entry with who, when and the notice; the same entry again changes nothing', async () => {
    const trail = (await admin.get('/api/units/c1/history?limit=1000')).body.entries;
    const entry = trail.find((e: { action: string; subjectId: string }) => e.action === 'calendar.enterArrangement' && e.subjectId === '2027');
    expect(entry).toMatchObject({
      actor: { name: '系统管理员', role: 'admin', unitId: 'c1' },
      subjectType: 'calendar',
      at: '2027-02-20T10:00:00.000+08:00',
      after: { version: 1, notice: TEST_2027.notice, basis: 'notice' },
    });
    expect(entry.before ?? null).toBeNull();

    const count = await auditCount();
    const again = await admin.put('/api/calendar/2027/arrangement', TEST_2027);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.version).toBe(1);
    expect(await auditCount()).toBe(count);
  });

  it('refuses anyone but an admin (403) and an entry that breaks a rule (400 naming the field), recording neither', async () => {
    const count = await auditCount();
    for (const role of ['leader', 'supervisor', 'staff'] as const) {
      const res = await api.as({ role, unitId: 'c1' }).put('/api/calendar/2027/arrangement', TEST_2027);
      expect(res.status, role).toBe(403);
      expect(res.body.error.message).toMatch(/may not enter the annual holiday arrangement/);
    }
    const cases: Array<[unknown, string]> = [
      [{ ...TEST_2027, workdays: ['2027-02-06'] }, 'workdays.0'],
      [{ ...TEST_2027, holidays: [{ name: '春节', start: '2026-12-31', end: '2027-02-13' }] }, 'holidays.0.start'],
      [{ ...TEST_2027, notice: { title: '通知', date: '2027-03-01' } }, 'notice.date'],
      [{ ...TEST_2027, notice: { date: '2026-11-20' } }, 'notice.title'],
      [{ ...TEST_2027, extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.put('/api/calendar/2027/arrangement', body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    expect((await admin.put('/api/calendar/20x7/arrangement', TEST_2027)).body.error.field).toBe('year');
    expect(await auditCount()).toBe(count);
    expect((await api.get('/api/calendar/2027')).body.arrangement.notice.version).toBe(1);
  });

  it('reports a disagreement with the library for a year it has, keeps the entered notice then, and uses the library again once they agree', async () => {
    const mistyped = await admin.put('/api/calendar/2026/arrangement', MISTYPED_2026);
    expect(mistyped.status).toBe(201);
    expect(mistyped.body.arrangement).toMatchObject({ basis: 'notice', reason: expect.stringMatching(/stays in use/) });
    expect(mistyped.body.disagreement).toEqual([
      { date: '2026-10-08', library: 'working', entered: 'off' },
      { date: '2026-10-10', library: 'working', entered: 'off' },
    ]);
    const shown = (await api.get('/api/calendar/2026')).body;
    expect(shown.disagreement.map((d: { date: string }) => d.date)).toEqual(['2026-10-08', '2026-10-10']);
    expect(shown.arrangement).toMatchObject({ published: true, basis: 'notice' });
    expect(shown.warnings.join(' ')).toMatch(/disagree on 2 day/);
    const audited = (await admin.get('/api/units/c1/history?limit=1000')).body.entries.find(
      (e: { action: string; subjectId: string }) => e.action === 'calendar.enterArrangement' && e.subjectId === '2026',
    );
    expect(audited.after.disagreement).toEqual(['2026-10-08', '2026-10-10']);

    const corrected = await admin.put('/api/calendar/2026/arrangement', OFFICIAL_2026);
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ version: 2, disagreement: [], arrangement: { basis: 'library', source: expect.stringMatching(/^chinese-days /) } });
    const now = (await api.get('/api/calendar/2026')).body;
    expect(now.arrangement).toMatchObject({ basis: 'library', notice: { title: OFFICIAL_2026.notice.title, version: 2 } });
    expect(now.disagreement).toEqual([]);
  });
});
