import { ScheduleOverlapPolicy } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recurringScheduleId, refreshRecurringSchedules } from '../../api/recurring-schedule';
import { findDirective } from '../../domain/catalog';
import { enoughLeftToIssue, occurrenceDeadlineOf, occurrencesInYear } from '../../domain/recurrence';
import { parseInstant, toZonedIso, yearInZone } from '../../domain/time';
import { recordHistory } from '../support/histories';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';
import { eventually, uniqueId } from '../support/temporal';

/** Schedules need the dev server (the time-skipping server has none); firings are forced with trigger and backfill. */
describe('recurring assignments as Temporal Schedules (dev server)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const periodsOf = async (id: string) => (await stack.readModel.recurring.periods(id)).map((p) => p.periodKey).sort();

  it('runs monthly rounds from one Schedule in Asia/Shanghai: backfilled months and a manual trigger each issue their period once', async () => {
    const id = uniqueId('rounds');
    const created = await stack.api.post('/api/recurring', { id, directiveId: 'monthly-village-rounds', scopeUnitId: 'k1' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/recurring/${id}`);
    expect(created.body.schedule).toMatchObject({ scheduleId: recurringScheduleId(id), timezone: 'Asia/Shanghai', paused: false });
    // The next firing is the first instant of next month in Shanghai.
    const next = created.body.schedule.nextActionTimes[0] as string;
    expect(next).toMatch(/^\d{4}-\d{2}-01T00:00:00\.000\+08:00$/);
    expect(parseInstant(next)).toBeGreaterThan(Date.now());

    const handle = stack.env.client.schedule.getHandle(recurringScheduleId(id));
    const month = toZonedIso(Date.now()).slice(0, 7);
    await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    // Backfilled only once the Schedule has acted: Server 1.32 can drop a backfill sent the instant after the create
    // (reproduced: 16 of 16 lost with none of the delay an HTTP round trip gives; none lost once a trigger had run).
    expect(await eventually(() => periodsOf(id), (p) => p.length === 1)).toEqual([month]);
    await handle.backfill({
      start: new Date(parseInstant('2026-01-01T00:00:00+08:00') as number),
      end: new Date((parseInstant('2026-03-01T00:00:00+08:00') as number) + 1000),
      overlap: ScheduleOverlapPolicy.ALLOW_ALL,
    });
    const expected = ['2026-01', '2026-02', '2026-03', month].sort();
    expect(await eventually(() => periodsOf(id), (p) => p.length === 4)).toEqual(expected);

    // A second trigger in the same month meets the period already issued.
    await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    await eventually(async () => (await handle.describe()).info.recentActions.length, (n) => n >= 5);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await periodsOf(id)).toEqual(expected);

    // One occurrence as its Schedule started it (a backfilled month), with its child assignment, for replay.
    const { recentActions } = (await handle.describe()).info;
    const occurrence = stack.env.client.workflow.getHandle(recentActions[0]!.action.workflow.workflowId);
    await occurrence.result();
    await recordHistory('recurring-occurrence', occurrence);

    // Each period: one task for the town 东镇, one step per village, due the month's last instant.
    const january = await stack.readModel.tasks.tasksOfAssignment(`${id}-2026-01`);
    expect(january).toHaveLength(1);
    expect(january[0]).toMatchObject({ unitId: 't1', dueAt: parseInstant('2026-01-31T23:59:59.999+08:00') });
    expect(january[0]?.steps.map((s) => s.id)).toEqual(['v1', 'v2']);
    // A backfilled month long past is overdue at once.
    expect(await eventually(async () => (await stack.readModel.tasks.getTask(january[0]?.id as string))?.status, (s) => s === 'overdue')).toBe('overdue');

    const shown = await stack.api.get(`/api/recurring/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.periods.map((p: { periodKey: string }) => p.periodKey).sort()).toEqual(expected);
  });

  it('pauses and resumes through the API, with the reason shown', async () => {
    const id = uniqueId('fund');
    const created = await stack.api.post('/api/recurring', { id, directiveId: 'care-fund-establishment', scopeUnitId: 'c1', issueCurrentPeriod: true });
    expect(created.status).toBe(201);
    // The year under way is issued at once if at least half of it is left (one task per county, due this year's
    // end); later in the year the first period issued is next year's (the suite runs at the real date).
    const thisYear = String(yearInZone(Date.now()));
    const [year] = occurrencesInYear({ every: 'year' }, Number(thisYear));
    if (enoughLeftToIssue(year!, Date.now())) {
      expect(created.body.currentPeriod).toEqual({ periodKey: thisYear, issued: true });
      expect(await eventually(() => periodsOf(id), (p) => p.length === 1)).toEqual([thisYear]);
      expect((await stack.readModel.tasks.tasksOfAssignment(`${id}-${thisYear}`)).map((t) => t.unitId).sort()).toEqual(['k1', 'k2']);
    } else {
      expect(created.body.currentPeriod).toMatchObject({ periodKey: thisYear, issued: false, reason: expect.stringMatching(/less than half/) });
      expect(await periodsOf(id)).toEqual([]);
    }
    const paused = await stack.api.post(`/api/recurring/${id}/pause`, { note: '机构改革期间暂停' });
    expect(paused.status).toBe(200);
    expect(paused.body.schedule).toMatchObject({ paused: true, note: '机构改革期间暂停' });
    expect((await stack.env.client.schedule.getHandle(recurringScheduleId(id)).describe()).state.paused).toBe(true);
    const resumed = await stack.api.post(`/api/recurring/${id}/resume`, {});
    expect(resumed.body.schedule.paused).toBe(false);
    // Without a note the Schedule says who paused it, not the SDK's "Paused via TypeScript SDK".
    const unnoted = await stack.api.post(`/api/recurring/${id}/pause`, {});
    expect(unnoted.body.schedule.note).toBe('暂停: 市领导 (领导, c1)');
    expect((await stack.api.post(`/api/recurring/${id}/resume`)).body.schedule.note).toBe('恢复: 市领导 (领导, c1)');
    // Yearly: it opens on 1 January.
    expect(resumed.body.schedule.nextActionTimes[0]).toBe(`${yearInZone(Date.now()) + 1}-01-01T00:00:00.000+08:00`);
  });

  it('schedules holiday visits at the calendar’s window openings, lunar dates included', async () => {
    const id = uniqueId('holiday');
    const created = await stack.api.post('/api/recurring', { id, directiveId: 'major-holiday-visits', scopeUnitId: 'k1' });
    expect(created.status).toBe(201);
    const directive = findDirective('major-holiday-visits')!;
    const year = yearInZone(Date.now());
    // C8's windows: 14 days up to the last working day before each holiday.
    const openings = [year, year + 1, year + 2, year + 3, year + 4]
      .flatMap((y) => occurrencesInYear(directive.cadence!.rule, y, undefined, occurrenceDeadlineOf(directive)))
      .map((o) => o.opensAt)
      .filter((t) => t > Date.now())
      .sort((a, b) => a - b)
      .slice(0, created.body.schedule.nextActionTimes.length)
      .map(toZonedIso);
    expect(created.body.schedule.nextActionTimes).toEqual(openings);
    expect(openings.length).toBeGreaterThan(0);
  });

  it('brings a Schedule made with older openings up to the calendar on start (refreshRecurringSchedules)', async () => {
    const id = uniqueId('stale');
    const created = await stack.api.post('/api/recurring', { id, directiveId: 'major-holiday-visits', scopeUnitId: 'k1' });
    const openings = created.body.schedule.nextActionTimes as string[];
    const handle = stack.env.client.schedule.getHandle(recurringScheduleId(id));
    // As a Schedule created before C8's windows ran 14 days: an opening that no longer starts a period.
    await handle.update((previous) => ({ ...previous, spec: { calendars: [{ year: 2098, month: 'JANUARY', dayOfMonth: 2 }], timezone: 'Asia/Shanghai' } }));
    expect((await handle.describe()).info.nextActionTimes.map((d) => toZonedIso(d.getTime()))).toEqual(['2098-01-02T00:00:00.000+08:00']);
    expect(await refreshRecurringSchedules(stack.env.client, stack.readModel, Date.now())).toContain(id);
    expect((await handle.describe()).info.nextActionTimes.map((d) => toZonedIso(d.getTime()))).toEqual(openings);
    await handle.delete();
  });

  it('is idempotent by id and rejects what cannot recur, with the field', async () => {
    const id = uniqueId('again');
    const body = { id, directiveId: 'monthly-village-rounds', scopeUnitId: 'k1' };
    expect((await stack.api.post('/api/recurring', body)).status).toBe(201);
    expect((await stack.api.post('/api/recurring', body)).status).toBe(200);
    expect(await stack.api.post('/api/recurring', { ...body, scopeUnitId: 'k2' })).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });

    const oneOff = await stack.api.post('/api/recurring', { directiveId: 'care-fund-recommendation', scopeUnitId: 'k1' });
    expect(oneOff.status).toBe(400);
    expect(oneOff.body.error.field).toBe('directiveId');
    const noUnit = await stack.api.post('/api/recurring', { directiveId: 'monthly-village-rounds', scopeUnitId: 'zz' });
    expect(noUnit.body.error.field).toBe('scopeUnitId');
    const extra = await stack.api.post('/api/recurring', { ...body, id: uniqueId('x'), cron: '* * * * *' });
    expect(extra.body.error.field).toBe('cron');
    expect((await stack.api.get('/api/recurring/nope')).status).toBe(404);
    expect((await stack.api.post('/api/recurring/nope/pause', {})).status).toBe(404);
  });
});
