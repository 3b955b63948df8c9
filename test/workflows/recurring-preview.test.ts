import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { previewRecurring } from '../../api/recurring-preview';
import { recurringScheduleSpec, type scheduleCalendars } from '../../api/recurring-schedule';
import { findDirective } from '../../domain/catalog';
import type { Cadence } from '../../domain/catalog/types';
import { taskWorkflowId } from '../../domain/ids';
import type { OrgUnit } from '../../domain/org';
import { toZonedIso, ZONE } from '../../domain/time';
import type { ReadModel, StoredUnit } from '../../readmodel';
import { createWorker } from '../../worker/create-worker';
import { periodAssignmentId, RECURRING_OCCURRENCE_WORKFLOW, type RecurringOccurrenceWorkflow } from '../../contracts/recurring';
import { eventually, onTimeSkippingServer, tempReadModel, testDataConverter, uniqueId } from '../support/temporal';

const DAY = 24 * 60 * 60 * 1000;

/** A small county: 甲县 with three towns of two villages each. */
const TOWNS = ['t1', 't2', 't3'];
const COUNTY: OrgUnit[] = [
  { id: 'c1', parentId: null, name: '测试市', level: 'city' },
  { id: 'k1', parentId: 'c1', name: '甲县', level: 'county' },
  ...TOWNS.flatMap((t, i): OrgUnit[] => [
    { id: t, parentId: 'k1', name: `第${i + 1}镇`, level: 'town', kind: '乡镇' },
    ...[1, 2].map((v): OrgUnit => ({ id: `${t}v${v}`, parentId: t, name: `第${i + 1}镇${v}村委会`, level: 'village', kind: '村' })),
  ]),
];

/**
 * 预演 = what runs. The preview of a recurring duty for a small county, asked on 10 December 2025, is compared with
 * the 12 months the time-skipping server then runs, where nobody does any of the work, so every alarm the tasks hold
 * goes off: the same tasks (unit, period, deadline, issue instant), and the same reminders, progress checks, overdue
 * notices and escalations at the same instants for the same recipients. Two duties: the monthly rounds with the
 * period under way issued too, and the holiday visits, whose windows and deadlines come from the lunar calendar and
 * the State Council's holiday arrangement (2026: 除夕 falls in the 春节 break, so the visits are due the working day
 * before).
 *
 * The test server has no Schedules: the simulation starts each period's occurrence workflow where the Schedule
 * would fire — read from the calendar entries the Schedule is created with (recurringScheduleSpec: the 1st of every
 * month, or one dated entry per window opening, 00:00 Shanghai; test/api/recurring.test.ts runs the Schedule
 * itself) — and, for the period under way, at creation, as the create's trigger does. It does not read the
 * preview's instants.
 */

interface Case {
  name: string;
  directiveId: string;
  targetLevel: 'town' | 'village';
  issueCurrentPeriod: boolean;
  periods: string[];
  /** Notices per kind over every task. */
  notices: Record<'reminder' | 'progressCheck' | 'overdue' | 'escalation', number>;
}

const CASES: Case[] = [
  {
    name: 'monthly rounds, the period under way included',
    directiveId: 'monthly-village-rounds',
    targetLevel: 'town',
    issueCurrentPeriod: true,
    // December 2025 (under way, 21 of 31 days left) and January to November 2026.
    periods: ['2025-12', ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)],
    // Per town and month: a reminder 3 days before the end, the check on the 20th, overdue at the end, escalation 7 days later.
    notices: { reminder: 36, progressCheck: 36, overdue: 36, escalation: 36 },
  },
  {
    name: 'holiday visits',
    directiveId: 'major-holiday-visits',
    targetLevel: 'village',
    issueCurrentPeriod: false,
    periods: ['2026-new-year-spring', '2026-army-day', '2026-mid-autumn-national'],
    // Per village and window: reminders 3 and 1 days before, overdue, escalation.
    notices: { reminder: 36, progressCheck: 0, overdue: 18, escalation: 18 },
  },
];

/** The instants in (from, to) a Schedule with these calendar entries fires at (the two forms scheduleCalendars writes). */
function firingsOf(calendars: ReturnType<typeof scheduleCalendars>, from: number, to: number): number[] {
  const firings: number[] = [];
  for (const c of calendars) {
    if (c.year !== undefined) {
      const month = MONTHS.indexOf(c.month as string) + 1;
      firings.push(DateTime.fromObject({ year: c.year as number, month, day: c.dayOfMonth as number }, { zone: ZONE }).toMillis());
    } else {
      expect(c).toEqual({ dayOfMonth: 1, comment: 'every month' });
      for (let m = DateTime.fromMillis(from, { zone: ZONE }).startOf('month'); m.toMillis() < to; m = m.plus({ months: 1 })) firings.push(m.toMillis());
    }
  }
  return firings.filter((at) => at > from && at < to).sort((a, b) => a - b);
}
const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];

