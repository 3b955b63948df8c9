import { DateTime } from 'luxon';
import type { Directive } from '../domain/catalog/types';
import { audienceOf, type NotificationKind } from '../domain/notification';
import type { OrgLevel } from '../domain/org';
import { acknowledgementReminderOfIssue, alarmsIfUntouched, currentPeriodDecision, issuesBetween, policyOfIssue, type PeriodIssue, type RecurringDuty } from '../domain/recurring-plan';
import { stepPerChildUnit } from '../domain/rounds';
import type { Alarm } from '../domain/task-policy';
import { toZonedIso, ZONE } from '../domain/time';
import type { ReadModel, RecurringRecord, StoredUnit } from '../readmodel';
import { occurrenceView } from './occurrence-view';

/** 预演 covers this many calendar months, the one under way first. */
export const PREVIEW_MONTHS = 12;
/** How many of the busiest units and weeks the preview names. */
const BUSIEST = 10;

/** What each alarm becomes when it fires on a task nobody worked on (unit-task-state.ts fire). */
const NOTICE_OF: Record<Alarm['type'], NotificationKind> = {
  reminder: 'reminder',
  checkpoint: 'progressCheck',
  deadline: 'overdue',
  escalation: 'escalation',
};

const monthOf = (instant: number) => DateTime.fromMillis(instant, { zone: ZONE }).toFormat('yyyy-LL');
const weekOf = (instant: number) => DateTime.fromMillis(instant, { zone: ZONE }).toFormat("kkkk-'W'WW");

export interface PreviewRequest {
  directive: Directive;
  /** 签收: the worker's working days to acknowledge; the default unless configured. */
  acknowledgeWorkingDays?: number;
  scope: StoredUnit;
  targetLevel: OrgLevel;
  issueCurrentPeriod: boolean | 'always';
}

/**
 * 预演: the next 12 months of a recurring duty not yet created, for its scope — per period the tasks issued, their
 * deadline and every reminder, progress check, overdue notice and escalation its tasks' workflows would send if
 * nobody worked on them (each with its recipient role); per month the totals; and the busiest units and weeks,
 * counting the recurring duties already running at the same units too. Every figure comes from the engine's own
 * functions (domain/recurring-plan.ts, task-policy.ts, the org the fan-out reads); nothing is started or stored.
 * `others` are the recurring duties already running (not paused) whose load is added.
 */
