import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { shiftOffDaysOff } from '../../domain/calendar';
import { findDirective } from '../../domain/catalog';
import type { Cadence } from '../../domain/catalog/types';
import { festivalDate } from '../../domain/festivals';
import { taskId, taskWorkflowId } from '../../domain/ids';
import type { OrgUnit } from '../../domain/org';
import { deadlineOfDirective, occurrencesInYear } from '../../domain/recurrence';
import { endOfDay, yearInZone, ZONE } from '../../domain/time';
import type { ReadModel } from '../../readmodel';
import { createWorker } from '../../worker/create-worker';
import { periodAssignmentId, RECURRING_OCCURRENCE_WORKFLOW, type RecurringOccurrenceWorkflow } from '../../contracts/recurring';
import { completeStep } from '../../contracts/unit-task';
import { eventually, onTimeSkippingServer, tempReadModel, testDataConverter, uniqueId } from '../support/temporal';

const DAY = 24 * 60 * 60 * 1000;

/** A small county: 甲县 with three towns of three villages each, under the city. */
const TOWNS = ['t1', 't2', 't3'];
const COUNTY: OrgUnit[] = [
  { id: 'c1', parentId: null, name: '测试市', level: 'city' },
  { id: 'k1', parentId: 'c1', name: '甲县', level: 'county' },
  ...TOWNS.flatMap((t, i): OrgUnit[] => [
    { id: t, parentId: 'k1', name: `第${i + 1}镇`, level: 'town', kind: '乡镇' },
    ...[1, 2, 3].map((v): OrgUnit => ({ id: `${t}v${v}`, parentId: t, name: `第${i + 1}镇${v}村委会`, level: 'village', kind: '村' })),
  ]),
];
const VILLAGES = COUNTY.filter((u) => u.level === 'village').map((u) => u.id);

const DUTIES = [
  { id: 'rounds', directiveId: 'monthly-village-rounds', targetLevel: 'town' },
  { id: 'visits', directiveId: 'major-holiday-visits', targetLevel: 'village' },
  { id: 'fund', directiveId: 'care-fund-establishment', targetLevel: 'county' },
] as const;

const cadenceOf = (directiveId: string) => findDirective(directiveId)?.cadence?.rule as Cadence;
const month = (instant: number) => DateTime.fromMillis(instant, { zone: ZONE }).toFormat('yyyy-LL');

type Action = { at: number; label: string; run: () => Promise<void> };

/**
 * A whole year of recurring work for one county on the time-skipping server: monthly rounds, holiday visits and the
 * yearly care fund. The test server has no Schedules, so the test starts each period's occurrence workflow at the
 * instant its Schedule would (the same calendar, see test/api/recurring.test.ts for the Schedule itself); all
 * reminders, checks, deadlines and escalations are the workflows' own timers.
 *
 * Staff behave the same way each period: 第1镇 visits all its villages by the 10th; 第2镇 one village by the 15th
 * and the rest two days before the end (so it is reminded on the 20th and 3 days before); 第3镇 visits on the 5th,
 * except in March and September when it does nothing. Villages finish holiday visits two days before the due day,
 * except 第3镇's villages before 八一, which never report. The county sets up its fund on 15 November.
 */