describe('预演 of a recurring duty equals the 12 months the engine then runs (time-skipping server)', () => {
  const suite = onTimeSkippingServer('2025-12-10T09:00:00+08:00');

  it.each(CASES)('$name: the tasks and alarms the preview listed, and nothing else', { timeout: 600_000 }, async (c) => {
    const readModel: ReadModel = await tempReadModel(COUNTY);
    const directive = findDirective(c.directiveId)!;
    const cadence = directive.cadence?.rule as Cadence;
    const now = await suite.env.currentTimeMs();
    const units = COUNTY.filter((u) => u.level === c.targetLevel).map((u) => u.id);

    const preview = await previewRecurring(
      readModel,
      { directive, scope: (await readModel.org.get('k1')) as StoredUnit, targetLevel: c.targetLevel, issueCurrentPeriod: c.issueCurrentPeriod },
      now,
    );
    expect(preview.periods.map((p) => p.periodKey)).toEqual(c.periods);
    expect(preview.unitCount).toBe(units.length);
    if (c.issueCurrentPeriod) expect(preview.currentPeriod).toEqual({ periodKey: c.periods[0], issued: true });

    // The simulation: the Schedule's firings (and the create's trigger), independently of the preview.
    const horizonEnd = DateTime.fromMillis(now, { zone: ZONE }).startOf('month').plus({ months: 12 }).toMillis();
    const recurringId = `${uniqueId('pv')}${c.targetLevel}`;
    const record = { id: recurringId, directiveId: c.directiveId, scopeUnitId: 'k1', targetLevel: c.targetLevel, cadence, createdAt: now };
    await readModel.recurring.insert(record);
    const firings = [...(c.issueCurrentPeriod ? [now] : []), ...firingsOf(recurringScheduleSpec(record, now, await readModel.directives.occurrenceDeadline(record)).calendars, now, horizonEnd)];
    const taskQueue = uniqueId('preview');
    const worker = await createWorker({
      connection: suite.env.nativeConnection,
      namespace: 'default',
      taskQueue,
      readModel,
      client: suite.env.client,
      dataConverter: testDataConverter,
      workflowBundle: suite.bundle,
    });
    const started: string[] = [];
    const lastAlarm = Math.max(...preview.periods.flatMap((p) => p.alarms.map((a) => Date.parse(a.at))));
    try {
      await worker.runUntil(async () => {
        for (const at of firings) {
          const wait = at - (await suite.env.currentTimeMs());
          if (wait > 0) await suite.env.sleep(wait);
          const result = await suite.env.client.workflow.execute<RecurringOccurrenceWorkflow>(RECURRING_OCCURRENCE_WORKFLOW, {
            taskQueue,
            workflowId: `occurrence/${recurringId}/${at}`,
            args: [{ recurringId, at }],
          });
          if (!result.assignmentId) continue;
          const assignmentId = result.assignmentId;
          if (!started.includes(assignmentId)) started.push(assignmentId);
          await eventually(async () => (await readModel.tasks.tasksOfAssignment(assignmentId)).filter((t) => t.version > 0).length, (n) => n === units.length);
        }
        // A day past the last alarm the preview names, so nothing it listed can still be on its way.
        await suite.env.sleep(Math.max(lastAlarm, horizonEnd) + DAY - (await suite.env.currentTimeMs()));
      });
    } finally {
      // Every workflow a test starts ends with it.
      for (const assignmentId of started) {
        for (const t of await readModel.tasks.tasksOfAssignment(assignmentId)) {
          await suite.env.client.workflow.getHandle(taskWorkflowId(t.id)).terminate('simulation over').catch(() => undefined);
        }
      }
    }

    // Issued tasks: (unit, period, deadline, issued at) — the preview's periods for each unit it names.
    const issuedRan = (
      await Promise.all(
        started.map(async (assignmentId) => {
          const assignment = (await readModel.tasks.getAssignment(assignmentId))!;
          return (await readModel.tasks.tasksOfAssignment(assignmentId)).map(
            (t) => `${t.unitId} ${assignment.recurring?.periodKey} due ${toZonedIso(t.dueAt)} issued ${toZonedIso(t.createdAt)}`,
          );
        }),
      )
    )
      .flat()
      .sort();
    expect(preview.busiestUnits.map((u) => u.unitId).sort()).toEqual(units.sort());
    const issuedPreviewed = preview.busiestUnits
      .flatMap((u) => preview.periods.map((p) => `${u.unitId} ${p.periodKey} due ${p.dueAt} issued ${p.issuedAt}`))
      .sort();
    expect(issuedRan).toHaveLength(units.length * c.periods.length);
    expect(issuedRan).toEqual(issuedPreviewed);
    expect(started).toEqual(preview.periods.map((p) => periodAssignmentId(recurringId, p.periodKey)));

    // Alarms: every notice the tasks sent, by unit, kind, instant and recipient, against the preview's.
    const sent = (await readModel.notifications.list({ limit: 1000, offset: 0 })).notifications;
    const ran = sent.map((n) => `${n.unitId} ${n.kind} ${toZonedIso(n.at)} → ${n.recipientRole}`).sort();
    const previewed = preview.busiestUnits
      .flatMap((u) => preview.periods.flatMap((p) => p.alarms.map((a) => `${u.unitId} ${a.notice} ${a.at} → ${a.recipientRole}`)))
      .sort();
    expect(ran).toEqual(previewed);
    for (const [kind, count] of Object.entries(c.notices)) expect(sent.filter((n) => n.kind === kind).length, kind).toBe(count);

    // The month table adds up to the same notices inside the 12 months.
    const inHorizon = sent.filter((n) => n.at < horizonEnd);
    const monthly = (kind: 'reminders' | 'progressChecks' | 'overdue' | 'escalations') => preview.months.reduce((n, m) => n + m[kind], 0);
    expect(monthly('reminders')).toBe(inHorizon.filter((n) => n.kind === 'reminder').length);
    expect(monthly('progressChecks')).toBe(inHorizon.filter((n) => n.kind === 'progressCheck').length);
    expect(monthly('overdue')).toBe(inHorizon.filter((n) => n.kind === 'overdue').length);
    expect(monthly('escalations')).toBe(inHorizon.filter((n) => n.kind === 'escalation').length);
    expect(preview.months.reduce((n, m) => n + m.acknowledgementReminders, 0)).toBe(inHorizon.filter((n) => n.kind === 'acknowledgementReminder').length);
    expect(sent.filter((n) => n.kind === 'acknowledgementReminder')).toHaveLength(issuedRan.length);
    expect(preview.totals.tasks).toBe(issuedRan.length);
  });
});
