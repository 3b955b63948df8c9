import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstant, toZonedIso, yearInZone } from '../../domain/time';
import type { Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/temporal';

const fixture = (name: string) => readFileSync(resolve(__dirname, '../fixtures/petitions', name), 'utf8');
const CSV = { 'content-type': 'text/csv; charset=utf-8' };
const ISO_SHANGHAI = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/;
const ALL_PASS = { timelyReply: 'pass', policyImplemented: 'pass', problemSolved: 'pass', attitudeStable: 'pass' };

describe('petition cases over HTTP (dev server, real worker)', () => {
  let stack: Stack;
  /** The city's leader (市领导): reads every case, extends one and orders campaigns. */
  let api: Api;
  /** Ledgers are imported by a supervisor (督办员) above all of their units: here at the root. */
  let supervisor: Api;
  /** Case steps and screenings are done by the staff (经办人) of the case's own unit. */
  const staffOf = (unitId: string, name?: string) => api.as({ role: 'staff', unitId, ...(name ? { name } : {}) });

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    ({ api } = stack);
    supervisor = api.as({ role: 'supervisor', unitId: 'c1' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const ids = async (query: string) =>
    ((await api.get(`/api/petitions${query}`)).body.cases as Array<{ id: string }>).map((c) => c.id).sort();

  it('imports a CSV ledger with Chinese headers once; the same ledger again is a no-op', async () => {
    const first = await supervisor.post('/api/petitions/import', fixture('valid.csv'), CSV);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ received: 4, imported: 4, existing: 0, rules: { acceptDays: 15, replyDays: 60 } });

    // Every case is in the read model when the import answers.
    expect(await ids('')).toEqual(['XF-2026-001', 'XF-2026-002', 'XF-2026-003', 'XF-2026-004']);
    expect(await ids('?unitId=k1')).toEqual(['XF-2026-001', 'XF-2026-002', 'XF-2026-003']);
    expect(await ids('?unitId=t1')).toEqual(['XF-2026-002', 'XF-2026-003']);
    expect(await ids('?stage=closed')).toEqual(['XF-2026-004']);
    const list = (await api.get('/api/petitions?unitId=k1')).body.cases;
    expect(list[0]).not.toHaveProperty('petitioner');

    const again = await supervisor.post('/api/petitions/import', fixture('valid.csv'), CSV);
    expect(again).toMatchObject({ status: 200, body: { received: 4, imported: 0, existing: 4 } });
    expect((await api.get('/api/petitions')).body.total).toBe(4);
  });

  it('marks cases imported past their deadline overdue and shows each clock with its due date', async () => {
    // 001 was never accepted (15 days long gone); 002's extended reply deadline has passed too.
    const overdue = await eventually(() => ids('?unitId=k1&overdue=true'), (l) => l.length === 2);
    expect(overdue).toEqual(['XF-2026-001', 'XF-2026-002']);

    const detail = (await api.get('/api/petitions/XF-2026-002')).body;
    expect(detail).toMatchObject({
      id: 'XF-2026-002',
      unitId: 't1',
      stage: 'accepted',
      petitioner: '李某',
      extension: { days: 20, reason: '需核实档案' },
      activeClock: 'reply',
      overdue: true,
    });
    expect(detail.clocks).toEqual([
      expect.objectContaining({ kind: 'accept', name: '受理期限', status: 'met', dueAt: '2026-04-16T23:59:59.999+08:00', late: false }),
      expect.objectContaining({
        kind: 'reply',
        status: 'overdue',
        originalDueAt: '2026-06-09T23:59:59.999+08:00',
        dueAt: '2026-06-29T23:59:59.999+08:00',
      }),
    ]);
    expect(detail.clocks[1].overdueAt).toMatch(ISO_SHANGHAI);

    const reviewed = (await api.get('/api/petitions/XF-2026-003')).body;
    expect(reviewed.clocks.map((c: { kind: string; status: string }) => [c.kind, c.status])).toEqual([
      ['accept', 'met'],
      ['reply', 'met'],
      ['review', 'met'],
    ]);
    expect(reviewed.overdue).toBe(false);
  });

  it('takes the case through its steps and refuses what its stage or rules do not allow', async () => {
    // XF-2026-001 is 甲县's (k1): its staff take it through its steps; the leader grants the extension.
    const staff = staffOf('k1', '信访科');
    const accepted = await staff.post('/api/petitions/XF-2026-001/accept', { note: '已受理' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ stage: 'accepted', activeClock: 'reply', overdue: false });
    expect(accepted.body.clocks[0]).toMatchObject({ kind: 'accept', status: 'met', late: true });
    // Who acted is the token's person.
    expect(accepted.body.log).toContainEqual(expect.objectContaining({ action: 'accept', by: '信访科', note: '已受理' }));

    expect(await staff.post('/api/petitions/XF-2026-001/accept', {})).toMatchObject({ status: 409, body: { error: { code: 'not_allowed' } } });
    expect(await api.post('/api/petitions/XF-2026-001/extend', { days: 45, reason: '档案' })).toMatchObject({
      status: 400,
      body: { error: { field: 'days' } },
    });
    expect(await api.post('/api/petitions/XF-2026-001/extend', { days: 10 })).toMatchObject({
      status: 400,
      body: { error: { field: 'reason' } },
    });
    // 办理延期 is approved above the handling office: 甲县's own leader may not.
    const ownLeader = api.as({ role: 'leader', unitId: 'k1', name: '甲县领导' });
    expect(await ownLeader.post('/api/petitions/XF-2026-001/extend', { days: 30, reason: '需调取档案' })).toMatchObject({
      status: 403,
      body: { error: { code: 'separation_of_duties' } },
    });
    const extended = await api.post('/api/petitions/XF-2026-001/extend', { days: 30, reason: '需调取档案' });
    expect(extended.status).toBe(200);
    expect(extended.body.clocks[1].originalDueAt).toMatch(ISO_SHANGHAI);
    expect(await api.post('/api/petitions/XF-2026-001/extend', { days: 5, reason: '再延' })).toMatchObject({ status: 409 });

    expect((await staff.post('/api/petitions/XF-2026-001/reply', { note: '书面答复' })).body.stage).toBe('replied');
    const review = await staff.post('/api/petitions/XF-2026-001/review-request', { receivedAt: '2099-01-01T00:00:00+08:00' });
    expect(review).toMatchObject({ status: 400, body: { error: { field: 'receivedAt' } } });
    expect((await staff.post('/api/petitions/XF-2026-001/review-request', {})).body).toMatchObject({ stage: 'reviewRequested', activeClock: 'review' });
    expect((await staff.post('/api/petitions/XF-2026-001/close', {})).status).toBe(409);
    // The 复查 opinion is the level above's (信访工作条例 第三十五条): not 甲县's own people, but the city's.
    expect(await staff.post('/api/petitions/XF-2026-001/review-answer', { note: '维持' })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const countySupervisor = api.as({ role: 'supervisor', unitId: 'k1', name: '甲县信访局' });
    expect(await countySupervisor.post('/api/petitions/XF-2026-001/review-answer', { note: '维持' })).toMatchObject({
      status: 403,
      body: { error: { code: 'separation_of_duties' } },
    });
    expect((await supervisor.post('/api/petitions/XF-2026-001/review-answer', { note: '维持' })).body.stage).toBe('reviewed');
    expect((await staff.post('/api/petitions/XF-2026-001/close', { note: '息诉罢访' })).body.stage).toBe('closed');
    expect((await staff.post('/api/petitions/no-such-case/accept', {})).status).toBe(404);
  });

  it('reports every problem of a bad ledger with its line, imports nothing, and reads more than 64 kB on this route', async () => {
    const bad = await supervisor.post('/api/petitions/import', fixture('bad.csv'), CSV);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_ledger', field: 'body' });
    expect(bad.body.error.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [3, 'id'],
      [4, 'unitId'],
      [5, 'receivedAt'],
      [6, 'stage'],
      [7, 'acceptedAt'],
      [8, 'repliedAt'],
      [9, 'extensionDays'],
      [10, 'stage'],
      [11, 'receivedAt'],
    ]);
    // XF-1 on line 2 was valid, but nothing of a ledger with errors is imported.
    expect((await api.get('/api/petitions/XF-1')).status).toBe(404);

    const header = 'id,unitId,receivedAt,petitioner,summary';
    const rows = Array.from({ length: 1500 }, (_, i) => `BIG-${i},${i === 1499 ? 'nowhere' : 'k1'},2026-05-01,某某,${'诉求'.repeat(10)}`);
    const big = [header, ...rows].join('\n');
    expect(Buffer.byteLength(big)).toBeGreaterThan(64 * 1024);
    const large = await supervisor.post('/api/petitions/import', big, CSV);
    expect(large.status).toBe(400);
    expect(large.body.error.errors).toEqual([expect.objectContaining({ line: 1501, id: 'BIG-1499', field: 'unitId' })]);
    expect((await api.get('/api/petitions?unitId=k1')).body.total).toBe(3);

    const tooLarge = await supervisor.post('/api/petitions/import', `${header}\n${'x'.repeat(2 * 1024 * 1024)}`, CSV);
    expect(tooLarge.status).toBe(413);
  });

  it('imports JSON with its own clock rules and names a bad rule or query field', async () => {
    const json = fixture('valid.json');
    const imported = await supervisor.post('/api/petitions/import', json);
    expect(imported).toMatchObject({ status: 201, body: { imported: 2, rules: { acceptDays: 10, replyDays: 60 } } });
    const detail = (await api.get('/api/petitions/J-001')).body;
    // The 10th day, Sat 30 May 2026, is a day off: the clock ends on Mon 1 Jun (民法典 第二百零三条).
    expect(detail.clocks[0]).toMatchObject({ kind: 'accept', dueAt: '2026-06-01T23:59:59.999+08:00' });

    const oneCase = { id: 'R-1', unitId: 'k1', receivedAt: '2026-05-01', petitioner: '某某', summary: '诉求' };
    const badRule = await supervisor.post('/api/petitions/import', { clocks: { acceptDays: 0 }, cases: [oneCase] });
    expect(badRule).toMatchObject({ status: 400, body: { error: { field: 'clocks.acceptDays' } } });
    const badJson = await supervisor.post('/api/petitions/import', '{"cases": [\n  {"id": "A",}\n]}');
    expect(badJson).toMatchObject({ status: 400, body: { error: { code: 'invalid_ledger', field: 'cases', errors: [{ line: 2 }] } } });
    expect((await api.get('/api/petitions/R-1')).status).toBe(404);
    expect(await api.get('/api/petitions?stage=pending')).toMatchObject({ status: 400, body: { error: { field: 'stage' } } });
    expect(await api.get('/api/petitions?unitId=zz')).toMatchObject({ status: 400, body: { error: { field: 'unitId' } } });
  });

  it('runs a re-screening campaign: a failed check opens exactly one follow-up task, however often it is sent', async () => {
    // In k1's subtree: three cases of the CSV ledger and both of the JSON one.
    const created = await api.post('/api/petitions/campaigns', { id: 'rs-2026-k1', scopeUnitId: 'k1', withinDays: 10 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'rs-2026-k1', status: 'open', allCasesOpened: true, progress: { cases: 5, pending: 5 } });
    expect(created.body.dueAt).toMatch(ISO_SHANGHAI);
    const replay = await api.post('/api/petitions/campaigns', { id: 'rs-2026-k1', scopeUnitId: 'k1', withinDays: 10 });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    // The same id for another scope: the first campaign stands.
    const otherScope = await api.post('/api/petitions/campaigns', { id: 'rs-2026-k1', scopeUnitId: 't1', withinDays: 10 });
    expect(otherScope).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });

    const failed = { checks: { ...ALL_PASS, problemSolved: 'fail', attitudeStable: 'fail' }, note: '诉求未解决，情绪反复' };
    // Each case is screened by its own unit's staff: XF-2026-002 is 东镇's (t1), XF-2026-003 东河村's (v1).
    const t1 = staffOf('t1');
    const first = await t1.post('/api/petitions/XF-2026-002/screenings/rs-2026-k1', failed);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'failed', late: false, failed: [{ check: 'problemSolved' }, { check: 'attitudeStable' }] });
    const { assignmentId, taskId } = first.body.followUp;
    expect(taskId).toBe(`${assignmentId}.t1`);

    const tasks = await api.get(`/api/tasks?assignmentId=${assignmentId}`);
    expect(tasks.body.tasks).toEqual([expect.objectContaining({ id: taskId, directiveId: 'petition-rescreening', unitId: 't1' })]);
    const assignment = await api.get(`/api/assignments/${assignmentId}`);
    expect(assignment.body).toMatchObject({ directiveId: 'petition-rescreening', event: { type: 'rescreening-check-failed', subject: 'XF-2026-002' } });

    const repeated = await t1.post('/api/petitions/XF-2026-002/screenings/rs-2026-k1', failed);
    expect(repeated.body.followUp).toEqual({ assignmentId, taskId });
    expect((await api.get(`/api/tasks?assignmentId=${assignmentId}`)).body.tasks).toHaveLength(1);
    const changed = await t1.post('/api/petitions/XF-2026-002/screenings/rs-2026-k1', { checks: ALL_PASS });
    expect(changed.status).toBe(409);

    const passed = await staffOf('v1').post('/api/petitions/XF-2026-003/screenings/rs-2026-k1', { checks: ALL_PASS });
    expect(passed.body).toMatchObject({ status: 'passed', failed: [] });
    expect(passed.body.followUp).toBeUndefined();

    const progress = (await api.get('/api/petitions/campaigns/rs-2026-k1')).body.progress;
    expect(progress).toMatchObject({ cases: 5, screened: 2, failed: 1, passed: 1, pending: 3, overdue: 0, followUps: 1 });
    expect((await api.get('/api/petitions/XF-2026-002')).body.screenings).toEqual([
      expect.objectContaining({ campaignId: 'rs-2026-k1', status: 'failed', followUp: { assignmentId, taskId } }),
    ]);
    // XF-2026-004 (乙区, k2) is outside the campaign: its own staff find no screening of it to record.
    expect((await staffOf('k2').post('/api/petitions/XF-2026-004/screenings/rs-2026-k1', { checks: ALL_PASS })).status).toBe(404);
  });

  it("records each change of a case once in the unit's trail, shown as the case or screening it changed, however often it is sent at once", async () => {
    type Entry = { action: string; subjectType: string; subjectId: string; actor: { name: string }; before: Record<string, unknown> | null; after: Record<string, unknown> };
    const trailOf = async (caseId: string) =>
      ((await api.get('/api/units/c1/history?limit=1000')).body.entries as Entry[]).filter((e) => e.subjectId === caseId).reverse();

    // The steps taken one by one above: each once, named as before, the case shown as the list shows it (no petitioner).
    const steps = await trailOf('XF-2026-001');
    expect(steps.map((e) => e.action)).toEqual([
      'petition.import',
      'petition.accept',
      'petition.extend',
      'petition.reply',
      'petition.requestReview',
      'petition.answerReview',
      'petition.close',
    ]);
    const accept = steps[1] as Entry;
    expect(accept).toMatchObject({ subjectType: 'petitionCase', actor: { name: '信访科' } });
    expect(accept.before).toMatchObject({ id: 'XF-2026-001', unitId: 'k1', unitName: '甲县', stage: 'registered', stageName: '待受理', activeClock: 'accept', overdue: true });
    expect(accept.after).toMatchObject({ stage: 'accepted', activeClock: 'reply', overdue: false });
    expect(Object.keys(accept.after).sort()).toEqual(['activeClock', 'activeDueAt', 'id', 'overdue', 'receivedAt', 'stage', 'stageName', 'summary', 'unitId', 'unitName']);
    expect(accept.after.receivedAt).toMatch(ISO_SHANGHAI);
    expect(steps[6]?.after).toMatchObject({ stage: 'closed' });

    // The failed screening sent twice: one entry, the screening before and after with its follow-up.
    const screened = (await trailOf('XF-2026-002')).filter((e) => e.action === 'petition.screen');
    expect(screened).toHaveLength(1);
    expect(screened[0]?.before).toMatchObject({ campaignId: 'rs-2026-k1', caseId: 'XF-2026-002', status: 'pending', late: false });
    expect(screened[0]?.after).toMatchObject({ status: 'failed', failed: [{ check: 'problemSolved' }, { check: 'attitudeStable' }], followUp: { taskId: expect.any(String) } });
    expect(screened[0]?.after.screenedAt).toMatch(ISO_SHANGHAI);

    // Three at once: one change, one entry each.
    const staff = staffOf('k1', '信访科');
    const accepts = await Promise.all([1, 2, 3].map(() => staff.post('/api/petitions/J-001/accept', { note: '已受理' })));
    expect(accepts.filter((r) => r.status === 200)).toHaveLength(1);
    const failed = { checks: { ...ALL_PASS, timelyReply: 'fail' } };
    const screenings = await Promise.all([1, 2, 3].map(() => staffOf('t1').post('/api/petitions/J-002/screenings/rs-2026-k1', failed)));
    expect(screenings.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(screenings.map((r) => JSON.stringify(r.body.followUp))).size).toBe(1);
    // Sent again later: answered as the first, marked as a replay, and not a change.
    const again = await staffOf('t1').post('/api/petitions/J-002/screenings/rs-2026-k1', failed);
    expect(again).toMatchObject({ status: 200, body: { followUp: screenings[0]?.body.followUp } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const j1 = (await trailOf('J-001')).map((e) => e.action);
    expect(j1).toEqual(['petition.import', 'petition.accept']);
    const j2 = (await trailOf('J-002')).filter((e) => e.action === 'petition.screen');
    expect(j2).toHaveLength(1);
    expect(j2[0]?.after).toMatchObject({ status: 'failed', followUp: screenings[0]?.body.followUp });
  });

  it('names the field of a bad campaign or screening request', async () => {
    const post = (body: unknown) => api.post('/api/petitions/campaigns', body);
    expect(await post({ withinDays: 10 })).toMatchObject({ status: 400, body: { error: { field: 'scopeUnitId' } } });
    expect(await post({ scopeUnitId: 'zz' })).toMatchObject({ status: 400, body: { error: { field: 'scopeUnitId' } } });
    expect(await post({ scopeUnitId: 'k1', beforeSensitivePeriod: { year: 2030, key: 'mid-autumn' } })).toMatchObject({
      status: 400,
      body: { error: { field: 'beforeSensitivePeriod.key' } },
    });
    expect(await post({ scopeUnitId: 'k1', dueAt: '2020-01-01T00:00:00+08:00' })).toMatchObject({ status: 400, body: { error: { field: 'dueAt' } } });
    expect(await post({ scopeUnitId: 'k1', dueAt: 'soon' })).toMatchObject({ status: 400, body: { error: { field: 'dueAt' } } });
    expect(await post({ scopeUnitId: 'k1', colour: 'red' })).toMatchObject({ status: 400, body: { error: { field: 'colour' } } });

    // Next year's 两会 (3 March): opens 14 days ahead, due the day before.
    const year = yearInZone(Date.now()) + 1;
    const scheduled = await post({ scopeUnitId: 'k2', beforeSensitivePeriod: { year, key: 'two-sessions' } });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body).toMatchObject({
      status: 'scheduled',
      opensAt: toZonedIso((parseInstant(`${year}-03-03T00:00`) as number) - 14 * 24 * 3600 * 1000),
      dueAt: `${year}-03-02T23:59:59.999+08:00`,
      sensitivePeriod: { key: 'two-sessions', name: '两会', year },
      progress: { cases: 0 },
    });

    const screen = (body: unknown) => staffOf('t1').post('/api/petitions/XF-2026-002/screenings/rs-2026-k1', body);
    expect(await screen({ checks: { timelyReply: 'pass', policyImplemented: 'pass', problemSolved: 'pass' } })).toMatchObject({
      status: 400,
      body: { error: { field: 'checks.attitudeStable' } },
    });
    expect(await screen({ checks: { ...ALL_PASS, timelyReply: 'maybe' } })).toMatchObject({
      status: 400,
      body: { error: { field: 'checks.timelyReply' } },
    });
    expect((await staffOf('t1').post('/api/petitions/XF-2026-002/screenings/no-campaign', { checks: ALL_PASS })).status).toBe(404);
    expect((await api.get('/api/petitions/campaigns/no-campaign')).status).toBe(404);
  });
  it('takes a 复查 request only within 30 days of the reply, and each opinion only from above the unit that answered before (信访工作条例 第三十五、三十六条)', async () => {
    const day = (offset: number) => DateTime.now().setZone('Asia/Shanghai').plus({ days: offset }).toISODate();
    const replied = { petitioner: '某丙', summary: '反映待遇未落实', stage: 'replied' };
    const cases = [
      { id: 'RV-LATE', unitId: 't1', receivedAt: day(-230), acceptedAt: day(-225), repliedAt: day(-152), ...replied },
      { id: 'RV-1', unitId: 't1', receivedAt: day(-40), acceptedAt: day(-38), repliedAt: day(-5), ...replied },
    ];
    expect((await supervisor.post('/api/petitions/import', { cases })).status).toBe(201);
    const town = staffOf('t1', '东镇信访员');

    // 152 days after the written reply: out of time, refused with the reason; the case stays 已答复.
    const late = await town.post('/api/petitions/RV-LATE/review-request', { note: '不服答复' });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'not_allowed', message: expect.stringMatching(/within 30 days of the written reply.*第三十五条/) } } });
    expect((await api.get('/api/petitions/RV-LATE')).body.stage).toBe('replied');
    // The window counts to when the request was received: dated inside it, the request stands; dated after, not.
    const receivedLate = await town.post('/api/petitions/RV-LATE/review-request', { receivedAt: `${day(-100)}T10:00:00+08:00` });
    expect(receivedLate).toMatchObject({ status: 409, body: { error: { code: 'not_allowed' } } });
    const receivedInTime = await town.post('/api/petitions/RV-LATE/review-request', { receivedAt: `${day(-130)}T10:00:00+08:00` });
    expect(receivedInTime).toMatchObject({ status: 200, body: { stage: 'reviewRequested' } });

    expect((await town.post('/api/petitions/RV-1/review-request', { note: '不服答复' })).body.stage).toBe('reviewRequested');
    // The 复查: not the town itself (nor its supervisor), but the level above it.
    const townSupervisor = api.as({ role: 'supervisor', unitId: 't1', name: '东镇督办' });
    expect(await townSupervisor.post('/api/petitions/RV-1/review-answer', {})).toMatchObject({ status: 403, body: { error: { code: 'separation_of_duties' } } });
    const county = api.as({ role: 'supervisor', unitId: 'k1', name: '甲县信访局' });
    const reviewed = await county.post('/api/petitions/RV-1/review-answer', { note: '维持原答复' });
    expect(reviewed.body.stage).toBe('reviewed');
    expect(reviewed.body.log).toContainEqual(expect.objectContaining({ action: 'answerReview', by: '甲县信访局', unitId: 'k1' }));

    // The 复核: above the unit that gave the 复查 (甲县), so the city.
    expect((await town.post('/api/petitions/RV-1/re-review-request', {})).body.stage).toBe('reReviewRequested');
    const again = await county.post('/api/petitions/RV-1/re-review-answer', {});
    expect(again).toMatchObject({ status: 403, body: { error: { code: 'separation_of_duties', message: expect.stringMatching(/甲县 \(k1\)/) } } });
    const final = await supervisor.post('/api/petitions/RV-1/re-review-answer', { note: '维持' });
    expect(final.body).toMatchObject({ stage: 'reReviewed' });
    expect(final.body.log).toContainEqual(expect.objectContaining({ action: 'answerReReview', unitId: 'c1' }));
  });

  it('keeps petition casework out of everything an admin reads: the unit trail and the inbox', async () => {
    const admin = api.as({ role: 'admin', unitId: 'c1', name: '系统管理员' });
    const isPetition = (e: { subjectType: string }) => e.subjectType === 'petitionCase' || e.subjectType === 'campaign';
    const leaderTrail = (await api.get('/api/units/c1/history?limit=1000')).body;
    expect(leaderTrail.entries.filter(isPetition).length).toBeGreaterThan(0);
    const adminTrail = (await admin.get('/api/units/c1/history?limit=1000')).body;
    expect(adminTrail.entries.filter(isPetition)).toEqual([]);
    expect(adminTrail.total).toBe(leaderTrail.total - leaderTrail.entries.filter(isPetition).length);
    expect(JSON.stringify(adminTrail)).not.toMatch(/诉求|反映|XF-2026/);

    // The overdue cases imported above told the city; the admin's view of the same inbox has none of it.
    const leaderInbox = await eventually(
      async () => (await api.get('/api/notifications?unitId=c1&role=all&limit=500')).body.notifications as Array<{ subjectType: string }>,
      (n) => n.some((x) => x.subjectType === 'petitionCase'),
    );
    expect(leaderInbox.length).toBeGreaterThan(0);
    const adminInbox = (await admin.get('/api/notifications?unitId=c1&role=all&limit=500')).body.notifications as Array<{ subjectType: string }>;
    expect(adminInbox.filter((n) => n.subjectType === 'petitionCase')).toEqual([]);

    // A failed screening's follow-up is a task anyone may read; which case failed is not.
    const { assignmentId } = (await api.get('/api/petitions/XF-2026-002')).body.screenings[0].followUp;
    expect((await api.get(`/api/assignments/${assignmentId}`)).body.event).toMatchObject({ type: 'rescreening-check-failed', subject: 'XF-2026-002' });
    const seenByAdmin = (await admin.get(`/api/assignments/${assignmentId}`)).body;
    expect(seenByAdmin.event.type).toBe('rescreening-check-failed');
    expect(seenByAdmin.event).not.toHaveProperty('subject');
  });
});
