import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoOrg } from '../../domain/demo-org';
import { ZONE } from '../../domain/time';
import type { ReadModel } from '../../readmodel';
import { uploadedEvidence } from '../support/evidence-files';
import type { Api } from '../support/http';
import { startStack, type Stack } from '../support/stack';
import { eventually, uniqueId } from '../support/temporal';

const DAY = 24 * 60 * 60 * 1000;
const CITY = '610600';
const BAOTA = '610602';
const ANSAI = '610603';

describe('reports, events and standards against the dev server and a real worker', () => {
  let stack: Stack;
  let env: TestWorkflowEnvironment;
  let readModel: ReadModel;
  let api: Api;

  beforeAll(async () => {
    stack = await startStack(generateDemoOrg());
    ({ env, readModel, api } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const firstTown = async (countyId: string) => (await readModel.org.children(countyId))[0]!;
  const firstVillage = async (countyId: string) => (await readModel.org.children((await firstTown(countyId)).id))[0]!;
  /** A unit's own staff (经办人) complete its steps and attest for it. */
  const staffOf = (unitId: string) => api.as({ role: 'staff', unitId });

  async function completeAll(taskId: string) {
    const task = (await api.get(`/api/tasks/${taskId}`)).body;
    for (const step of task.steps) {
      const evidence = [await uploadedEvidence(api, task.unitId)];
      expect((await staffOf(task.unitId).post(`/api/tasks/${taskId}/steps/${step.id}/complete`, { evidence })).status).toBe(200);
    }
  }

  it('starts an event-driven task due 30 days after a veteran is verified, once per event', async () => {
    const village = await firstVillage(BAOTA);
    const occurredAt = '2026-11-20T16:30:00+08:00';
    const body = { type: 'veteran-verified', unitId: village.id, subject: '退役军人 甲', occurredAt };
    const first = await api.post('/api/events', body);
    expect(first.status).toBe(201);
    // 20 Nov + 30 days = 20 Dec, to its last instant in Shanghai.
    expect(first.body).toMatchObject({ directiveId: 'honor-plaque-delivery', unitId: village.id, dueAt: '2026-12-20T23:59:59.999+08:00' });
    const task = (await api.get(`/api/tasks/${first.body.taskId}`)).body;
    expect(task).toMatchObject({ status: 'open', directiveId: 'honor-plaque-delivery', unitId: village.id, dueAt: first.body.dueAt });

    const again = await api.post('/api/events', body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.taskId).toBe(first.body.taskId);
    expect((await api.get(`/api/tasks?assignmentId=${first.body.assignmentId}`)).body.tasks).toHaveLength(1);
  });

  it('keeps one task when the same event is reported again with a corrected occurredAt, and says which task stands', async () => {
    const village = (await readModel.org.children((await firstTown(ANSAI)).id))[0]!;
    const body = { type: 'veteran-verified', unitId: village.id, subject: '退役军人 丙', occurredAt: '2026-11-10T10:00:00+08:00' };
    const first = await api.post('/api/events', body);
    expect(first.status).toBe(201);
    expect(first.body.dueAt).toBe('2026-12-10T23:59:59.999+08:00');

    const corrected = await api.post('/api/events', { ...body, occurredAt: '2026-11-12T10:00:00+08:00' });
    expect(corrected).toMatchObject({ status: 409, body: { error: { code: 'event_conflict', field: 'occurredAt' } } });
    expect(corrected.body.error.message).toContain(first.body.taskId);
    expect(corrected.body.error.message).toContain('2026-11-10T10:00:00.000+08:00');

    const plaques = (await api.get(`/api/tasks?unitId=${village.id}`)).body.tasks.filter(
      (t: { directiveId: string }) => t.directiveId === 'honor-plaque-delivery',
    );
    expect(plaques.map((t: { id: string; dueAt: string }) => [t.id, t.dueAt])).toEqual([[first.body.taskId, first.body.dueAt]]);
    // The first report sent again is still the same task.
    const again = await api.post('/api/events', body);
    expect(again).toMatchObject({ status: 201, body: { taskId: first.body.taskId } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('gives a merit award notice 15 days, and a notice reported too late is overdue at once', async () => {
    const occurred = DateTime.now().setZone(ZONE).minus({ days: 20 });
    const res = await api.post('/api/events', {
      type: 'merit-award-notice',
      unitId: BAOTA,
      subject: '现役军人 乙 荣立三等功',
      occurredAt: occurred.toISO(),
    });
    expect(res.status).toBe(201);
    expect(res.body.dueAt).toBe(occurred.plus({ days: 15 }).endOf('day').toISO());
    const task = await eventually(
      async () => (await api.get(`/api/tasks/${res.body.taskId}`)).body,
      (t) => t.status === 'overdue',
      5000,
    );
    expect(task.status).toBe('overdue');
  });

  it('refuses an unknown event type, a future event and a unit of the wrong level with the field named', async () => {
    const village = await firstVillage(BAOTA);
    const base = { type: 'veteran-verified', unitId: village.id, subject: '甲', occurredAt: '2026-11-01T09:00:00+08:00' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, type: 'moon-landing' }, 'type'],
      [{ ...base, occurredAt: new Date(Date.now() + DAY).toISOString() }, 'occurredAt'],
      [{ ...base, unitId: CITY }, 'unitId'],
      [{ ...base, unitId: 'nope' }, 'unitId'],
      [{ ...base, subject: '' }, 'subject'],
      [{ ...base, extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post('/api/events', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
  });

  it('summarises a unit per directive and ranks its children: on-time rate, then completion, then progress', async () => {
    // Care fund to two counties; 宝塔区 completes, 安塞区 does not.
    const a = await api.post('/api/assignments', { directiveId: 'care-fund-establishment', scopeUnitId: CITY });
    expect(a.status).toBe(201);
    await completeAll(`${a.body.id}.${BAOTA}`);
    // A short deadline on 安塞区 alone, left to pass.
    const b = await api.post('/api/assignments', {
      directiveId: 'care-fund-establishment',
      scopeUnitId: ANSAI,
      dueAt: new Date(Date.now() + 5000).toISOString(), // ahead enough that a busy API still takes it as future
    });
    await eventually(async () => (await api.get(`/api/tasks/${b.body.id}.${ANSAI}`)).body.status, (s) => s === 'overdue');

    const summary = (await api.get(`/api/units/${CITY}/summary?directiveId=care-fund-establishment`)).body;
    const care = summary.directives.find((d: { directiveId: string }) => d.directiveId === 'care-fund-establishment');
    // 13 tasks of the first assignment + 1 of the second.
    expect(care).toMatchObject({ total: 14, done: 1, doneLate: 0, overdue: 1, open: 12 });
    expect(care.light).toBe('red');
    const ranking = summary.ranking as Array<{ unitId: string; rank: number; onTimeRate: number | null; total: number }>;
    expect(ranking).toHaveLength(13);
    expect(ranking[0]).toMatchObject({ unitId: BAOTA, rank: 1, onTimeRate: 100 });
    const ansai = ranking.find((r) => r.unitId === ANSAI)!;
    expect(ansai.onTimeRate).toBe(0);
    // Counties with nothing decided yet (no task done or past due) show no rate, but nothing of theirs is late: they
    // rank together above 安塞区, whose work is overdue.
    expect(ranking.slice(1, 12).every((r) => r.onTimeRate === null && r.rank === 2)).toBe(true);
    expect(ranking[12]).toMatchObject({ unitId: ANSAI, rank: 13 });
    // Parents are the sum of their children.
    for (const key of ['total', 'done', 'open', 'overdue'] as const) {
      expect(ranking.reduce((n, r) => n + (r as unknown as Record<string, number>)[key]!, 0)).toBe(care[key]);
    }
    const rankingOnly = (await api.get(`/api/units/${CITY}/ranking?directiveId=care-fund-establishment`)).body;
    expect(rankingOnly.ranking).toEqual(summary.ranking);
  });

  it('rolls an assignment up level by level, every parent the sum of its children', async () => {
    const res = await api.post('/api/assignments', { directiveId: 'village-station-team', scopeUnitId: BAOTA });
    expect(res.status).toBe(201);
    const villages = await readModel.org.unitsAtLevel(BAOTA, 'village');
    expect(res.body.taskCount).toBe(villages.length);
    await completeAll(`${res.body.id}.${villages[0]!.id}`);
    const { tree } = (await api.get(`/api/assignments/${res.body.id}/rollup?depth=2`)).body;
    expect(tree.counts).toMatchObject({ total: villages.length, done: 1, open: villages.length - 1 });
    const check = (node: { counts: Record<string, number>; children?: Array<{ counts: Record<string, number> }> }) => {
      if (!node.children?.length) return;
      for (const key of ['total', 'done', 'doneLate', 'open', 'overdue', 'atRisk', 'stepsDone', 'stepsTotal']) {
        expect(node.children.reduce((n, c) => n + c.counts[key]!, 0)).toBe(node.counts[key]);
      }
      node.children.forEach(check);
    };
    check(tree);
    expect(tree.children[0].children[0].level).toBe('village');
    expect((await api.get(`/api/assignments/${res.body.id}/rollup?depth=9`)).body.error.field).toBe('depth');
  });

  it('filters the overdue list by directive, level and days overdue', async () => {
    const ansaiTown = await firstTown(ANSAI);
    const res = await api.post('/api/assignments', {
      directiveId: 'town-fulltime-staff',
      scopeUnitId: ansaiTown.id,
      dueAt: new Date(Date.now() + 5000).toISOString(), // ahead enough that a busy API still takes it as future
    });
    expect(res.body.taskCount).toBe(1);
    const taskId = `${res.body.id}.${ansaiTown.id}`;
    await eventually(async () => (await api.get(`/api/tasks/${taskId}`)).body.status, (s) => s === 'overdue');
    const ids = async (query: string) =>
      ((await api.get(`/api/overdue?scopeUnitId=${CITY}&${query}`)).body.tasks as Array<{ id: string }>).map((t) => t.id);
    expect(await ids('directiveId=town-fulltime-staff')).toContain(taskId);
    expect(await ids('directiveId=care-fund-establishment')).not.toContain(taskId);
    expect(await ids('level=town')).toContain(taskId);
    expect(await ids('level=county')).not.toContain(taskId);
    expect(await ids('minDaysOverdue=0')).toContain(taskId);
    expect(await ids('minDaysOverdue=1')).not.toContain(taskId);
    const bad = await api.get(`/api/overdue?level=planet`);
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'level' } } });
  });

  it('computes compliance from attestations and rolls it up: one full-time staff member is red', async () => {
    const town = await firstTown(BAOTA);
    const appointment = await uploadedEvidence(api, town.id, 3);
    const attest = (values: Record<string, unknown>, headers?: Record<string, string>) =>
      staffOf(town.id).post(`/api/units/${town.id}/attestations`, { directiveId: 'town-fulltime-staff', values, evidence: [appointment] }, headers);
    const one = await attest({ 'fulltime-staff': 1, 'part-timers-in-fulltime-posts': 0, 'staff-holding-several-jobs': 0 });
    expect(one.status).toBe(201);
    expect(one.body.results.find((r: { standardId: string }) => r.standardId === 'fulltime-staff')).toMatchObject({ value: 1, compliant: false });

    const standards = async () =>
      (await api.get(`/api/units/${BAOTA}/standards?directiveId=town-fulltime-staff`)).body.directives[0].standards.find(
        (s: { standardId: string }) => s.standardId === 'fulltime-staff',
      );
    const towns = (await readModel.org.children(BAOTA)).length;
    expect(await standards()).toMatchObject({ applicable: towns, compliant: 0, nonCompliant: 1, missing: towns - 1, light: 'red' });

    // A later attestation replaces it as the town's standing; the first stays in its history.
    const two = await attest({ 'fulltime-staff': 2, 'part-timers-in-fulltime-posts': 0, 'staff-holding-several-jobs': 0 }, { 'Idempotency-Key': 'attest-2' });
    expect(two.body.results.every((r: { compliant: boolean }) => r.compliant)).toBe(true);
    const s = await standards();
    expect(s).toMatchObject({ compliant: 1, nonCompliant: 0, missing: towns - 1, light: 'yellow' });
    expect(s.children.find((c: { unitId: string }) => c.unitId === town.id)).toMatchObject({ applicable: 1, compliant: 1 });
    expect((await api.get(`/api/units/${town.id}/attestations`)).body.attestations).toHaveLength(2);

    // Same key, same body: the first answer; same key, other body: 409.
    const replay = await attest({ 'fulltime-staff': 2, 'part-timers-in-fulltime-posts': 0, 'staff-holding-several-jobs': 0 }, { 'Idempotency-Key': 'attest-2' });
    expect(replay.body.id).toBe(two.body.id);
    expect((await attest({ 'fulltime-staff': 3, 'part-timers-in-fulltime-posts': 0, 'staff-holding-several-jobs': 0 }, { 'Idempotency-Key': 'attest-2' })).status).toBe(409);
    // The same values dated otherwise are another attestation, not a retry of this one.
    const redated = await staffOf(town.id).post(
      `/api/units/${town.id}/attestations`,
      { directiveId: 'town-fulltime-staff', values: { 'fulltime-staff': 2, 'part-timers-in-fulltime-posts': 0, 'staff-holding-several-jobs': 0 }, evidence: [appointment], attestedAt: '2026-01-05T09:00:00+08:00' },
      { 'Idempotency-Key': 'attest-2' },
    );
    expect(redated).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });
    expect((await api.get(`/api/units/${town.id}/attestations`)).body.attestations).toHaveLength(2);
  });

  it('takes a unit’s standing from its latest attestation by attestedAt, not the last one filed', async () => {
    const town = (await readModel.org.children(ANSAI))[0]!;
    const appointment = await uploadedEvidence(api, town.id, 6);
    const attest = (fulltime: number, attestedAt: string) =>
      staffOf(town.id).post(`/api/units/${town.id}/attestations`, {
        directiveId: 'town-fulltime-staff',
        values: { 'fulltime-staff': fulltime, 'part-timers-in-fulltime-posts': 0, 'staff-holding-several-jobs': 0 },
        evidence: [appointment],
        attestedAt,
      });
    const today = DateTime.now().setZone(ZONE).startOf('day');
    // Two non-compliant attestations, then a compliant one backdated a day before the latest of them.
    expect((await attest(1, today.minus({ days: 3 }).plus({ hours: 9 }).toISO()!)).status).toBe(201);
    expect((await attest(1, today.plus({ minutes: 1 }).toISO()!)).status).toBe(201);
    const backdated = await attest(2, today.minus({ days: 1 }).plus({ hours: 9 }).toISO()!);
    expect(backdated.status).toBe(201);
    expect(backdated.body.results.every((r: { compliant: boolean }) => r.compliant)).toBe(true);

    const standing = (await api.get(`/api/units/${town.id}/standards?directiveId=town-fulltime-staff`)).body.directives[0].standards.find(
      (s: { standardId: string }) => s.standardId === 'fulltime-staff',
    );
    expect(standing).toMatchObject({ applicable: 1, compliant: 0, nonCompliant: 1, light: 'red' });
    // Its history lists them newest attested first: the standing one leads.
    const history = (await api.get(`/api/units/${town.id}/attestations?directiveId=town-fulltime-staff`)).body.attestations;
    expect(history.map((a: { values: Record<string, number> }) => a.values['fulltime-staff'])).toEqual([1, 2, 1]);

    // Attested at the same instant: the one recorded later stands.
    const same = today.plus({ minutes: 1 }).toISO()!;
    expect((await attest(3, same)).status).toBe(201);
    const after = (await api.get(`/api/units/${town.id}/standards?directiveId=town-fulltime-staff`)).body.directives[0].standards.find(
      (s: { standardId: string }) => s.standardId === 'fulltime-staff',
    );
    expect(after).toMatchObject({ compliant: 1, nonCompliant: 0, light: 'green' });

    const future = await attest(2, DateTime.now().setZone(ZONE).plus({ hours: 1 }).toISO()!);
    expect(future).toMatchObject({ status: 400, body: { error: { field: 'attestedAt' } } });
  });

  it('checks the 13 display items as a checklist and refuses malformed attestations with the field named', async () => {
    const village = await firstVillage(BAOTA);
    const directive = (await api.get('/api/catalog/pce-13-display-items')).body;
    const items: string[] = directive.standards[0].checklist.map((c: { id: string }) => c.id);
    const photo = await uploadedEvidence(api, village.id, 4);
    const post = (values: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      staffOf(village.id).post(`/api/units/${village.id}/attestations`, { directiveId: 'pce-13-display-items', values, evidence: [photo], ...extra });
    const twelve = await post({ 'thirteen-display-items': items.slice(1), 'ten-hero-portraits': 10 });
    expect(twelve.status).toBe(201);
    expect(twelve.body.results[0]).toMatchObject({ value: 12, compliant: false, missingItems: [items[0]] });

    const bad: Array<[Record<string, unknown>, Record<string, unknown>, string]> = [
      [{ 'thirteen-display-items': ['not-an-item'], 'ten-hero-portraits': 10 }, {}, 'values.thirteen-display-items'],
      [{ 'thirteen-display-items': 13, 'ten-hero-portraits': 10 }, {}, 'values.thirteen-display-items'],
      [{ 'thirteen-display-items': items }, {}, 'values.ten-hero-portraits'],
      [{ 'thirteen-display-items': items, 'ten-hero-portraits': 10 }, { evidence: [] }, 'evidence'],
      [{ 'thirteen-display-items': items, 'ten-hero-portraits': -1 }, {}, 'values.ten-hero-portraits'],
      // Portraits are counted: there is no half a portrait.
      [{ 'thirteen-display-items': items, 'ten-hero-portraits': 8.5 }, {}, 'values.ten-hero-portraits'],
    ];
    for (const [values, extra, field] of bad) {
      const res = await post(values, extra);
      expect(res.status, field).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    // A county is bound by no standard of this directive's.
    const county = await staffOf(BAOTA).post(`/api/units/${BAOTA}/attestations`, { directiveId: 'village-station-team', values: {}, evidence: [await uploadedEvidence(api, BAOTA, 5)] });
    expect(county.body.error.field).toBe('directiveId');
    expect((await api.get(`/api/units/${village.id}/attestations`)).body.attestations).toHaveLength(1);
  });
});
