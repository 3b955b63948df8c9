import JSZip from 'jszip';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBulletinSchedule } from '../../api/bulletin-schedule';
import { BULLETIN_HEADINGS, DOCX_TYPE } from '../../api/bulletins/docx';
import { BULLETIN_WORKFLOW, type BulletinRunResult } from '../../contracts/bulletin';
import { bulletinId, bulletinScheduleId, monthBefore } from '../../domain/bulletin';
import { generateDemoOrg } from '../../domain/demo-org';
import { ZONE } from '../../domain/time';
import type { ReadModel } from '../../readmodel';
import { uploadedEvidence } from '../support/evidence-files';
import { recordHistory } from '../support/histories';
import type { Api } from '../support/http';
import { tokenFor } from '../support/people';
import { startStack, type Stack } from '../support/stack';
import { eventually, uniqueId } from '../support/temporal';

const DAY = 24 * 60 * 60 * 1000;
const CITY = '610600';
const BAOTA = '610602';
const ANSAI = '610603';

describe('通报 (bulletins) against the dev server and a real worker', () => {
  let stack: Stack;
  let readModel: ReadModel;
  let api: Api;
  const supervisor = () => api.as({ role: 'supervisor', unitId: CITY, name: '李督办' });

  beforeAll(async () => {
    stack = await startStack(generateDemoOrg());
    ({ readModel, api } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const firstTown = async (countyId: string) => (await readModel.org.children(countyId))[0]!;
  const villagesOf = async (countyId: string) => readModel.org.children((await firstTown(countyId)).id);
  const lastMonth = () => monthBefore(Date.now());

  async function completeAll(taskId: string) {
    const task = (await api.get(`/api/tasks/${taskId}`)).body;
    const staff = api.as({ role: 'staff', unitId: task.unitId });
    for (const step of task.steps) {
      const evidence = [await uploadedEvidence(api, task.unitId)];
      expect((await staff.post(`/api/tasks/${taskId}/steps/${step.id}/complete`, { evidence })).status).toBe(200);
    }
  }

  /** Work in the city: 宝塔区 finishes its care-fund task on time; two of 安塞区's villages have a plaque overdue. */
  async function someWork() {
    const fund = await api.post('/api/assignments', { directiveId: 'care-fund-establishment', scopeUnitId: CITY });
    expect(fund.status).toBe(201);
    await eventually(() => readModel.tasks.getTask(`${fund.body.id}.${BAOTA}`), (t) => t !== undefined);
    await completeAll(`${fund.body.id}.${BAOTA}`);
    const [v1, v2] = await villagesOf(ANSAI);
    // Verified 45 and 40 days ago: the 30-day plaque is 15 and 10 days overdue now.
    for (const [village, daysAgo] of [[v1!, 45], [v2!, 40]] as const) {
      const occurredAt = DateTime.fromMillis(Date.now() - daysAgo * DAY, { zone: ZONE }).toISO() as string;
      const event = await api.post('/api/events', { type: 'veteran-verified', unitId: village.id, subject: uniqueId('通报测试'), occurredAt });
      expect(event.status).toBe(201);
      // Born overdue, its workflow records so at once: waited for, so nothing changes after the bulletin is made.
      const stored = () => readModel.db.prepare('SELECT overdue_at FROM tasks WHERE id = ?').pluck().get(event.body.taskId);
      await eventually(stored, (overdueAt) => typeof overdueAt === 'number');
    }
    return { fundId: fund.body.id as string, overdueVillages: [v1!, v2!] };
  }

  it('states the figures the summary, ranking, overdue and standards APIs give at the same instant, once per scope and period', async () => {
    const { overdueVillages } = await someWork();
    const made = await supervisor().post('/api/bulletins', { scopeUnitId: CITY, period: lastMonth() });
    expect(made.status).toBe(201);
    // Nothing changes between the bulletin and these reads, and no deadline of this work falls between them.
    const [summary, ranking, overdue, standards] = await Promise.all([
      api.get(`/api/units/${CITY}/summary`),
      api.get(`/api/units/${CITY}/ranking`),
      api.get(`/api/overdue?scopeUnitId=${CITY}&limit=200`),
      api.get(`/api/units/${CITY}/standards`),
    ]);
    const b = made.body;
    expect(b).toMatchObject({ id: bulletinId(CITY, lastMonth()), scopeUnitId: CITY, scopeName: '延安市', period: lastMonth(), source: 'request' });
    expect(b.createdBy).toEqual({ name: '李督办', role: 'supervisor', unitId: CITY });
    expect(b.totals).toEqual(summary.body.totals);
    expect(b.ranking).toEqual(summary.body.ranking);
    expect(b.ranking).toEqual(ranking.body.ranking);
    expect(b.overdue.total).toBe(overdue.body.total);
    expect(b.overdue.tasks).toEqual(overdue.body.tasks);
    // Each named unit with where it sits: 安塞区's villages under their county and town.
    const ansaiTown = await firstTown(ANSAI);
    for (const v of overdueVillages) expect(b.overdue.places[v.id]).toBe(`安塞区 ${ansaiTown.name} ${v.name}`);
    expect(b.standards).toEqual(standards.body.directives);
    // The figures are those of the work above: 安塞区's two plaques, due at the end of their 30th day (15 and 10 days
    // ago), are 14 and 9 whole days overdue, named with the directive.
    const named = b.overdue.tasks.filter((t: { unitId: string }) => overdueVillages.some((v) => v.id === t.unitId));
    expect(named.map((t: { daysOverdue: number; directiveId: string }) => [t.daysOverdue, t.directiveId])).toEqual([
      [14, 'honor-plaque-delivery'],
      [9, 'honor-plaque-delivery'],
    ]);
    // Praised by the one rule: 宝塔区 finished its work on time; 安塞区 has overdue work and is not.
    expect(b.praised.map((p: { unitId: string }) => p.unitId)).toContain(BAOTA);
    expect(b.praised.map((p: { unitId: string }) => p.unitId)).not.toContain(ANSAI);
    expect(b.ranking.find((u: { unitId: string }) => u.unitId === ANSAI).overdue).toBe(2);
    // 签收 figures: the summary's at the same instant (every task of the work above is waiting for 签收).
    const ack = summary.body.acknowledgement;
    expect(b.acknowledgement).toEqual({
      rate: ack.acknowledgementRate,
      averageHours: ack.averageHoursToAcknowledge,
      issued: ack.issued,
      acknowledged: ack.acknowledged,
      acknowledgedLate: ack.acknowledgedLate,
      awaiting: ack.awaiting,
      overdue: ack.overdue,
      declined: ack.declined,
    });
    expect(b.acknowledgement.issued).toBeGreaterThan(0);

    // Read back: the same record, frozen; asking again answers it (200, replayed) and writes nothing.
    expect((await api.get(`/api/bulletins/${b.id}`)).body).toEqual(b);
    const again = await supervisor().post('/api/bulletins', { scopeUnitId: CITY, period: lastMonth() });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(b);
    const list = (await api.get(`/api/bulletins?scopeUnitId=${CITY}`)).body;
    expect(list.bulletins.filter((x: { period: string }) => x.period === lastMonth())).toEqual([
      expect.objectContaining({ id: b.id, asOf: b.asOf, periodLabel: expect.stringMatching(/^\d{4}年\d{1,2}月$/) }),
    ]);
    const trail = (await api.get(`/api/units/${CITY}/history?limit=1000`)).body.entries.filter((e: { subjectId: string }) => e.subjectId === b.id);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ action: 'bulletin.issue', subjectType: 'bulletin', actor: { name: '李督办', role: 'supervisor' } });
  });

  it('downloads as a .docx: a zip whose document has the title, the six headings and the units named', async () => {
    const period = DateTime.now().setZone(ZONE).toFormat('yyyy');
    const made = await api.post('/api/bulletins', { scopeUnitId: CITY, period });
    expect(made.status).toBe(201);
    const token = await tokenFor({ role: 'staff', unitId: CITY, name: '市经办人' });
    const res = await fetch(`${api.url}/api/bulletins/${made.body.id}?format=docx`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DOCX_TYPE);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent(`通报_延安市_${period}年.docx`));
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain(`关于${period}年延安市督办工作情况的通报`);
    for (const heading of BULLETIN_HEADINGS) expect(text).toContain(heading);
    for (const unit of made.body.ranking.filter((u: { rank: number | null }) => u.rank !== null)) expect(text).toContain(unit.name);
    expect(text).toContain(`逾期未完成任务共${made.body.overdue.total}项`);
    // 签收 figures as the JSON states them.
    const ack = made.body.acknowledgement;
    expect(text).toContain(`下发${ack.issued}项，已签收${ack.acknowledged}项`);
  });

  it('refuses a bad period or scope (400 naming the field), other roles and other places (403), unknown ids (404)', async () => {
    const post = (body: unknown, who = supervisor()) => who.post('/api/bulletins', body);
    const nextMonth = DateTime.now().setZone(ZONE).plus({ months: 1 }).toFormat('yyyy-MM');
    for (const [body, field] of [
      [{ scopeUnitId: CITY, period: '2026-13' }, 'period'],
      [{ scopeUnitId: CITY, period: '十一月' }, 'period'],
      [{ scopeUnitId: CITY, period: nextMonth }, 'period'],
      [{ period: lastMonth() }, 'scopeUnitId'],
      [{ scopeUnitId: 'no-such-unit', period: lastMonth() }, 'scopeUnitId'],
      [{ scopeUnitId: CITY, period: lastMonth(), extra: 1 }, 'extra'],
    ] as const) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    const staff = api.as({ role: 'staff', unitId: CITY, name: '市经办人' });
    expect(await post({ scopeUnitId: CITY, period: lastMonth() }, staff)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const county = api.as({ role: 'supervisor', unitId: BAOTA, name: '宝塔督办' });
    expect(await post({ scopeUnitId: CITY, period: lastMonth() }, county)).toMatchObject({ status: 403, body: { error: { code: 'out_of_scope' } } });

    const cityBulletin = (await supervisor().post('/api/bulletins', { scopeUnitId: CITY, period: lastMonth() })).body;
    expect((await county.get(`/api/bulletins/${cityBulletin.id}`)).status).toBe(403);
    expect((await county.get(`/api/bulletins?scopeUnitId=${CITY}`)).status).toBe(403);
    expect((await api.get(`/api/bulletins/${cityBulletin.id}?format=pdf`)).body.error.field).toBe('format');
    expect((await api.get('/api/bulletins/bnosuch')).status).toBe(404);
    // A county's own supervisor makes and reads the county's.
    const own = await county.post('/api/bulletins', { scopeUnitId: BAOTA, period: lastMonth() });
    expect(own.status).toBe(201);
    expect((await county.get(`/api/bulletins?scopeUnitId=${BAOTA}`)).body.bulletins.map((x: { id: string }) => x.id)).toEqual([own.body.id]);
  });

  it('is made monthly by its Schedule for the month before, once per scope and month however often it runs', async () => {
    const { client } = stack.env;
    const scope = await firstTown(BAOTA);
    // Started at every start-up: the second create meets the first.
    expect(await startBulletinSchedule(client, scope.id, stack.taskQueue)).toBe(true);
    expect(await startBulletinSchedule(client, scope.id, stack.taskQueue)).toBe(false);
    const handle = client.schedule.getHandle(bulletinScheduleId(scope.id));
    try {
      const description = await handle.describe();
      const next = DateTime.fromJSDate(description.info.nextActionTimes[0]!, { zone: ZONE });
      expect([next.day, next.hour, next.minute]).toEqual([1, 0, 5]);

      // Two runs for the same month (a manual trigger and its repeat): one bulletin. A run's workflow id carries its
      // start to the second, so the repeat waits for the next second.
      const actions = async (n: number) => eventually(async () => (await handle.describe()).info.recentActions, (a) => a.length >= n);
      await handle.trigger();
      await actions(1);
      await new Promise((r) => setTimeout(r, 1100));
      await handle.trigger();
      const runs = await actions(2);
      expect(runs.length).toBeGreaterThanOrEqual(2);
      const results: BulletinRunResult[] = await Promise.all(runs.map((a) => client.workflow.getHandle(a.action.workflow.workflowId).result()));
      const period = lastMonth();
      expect(results.map((r) => [r.bulletinId, r.period])).toEqual(results.map(() => [bulletinId(scope.id, period), period]));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      // The run that made it is the bulletin workflow's replay fixture (test/workflows/replay.test.ts).
      await recordHistory('bulletin', client.workflow.getHandle(runs[results.findIndex((r) => r.created)]!.action.workflow.workflowId));
      const stored = await readModel.bulletins.get(bulletinId(scope.id, period));
      expect(stored).toMatchObject({ scopeUnitId: scope.id, period, source: 'schedule' });

      // A retried run with an explicit instant is the same month's: nothing more is written.
      const retried = await client.workflow.execute(BULLETIN_WORKFLOW, {
        taskQueue: stack.taskQueue,
        workflowId: uniqueId('bulletin-retry-'),
        args: [{ scopeUnitId: scope.id, at: Date.now() }],
      });
      expect(retried).toEqual({ bulletinId: stored!.id, period, created: false });
      expect(await readModel.bulletins.list(scope.id)).toHaveLength(1);
      const trail = (await readModel.audit.inSubtree(scope.path, { limit: 100, offset: 0 }, [])).entries.filter((e) => e.subjectType === 'bulletin');
      expect(trail).toHaveLength(1);
      expect(trail[0]!.actor).toMatchObject({ role: 'supervisor', subject: bulletinScheduleId(scope.id) });
    } finally {
      await handle.delete();
    }
  });
});
