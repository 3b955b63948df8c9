import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { previewRecurring } from '../../api/recurring-preview';
import { scheduleCalendars } from '../../api/recurring-schedule';
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
const ROUNDS = 'monthly-village-rounds';

/**
 * 预演 = what runs. The preview of the monthly rounds for a small county, asked on 10 December with the period under
 * way issued too, is compared with a year of the same duty on the time-skipping server, where nobody visits a single
 * village, so every alarm the tasks hold goes off: the same tasks (unit, period, deadline, issue instant), and the
 * same reminders, progress checks, overdue notices and escalations at the same instants for the same recipients.
 *
 * The test server has no Schedules: the simulation starts each period's occurrence workflow where the Schedule
 * would fire — its calendar entry for a monthly cadence is the 1st of every month, 00:00 Shanghai (asserted below;
 * test/api/recurring.test.ts runs the Schedule itself) — and, for the period under way, at creation, as the
 * create's trigger does. It does not read the preview's instants.
 */
describe('预演 of a recurring duty equals the year the engine then runs (time-skipping server)', () => {
  const suite = onTimeSkippingServer('2025-12-10T09:00:00+08:00');

  it('issues the tasks and fires the alarms the preview listed, and nothing else', { timeout: 600_000 }, async () => {
    const readModel: ReadModel = tempReadModel(COUNTY);
    const directive = findDirective(ROUNDS)!;
    const cadence = directive.cadence?.rule as Cadence;
    const now = await suite.env.currentTimeMs();

    const preview = previewRecurring(
      readModel,
      { directive, scope: readModel.org.get('k1') as StoredUnit, targetLevel: 'town', issueCurrentPeriod: true },
      now,
    );
    // December 2025 (under way, 21 of 31 days left) and January to November 2026.
    expect(preview.currentPeriod).toEqual({ periodKey: '2025-12', issued: true });
    expect(preview.periods.map((p) => p.periodKey)).toEqual(['2025-12', ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)]);
    expect(preview.unitCount).toBe(3);

    // The simulation: the Schedule's firings, independently of the preview.
    expect(scheduleCalendars(cadence, 2025)).toEqual([{ dayOfMonth: 1, comment: 'every month' }]);
    const horizonEnd = DateTime.fromMillis(now, { zone: ZONE }).startOf('month').plus({ months: 12 });
    const firings = [now];
    for (let m = DateTime.fromMillis(now, { zone: ZONE }).startOf('month').plus({ months: 1 }); m < horizonEnd; m = m.plus({ months: 1 })) {
      firings.push(m.toMillis());
    }

    const run = uniqueId('pv');
    const recurringId = `${run}rounds`;
    readModel.recurring.insert({ id: recurringId, directiveId: ROUNDS, scopeUnitId: 'k1', targetLevel: 'town', cadence, createdAt: now });
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
          const assignmentId = result.assignmentId as string;
          started.push(assignmentId);
          await eventually(() => readModel.tasks.tasksOfAssignment(assignmentId).filter((t) => t.version > 0).length, (n) => n === 3);
        }
        // A day past the last alarm the preview names, so nothing it listed can still be on its way.
        await suite.env.sleep(Math.max(lastAlarm, horizonEnd.toMillis()) + DAY - (await suite.env.currentTimeMs()));
      });
    } finally {
      // Every workflow a test starts ends with it.
      for (const assignmentId of started) {
        for (const t of readModel.tasks.tasksOfAssignment(assignmentId)) {
          await suite.env.client.workflow.getHandle(taskWorkflowId(t.id)).terminate('simulation over').catch(() => undefined);
        }
      }
    }

    // Issued tasks: (unit, period, deadline, issued at) — the preview's periods for each unit it names.
    const issuedRan = started
      .flatMap((assignmentId) => {
        const assignment = readModel.tasks.getAssignment(assignmentId)!;
        return readModel.tasks
          .tasksOfAssignment(assignmentId)
          .map((t) => `${t.unitId} ${assignment.recurring?.periodKey} due ${toZonedIso(t.dueAt)} issued ${toZonedIso(t.createdAt)}`);
      })
      .sort();
    expect(preview.busiestUnits.map((u) => u.unitId).sort()).toEqual(TOWNS);
    const issuedPreviewed = preview.busiestUnits
      .flatMap((u) => preview.periods.map((p) => `${u.unitId} ${p.periodKey} due ${p.dueAt} issued ${p.issuedAt}`))
      .sort();
    expect(issuedRan).toHaveLength(36);
    expect(issuedRan).toEqual(issuedPreviewed);
    expect(started).toEqual(preview.periods.map((p) => periodAssignmentId(recurringId, p.periodKey)));

    // Alarms: every notice the tasks sent, by unit, kind, instant and recipient, against the preview's.
    const sent = readModel.notifications.list({ limit: 1000, offset: 0 }).notifications;
    const ran = sent.map((n) => `${n.unitId} ${n.kind} ${toZonedIso(n.at)} → ${n.recipientRole}`).sort();
    const previewed = preview.busiestUnits
      .flatMap((u) => preview.periods.flatMap((p) => p.alarms.map((a) => `${u.unitId} ${a.notice} ${a.at} → ${a.recipientRole}`)))
      .sort();
    expect(ran).toEqual(previewed);
    // Per town and month: a reminder 3 days before the end, the check on the 20th, overdue at the end, escalation 7
    // days later — 12 × 3 of each (the last escalations fall on 7 December, after the 12 months).
    const kinds = (list: string[], kind: string) => list.filter((s) => s.includes(` ${kind} `)).length;
    for (const kind of ['reminder', 'progressCheck', 'overdue', 'escalation']) expect(kinds(ran, kind), kind).toBe(36);

    // The month table adds up to the same notices inside the 12 months.
    const inHorizon = sent.filter((n) => n.at < horizonEnd.toMillis());
    const monthly = (kind: 'reminders' | 'progressChecks' | 'overdue' | 'escalations') => preview.months.reduce((n, m) => n + m[kind], 0);
    expect(monthly('reminders')).toBe(inHorizon.filter((n) => n.kind === 'reminder').length);
    expect(monthly('progressChecks')).toBe(inHorizon.filter((n) => n.kind === 'progressCheck').length);
    expect(monthly('overdue')).toBe(inHorizon.filter((n) => n.kind === 'overdue').length);
    expect(monthly('escalations')).toBe(inHorizon.filter((n) => n.kind === 'escalation').length);
    expect(monthly('escalations')).toBe(33);
  });
});