export async function previewRecurring(readModel: ReadModel, request: PreviewRequest, now: number, others: RecurringRecord[] = []) {
  const { directive, scope, targetLevel } = request;
  const cadence = directive.cadence?.rule;
  if (!cadence) throw new RangeError(`${directive.id} does not recur`);
  const calendar = await readModel.workCalendar();
  const duty: RecurringDuty = {
    cadence,
    directive,
    calendar,
    ...(request.acknowledgeWorkingDays !== undefined ? { acknowledgeWorkingDays: request.acknowledgeWorkingDays } : {}),
  };
  const start = DateTime.fromMillis(now, { zone: ZONE }).startOf('month');
  const to = start.plus({ months: PREVIEW_MONTHS }).toMillis() - 1;

  // The units the fan-out gives a task (activities/index.ts record), with the steps each task has.
  const units = await readModel.org.unitsAtLevel(scope.id, targetLevel);
  const stepsOf = async (u: StoredUnit) => (stepPerChildUnit(directive.id) ? (await readModel.org.children(u.id)).length : directive.steps.length);
  const unitSteps = await Promise.all(units.map(async (u) => ({ unit: u, steps: await stepsOf(u) })));

  const issues = issuesBetween(duty, now, to, request.issueCurrentPeriod);
  const periods = issues.map((issue) => periodView(duty, issue, units.length));
  const decision = currentPeriodDecision(duty, now, request.issueCurrentPeriod);

  // Per month: the periods issued, the deadlines and what the alarms send, counted over every task.
  const months = Array.from({ length: PREVIEW_MONTHS }, (_, i) => {
    const month = start.plus({ months: i });
    const key = month.toFormat('yyyy-LL');
    const issued = periods.filter((p) => monthOf(p.createdAt) === key);
    const due = periods.filter((p) => monthOf(p.dueAtMs) === key);
    const notices = (kind: NotificationKind) =>
      periods.reduce((n, p) => n + p.alarmsMs.filter((a) => NOTICE_OF[a.type] === kind && monthOf(a.at) === key).length * p.taskCount, 0);
    return {
      month: key,
      label: `${month.year}年${month.month}月`,
      issued: { periods: issued.map((p) => p.periodKey), tasks: issued.reduce((n, p) => n + p.taskCount, 0) },
      deadlines: due.map((p) => ({ periodKey: p.periodKey, dueAt: p.dueAt, tasks: p.taskCount })),
      reminders: notices('reminder'),
      progressChecks: notices('progressCheck'),
      overdue: notices('overdue'),
      escalations: notices('escalation'),
      acknowledgementReminders: periods.reduce((n, p) => n + (monthOf(p.acknowledgementReminderMs) === key ? p.taskCount : 0), 0),
    };
  });

  // The load already running at the same units: other recurring duties' periods in the same months.
  const unitIds = new Set(units.map((u) => u.id));
  const otherTasks = new Map<string, number>();
  const otherDeadlinesByWeek = new Map<string, number>();
  for (const record of others) {
    const otherDirective = await readModel.directives.of(record.directiveId, record.directiveVersion);
    if (!otherDirective || record.targetLevel !== targetLevel) continue;
    const at = (await readModel.org.unitsAtLevel(record.scopeUnitId, record.targetLevel as OrgLevel)).filter((u) => unitIds.has(u.id));
    if (at.length === 0) continue;
    const otherIssues = issuesBetween({ cadence: record.cadence, windows: record.windows, directive: otherDirective, calendar }, now, to);
    for (const u of at) otherTasks.set(u.id, (otherTasks.get(u.id) ?? 0) + otherIssues.length);
    for (const issue of otherIssues) {
      const week = weekOf(issue.occurrence.dueAt);
      otherDeadlinesByWeek.set(week, (otherDeadlinesByWeek.get(week) ?? 0) + at.length);
    }
  }

  const busiestUnits = unitSteps
    .map(({ unit, steps }) => ({
      unitId: unit.id,
      name: unit.name,
      tasks: periods.length,
      steps: steps * periods.length,
      otherRecurringTasks: otherTasks.get(unit.id) ?? 0,
    }))
    .sort((a, b) => b.tasks + b.otherRecurringTasks - (a.tasks + a.otherRecurringTasks) || b.steps - a.steps)
    .slice(0, BUSIEST);

  const weeks = new Map<string, { deadlines: number; notices: number }>();
  const weekRow = (week: string) => weeks.get(week) ?? weeks.set(week, { deadlines: 0, notices: 0 }).get(week)!;
  for (const p of periods) {
    if (p.dueAtMs <= to) weekRow(weekOf(p.dueAtMs)).deadlines += p.taskCount;
    for (const a of p.alarmsMs) if (a.at <= to && a.type !== 'deadline') weekRow(weekOf(a.at)).notices += p.taskCount;
  }
  for (const week of otherDeadlinesByWeek.keys()) weekRow(week);
  const busiestWeeks = [...weeks.entries()]
    .map(([week, w]) => {
      const monday = DateTime.fromISO(week, { zone: ZONE });
      return {
        week,
        from: monday.toISODate() as string,
        to: monday.plus({ days: 6 }).toISODate() as string,
        deadlines: w.deadlines,
        otherRecurringDeadlines: otherDeadlinesByWeek.get(week) ?? 0,
        notices: w.notices,
      };
    })
    .filter((w) => w.deadlines + w.otherRecurringDeadlines + w.notices > 0)
    .sort((a, b) => b.deadlines + b.otherRecurringDeadlines - (a.deadlines + a.otherRecurringDeadlines) || b.notices - a.notices || a.week.localeCompare(b.week))
    .slice(0, BUSIEST);

  const sum = (pick: (m: (typeof months)[number]) => number) => months.reduce((n, m) => n + pick(m), 0);
  return {
    directiveId: directive.id,
    title: directive.title.zh,
    scopeUnitId: scope.id,
    scopeName: scope.name,
    targetLevel,
    cadence,
    from: toZonedIso(now),
    to: toZonedIso(to),
    unitCount: units.length,
    ...(decision
      ? {
          currentPeriod: {
            periodKey: decision.occurrence.periodKey,
            issued: decision.issued,
            ...(decision.issued ? {} : { reason: 'less than half of its time is left, so the first period issued is the next one' }),
          },
        }
      : {}),
    totals: {
      periods: periods.length,
      tasks: sum((m) => m.issued.tasks),
      reminders: sum((m) => m.reminders),
      progressChecks: sum((m) => m.progressChecks),
      overdue: sum((m) => m.overdue),
      escalations: sum((m) => m.escalations),
      acknowledgementReminders: sum((m) => m.acknowledgementReminders),
    },
    months,
    periods: periods.map(({ dueAtMs: _d, alarmsMs: _a, createdAt: _c, acknowledgementReminderMs: _r, ...p }) => p),
    busiestUnits,
    busiestWeeks,
  };
}

/** An alarm a period's tasks run (task-policy.ts), or their 签收 reminder, with the notice it sends and to whom. */
interface PreviewAlarm {
  key: string;
  type: Alarm['type'] | 'acknowledgement';
  notice: NotificationKind;
  at: string;
  recipientRole: string;
  daysBefore?: number;
  firesBelowPercent?: number;
}

/** One period as the preview shows it; the *Ms fields are for the counting above and are not sent. */
function periodView(duty: RecurringDuty, issue: PeriodIssue, taskCount: number) {
  const { occurrence } = issue;
  const alarms = alarmsIfUntouched({ createdAt: issue.createdAt, dueAt: occurrence.dueAt }, policyOfIssue(duty, issue));
  // 签收提醒: every task waits for 签收 first; untouched, its unit is reminded when the window ends.
  const acknowledgementReminderMs = acknowledgementReminderOfIssue(duty, issue);
  const acknowledgementAlarm: PreviewAlarm = {
    key: `acknowledgement-reminder@${acknowledgementReminderMs}`,
    type: 'acknowledgement',
    notice: 'acknowledgementReminder',
    at: toZonedIso(acknowledgementReminderMs),
    recipientRole: audienceOf('acknowledgementReminder').role,
  };
  return {
    ...occurrenceView(occurrence, duty.directive),
    issuedAt: toZonedIso(issue.createdAt),
    ...(issue.periodStartsAt !== undefined ? { periodStartsAt: toZonedIso(issue.periodStartsAt) } : {}),
    taskCount,
    alarms: [
      ...alarms.map((a): PreviewAlarm => ({
      key: a.key,
      type: a.type,
      notice: NOTICE_OF[a.type],
      at: toZonedIso(a.at),
      recipientRole: audienceOf(NOTICE_OF[a.type]).role,
      ...(a.type === 'reminder' ? { daysBefore: a.daysBefore } : {}),
      ...(a.type === 'checkpoint' ? { firesBelowPercent: a.belowPercent } : {}),
    })),
      acknowledgementAlarm,
    ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    acknowledgementReminderMs,
    createdAt: issue.createdAt,
    dueAtMs: occurrence.dueAt,
    alarmsMs: alarms,
  };
}
