import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recurringScheduleId } from '../../api/recurring-schedule';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';
import { uniqueId } from '../support/temporal';

type Period = { periodKey: string; issuedAt: string; opensAt: string; dueAt: string; alarms: Array<{ notice: string; at: string }> };

/**
 * POST /api/recurring/preview (预演) on the dev server: the body of POST /api/recurring, the next 12 months back, nothing
 * started or stored; then the create that follows, whose real Temporal Schedule fires at the preview's instants
 * and whose upcoming periods are the preview's. test/workflows/recurring-preview.test.ts runs a year of it.
 */
describe('previewing a recurring duty before creating it (dev server)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const scheduleExists = async (id: string) =>
    stack.env.client.schedule
      .getHandle(recurringScheduleId(id))
      .describe()
      .then(
        () => true,
        () => false,
      );

  it('shows 12 months of the holiday visits, stores nothing, and the Schedule then fires at its openings', async () => {
    const id = uniqueId('pv-visits');
    const body = { id, directiveId: 'major-holiday-visits', scopeUnitId: 'k1' };
    const preview = await stack.api.post('/api/recurring/preview', body);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ directiveId: 'major-holiday-visits', scopeUnitId: 'k1', scopeName: '甲县', targetLevel: 'village', unitCount: 2 });
    expect(preview.body.months).toHaveLength(12);
    const periods = preview.body.periods as Period[];
    expect(periods.length).toBeGreaterThanOrEqual(2);
    // Every village gets a task per window; each task waits for 签收 (reminded when its window ends the next working
    // day), is reminded 3 and 1 days before, overdue at its deadline, escalated 7 days later.
    for (const p of periods) {
      expect(p.alarms.map((a) => a.notice)).toEqual(['acknowledgementReminder', 'reminder', 'reminder', 'overdue', 'escalation']);
      expect(p.alarms[3]?.at).toBe(p.dueAt);
    }
    const monthTasks = (preview.body.months as Array<{ issued: { tasks: number } }>).reduce((n, m) => n + m.issued.tasks, 0);
    expect(monthTasks).toBe(periods.length * 2);
    expect(preview.body.totals.tasks).toBe(monthTasks);
    expect(preview.body.busiestUnits.map((u: { unitId: string }) => u.unitId).sort()).toEqual(['v1', 'v2']);
    expect(preview.body.busiestWeeks[0].deadlines).toBe(2);

    // Nothing was started or stored.
    expect(await stack.readModel.recurring.get(id)).toBeUndefined();
    expect(await scheduleExists(id)).toBe(false);

    const created = await stack.api.post('/api/recurring', body);
    expect(created.status).toBe(201);
    // The Schedule's own next firings are the preview's issue instants; its upcoming periods the preview's.
    const next = (created.body.schedule.nextActionTimes as string[]).filter((t) => t <= preview.body.to);
    expect(next).toEqual(periods.map((p) => p.issuedAt).slice(0, next.length));
    expect(next.length).toBeGreaterThan(0);
    for (const u of created.body.upcoming as Period[]) {
      const same = periods.find((p) => p.periodKey === u.periodKey);
      if (same) expect([same.opensAt, same.dueAt]).toEqual([u.opensAt, u.dueAt]);
    }
  });

  it('counts the duties already running at the same units, and not a paused one', async () => {
    const rounds = uniqueId('pv-rounds');
    const alone = await stack.api.post('/api/recurring/preview', { directiveId: 'petition-four-modes', scopeUnitId: 'k1', targetLevel: 'town' });
    const roundsPreview = await stack.api.post('/api/recurring/preview', { id: rounds, directiveId: 'monthly-village-rounds', scopeUnitId: 'k1' });
    expect(roundsPreview.body.busiestUnits).toEqual([
      { unitId: 't1', name: '甲县东镇', tasks: roundsPreview.body.periods.length, steps: 2 * roundsPreview.body.periods.length, otherRecurringTasks: expect.any(Number) },
    ]);
    expect((await stack.api.post('/api/recurring', { id: rounds, directiveId: 'monthly-village-rounds', scopeUnitId: 'k1' })).status).toBe(201);

    const withRounds = await stack.api.post('/api/recurring/preview', { directiveId: 'petition-four-modes', scopeUnitId: 'k1', targetLevel: 'town' });
    const t1 = (r: typeof alone) => (r.body.busiestUnits as Array<{ unitId: string; otherRecurringTasks: number }>).find((u) => u.unitId === 't1')!;
    // The rounds issue one period a month from the next 1st (they were created without the period under way).
    expect(t1(withRounds).otherRecurringTasks - t1(alone).otherRecurringTasks).toBe(roundsPreview.body.periods.length - (roundsPreview.body.currentPeriod?.issued ? 1 : 0));

    expect((await stack.api.post(`/api/recurring/${rounds}/pause`, {})).status).toBe(200);
    const paused = await stack.api.post('/api/recurring/preview', { directiveId: 'petition-four-modes', scopeUnitId: 'k1', targetLevel: 'town' });
    expect(t1(paused).otherRecurringTasks).toBe(t1(alone).otherRecurringTasks);
  });

  it('takes issueCurrentPeriod as the create does', async () => {
    const always = await stack.api.post('/api/recurring/preview', { directiveId: 'monthly-village-rounds', scopeUnitId: 'k1', issueCurrentPeriod: 'always' });
    const month = always.body.from.slice(0, 7);
    expect(always.body.currentPeriod).toEqual({ periodKey: month, issued: true });
    expect(always.body.periods[0]).toMatchObject({ periodKey: month, issuedAt: always.body.from, periodStartsAt: `${month}-01T00:00:00.000+08:00` });
    const next = await stack.api.post('/api/recurring/preview', { directiveId: 'monthly-village-rounds', scopeUnitId: 'k1' });
    expect(next.body.currentPeriod).toBeUndefined();
    expect(next.body.periods[0].periodKey).not.toBe(month);
    expect(next.body.periods).toHaveLength(11);
  });

  it('refuses what the create refuses, naming the field, and only leaders may ask', async () => {
    const field = async (body: unknown) => {
      const res = await stack.api.post('/api/recurring/preview', body);
      expect(res.status).toBe(400);
      return res.body.error.field as string;
    };
    expect(await field({ directiveId: 'care-fund-recommendation', scopeUnitId: 'k1' })).toBe('directiveId');
    expect(await field({ directiveId: 'no-such', scopeUnitId: 'k1' })).toBe('directiveId');
    expect(await field({ directiveId: 'monthly-village-rounds', scopeUnitId: 'zz' })).toBe('scopeUnitId');
    expect(await field({ directiveId: 'monthly-village-rounds', scopeUnitId: 'v1' })).toBe('scopeUnitId');
    expect(await field({ directiveId: 'monthly-village-rounds', scopeUnitId: 'k1', targetLevel: 'province' })).toBe('targetLevel');
    expect(await field({ directiveId: 'monthly-village-rounds', scopeUnitId: 'k1', issueCurrentPeriod: 'sometimes' })).toBe('issueCurrentPeriod');
    expect(await field({ directiveId: 'monthly-village-rounds', scopeUnitId: 'k1', cron: '* * * * *' })).toBe('cron');
    expect(await field({ scopeUnitId: 'k1' })).toBe('directiveId');

    const body = { directiveId: 'monthly-village-rounds', scopeUnitId: 'k1' };
    expect((await stack.api.as({ role: 'supervisor', unitId: 'c1', name: '督办员' }).post('/api/recurring/preview', body)).status).toBe(403);
    expect((await stack.api.as({ role: 'staff', unitId: 'k1', name: '专干' }).post('/api/recurring/preview', body)).status).toBe(403);
    expect((await stack.api.as({ role: 'leader', unitId: 'k2', name: '乙区领导' }).post('/api/recurring/preview', body)).status).toBe(403);
    expect((await stack.api.as({ role: 'leader', unitId: 'k1', name: '甲县领导' }).post('/api/recurring/preview', body)).status).toBe(200);
  });
});