describe('a simulated year of recurring duties for one county (time-skipping server)', () => {
  // Each test's server clock starts 2025-12-10, so the simulated year is 2026, whose holiday arrangement and 调休 are published.
  const suite = onTimeSkippingServer('2025-12-10T09:00:00+08:00');

  it('issues every period on time and reminds, checks, marks overdue and escalates exactly as planned', { timeout: 600_000 }, async () => {
    const wallStart = Date.now();
    const readModel: ReadModel = await tempReadModel(COUNTY);
    const taskQueue = uniqueId('year');
    const run = uniqueId('y');
    const year = yearInZone(await suite.env.currentTimeMs()) + 1;
    for (const duty of DUTIES) {
      await readModel.recurring.insert({
        id: `${run}${duty.id}`,
        directiveId: duty.directiveId,
        scopeUnitId: 'k1',
        targetLevel: duty.targetLevel,
        cadence: cadenceOf(duty.directiveId),
        createdAt: await suite.env.currentTimeMs(),
      });
    }
    const worker = await createWorker({ connection: suite.env.nativeConnection, namespace: 'default', taskQueue, readModel, client: suite.env.client, dataConverter: testDataConverter, workflowBundle: suite.bundle });

    // A visit record only on the rounds' village steps: other steps refuse one (domain/rounds.ts).
    const complete = async (assignmentId: string, unitId: string, stepIds: string[], on: number, withVisit = false) => {
      const handle = suite.env.client.workflow.getHandle(taskWorkflowId(taskId(assignmentId, unitId)));
      const date = DateTime.fromMillis(on, { zone: ZONE }).toISODate() as string;
      for (const stepId of stepIds) {
        const visit = withVisit ? { visit: { date, visitors: '专职人员', findings: '正常' } } : {};
        await handle.executeUpdate(completeStep, { args: [{ by: '专职人员', stepId, ...visit }] });
      }
    };

    // The plan: every occurrence of the year with its opening, and what staff do in it.
    const actions: Action[] = [];
    const periods: Array<{ duty: string; assignmentId: string; periodKey: string; opensAt: number; dueAt: number }> = [];
    for (const duty of DUTIES) {
      const recurringId = `${run}${duty.id}`;
      for (const o of occurrencesInYear(cadenceOf(duty.directiveId), year, undefined, deadlineOfDirective(duty.directiveId))) {
        const assignmentId = periodAssignmentId(recurringId, o.periodKey);
        periods.push({ duty: duty.id, assignmentId, periodKey: o.periodKey, opensAt: o.opensAt, dueAt: o.dueAt });
        actions.push({
          at: o.opensAt,
          label: `open ${assignmentId}`,
          run: async () => {
            await suite.env.client.workflow.start<RecurringOccurrenceWorkflow>(RECURRING_OCCURRENCE_WORKFLOW, {
              taskQueue,
              workflowId: `occurrence/${recurringId}/${o.periodKey}`,
              args: [{ recurringId, at: o.opensAt }],
            });
            const expected = duty.id === 'rounds' ? 3 : duty.id === 'visits' ? 9 : 1;
            await eventually(async () => (await readModel.tasks.tasksOfAssignment(assignmentId)).filter((t) => t.version > 0).length, (n) => n === expected);
          },
        });
        const start = DateTime.fromMillis(o.opensAt, { zone: ZONE });
        if (duty.id === 'rounds') {
          const villagesOf = (t: string) => [1, 2, 3].map((v) => `${t}v${v}`);
          const at = (day: number) => start.set({ day, hour: 10 }).toMillis();
          actions.push({ at: at(10), label: 't1 rounds', run: () => complete(assignmentId, 't1', villagesOf('t1'), at(10), true) });
          actions.push({ at: at(15), label: 't2 first', run: () => complete(assignmentId, 't2', villagesOf('t2').slice(0, 1), at(15), true) });
          const late = o.dueAt - 2 * DAY;
          actions.push({ at: late, label: 't2 rest', run: () => complete(assignmentId, 't2', villagesOf('t2').slice(1), late, true) });
          if (![3, 9].includes(start.month)) {
            actions.push({ at: at(5), label: 't3 rounds', run: () => complete(assignmentId, 't3', villagesOf('t3'), at(5), true) });
          }
        } else if (duty.id === 'visits') {
          const steps = (findDirective('major-holiday-visits')?.steps ?? []).map((s) => s.id);
          const at = o.dueAt - 2 * DAY;
          const reporting = VILLAGES.filter((v) => !(o.periodKey.endsWith('army-day') && v.startsWith('t3')));
          actions.push({
            at,
            label: 'holiday visits',
            run: async () => {
              for (const v of reporting) await complete(assignmentId, v, steps, at);
            },
          });
        } else {
          const steps = (findDirective('care-fund-establishment')?.steps ?? []).map((s) => s.id);
          const at = DateTime.fromObject({ year, month: 11, day: 15, hour: 10 }, { zone: ZONE }).toMillis();
          actions.push({ at, label: 'fund set up', run: () => complete(assignmentId, 'k1', steps, at) });
        }
      }
    }
    actions.sort((a, b) => a.at - b.at);

    try {
      await worker.runUntil(async () => {
        for (const action of actions) {
          const wait = action.at - (await suite.env.currentTimeMs());
          if (wait > 0) await suite.env.sleep(wait);
          await action.run();
        }
        // Past the year's end by more than the escalation delay, so every consequence of the year has happened.
        await suite.env.sleep(endOfDay(`${year}-12-31`) + 8 * DAY - (await suite.env.currentTimeMs()));
      });
    } finally {
      // Every workflow a test starts ends with it.
      for (const p of periods) {
        for (const t of await readModel.tasks.tasksOfAssignment(p.assignmentId)) {
          await suite.env.client.workflow.getHandle(taskWorkflowId(t.id)).terminate('simulation over').catch(() => undefined);
        }
      }
    }
    const simulatedIn = (Date.now() - wallStart) / 1000;

    // Tasks: 3 towns × 12 months, 9 villages × 3 holiday windows, 1 county fund.
    const tasks = (
      await Promise.all(periods.map(async (p) => (await readModel.tasks.tasksOfAssignment(p.assignmentId)).map((t) => ({ ...t, duty: p.duty, period: p }))))
    ).flat();
    expect(tasks.filter((t) => t.duty === 'rounds')).toHaveLength(36);
    expect(tasks.filter((t) => t.duty === 'visits')).toHaveLength(27);
    expect(tasks.filter((t) => t.duty === 'fund')).toHaveLength(1);

    // Deadlines: rounds at each month's last instant; holiday visits at the end of the last working day before 春节,
    // 八一 and whichever of 中秋/国庆 comes first (除夕 2026 is in the 春节 break: Sat 14 Feb, a 调休 workday); the fund
    // at the year's last instant.
    const eve = (name: string) =>
      endOfDay(shiftOffDaysOff(DateTime.fromISO(festivalDate(year, name), { zone: ZONE }).minus({ days: 1 }).toISODate() as string, 'last-working-day-before'));
    for (const t of tasks.filter((x) => x.duty === 'rounds')) {
      expect(t.dueAt).toBe(DateTime.fromMillis(t.period.opensAt, { zone: ZONE }).endOf('month').toMillis());
    }
    const visitDues = [...new Set(tasks.filter((t) => t.duty === 'visits').map((t) => t.dueAt))].sort();
    expect(visitDues).toEqual([eve('春节'), eve('八一'), Math.min(eve('中秋'), eve('国庆'))].sort());
    expect(tasks.find((t) => t.duty === 'fund')?.dueAt).toBe(endOfDay(`${year}-12-31`));

    // Outcomes: 第3镇's March and September rounds and its villages' 八一 visits overdue; everything else done on time.
    const overdue = tasks.filter((t) => t.status === 'overdue').map((t) => `${t.duty}:${t.unitId}:${t.period.periodKey}`).sort();
    expect(overdue).toEqual(
      [
        `rounds:t3:${year}-03`,
        `rounds:t3:${year}-09`,
        ...['t3v1', 't3v2', 't3v3'].map((v) => `visits:${v}:${year}-army-day`),
      ].sort(),
    );
    expect(tasks.filter((t) => t.status === 'done').every((t) => !t.late)).toBe(true);
    expect(tasks.filter((t) => t.status === 'open')).toHaveLength(0);

    // Notifications, per month and kind.
    const from = DateTime.fromObject({ year }, { zone: ZONE }).startOf('year').toMillis();
    const to = endOfDay(`${year}-12-31`) + 8 * DAY;
    const counts = await readModel.notifications.countsBy({ from: from - 31 * DAY, to });
    const total = (kind: string) => counts.filter((c) => c.kind === kind).reduce((n, c) => n + c.count, 0);
    const inMonth = (m: number, kind: string) => counts.find((c) => c.month === `${year}-${String(m).padStart(2, '0')}` && c.kind === kind)?.count ?? 0;

    // Reminders: rounds 3 days before the end for 第2镇 every month and 第3镇 in March and September (14); holiday
    // visits 3 days before for all 27, and 1 day before for the three that never report (30).
    expect(total('reminder')).toBe(44);
    // Progress checks: the 20th for 第2镇 (1 of 3) every month and 第3镇 (0 of 3) in March and September (14); the
    // fund's three quarter-end 序时进度 checks at 0% (3).
    expect(total('progressCheck')).toBe(17);
    // Overdue, to the parent unit's supervisor: 2 rounds (to 甲县), 3 village visits (to 第3镇).
    expect(total('overdue')).toBe(5);
    // Escalated to the leader 7 days later: the same five, nobody having finished.
    expect(total('escalation')).toBe(5);
    expect(inMonth(3, 'overdue')).toBe(1);
    expect(inMonth(4, 'escalation')).toBe(1);
    expect(inMonth(9, 'overdue')).toBe(1);
    expect(inMonth(10, 'escalation')).toBe(1);
    for (let m = 1; m <= 12; m++) expect(inMonth(m, 'progressCheck'), `month ${m}`).toBeGreaterThanOrEqual(1);

    const escalations = (await readModel.notifications.list({ kind: 'escalation', limit: 10, offset: 0 })).notifications;
    expect(new Set(escalations.map((n) => `${n.recipientRole}@${n.recipientUnitId}`))).toEqual(new Set(['leader@k1']));
    const overdueTo = (await readModel.notifications.list({ kind: 'overdue', limit: 10, offset: 0 })).notifications;
    expect(overdueTo.map((n) => `${n.recipientRole}@${n.recipientUnitId}`).sort()).toEqual(
      ['supervisor@k1', 'supervisor@k1', 'supervisor@t3', 'supervisor@t3', 'supervisor@t3'].sort(),
    );

    // The figures for the issue note: tasks issued and notifications per month, and how long the year took.
    const rows = Array.from({ length: 12 }, (_, i) => {
      const m = `${year}-${String(i + 1).padStart(2, '0')}`;
      const issued = tasks.filter((t) => month(t.createdAt) === m).length;
      const due = tasks.filter((t) => month(t.dueAt) === m).length;
      const of = (kind: string) => counts.find((c) => c.month === m && c.kind === kind)?.count ?? 0;
      return { month: m, issued, due, reminders: of('reminder'), checks: of('progressCheck'), overdue: of('overdue'), escalations: of('escalation') };
    });
    console.log(`simulated ${year} in ${simulatedIn.toFixed(1)} s of wall time`);
    console.table(rows);
  });
});
