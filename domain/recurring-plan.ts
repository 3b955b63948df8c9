import { acknowledgeByFor, DEFAULT_ACKNOWLEDGE_WORKING_DAYS } from './acknowledgement';
import type { Cadence, Directive } from './catalog/types';
import { FIRST_YEAR, LAST_YEAR } from './festivals';
import {
  enoughLeftToIssue,
  occurrenceAt,
  occurrenceDeadlineOf,
  occurrencesInYear,
  type HolidayWindow,
  type Occurrence,
} from './recurrence';
import { pendingAlarms, policyFor, type Alarm, type TaskPolicy } from './task-policy';
import { yearInZone } from './time';
import { LIBRARY_CALENDAR, type WorkCalendar } from './work-calendar';

/**
 * What a recurring duty issues and when, as one rule for the engine and for 预演 (the preview): the Schedule's
 * occurrence workflow asks issueAt for the period its firing opens (activities/recurring.ts planOccurrence), the
 * create asks currentPeriodDecision whether to issue the period under way, and the preview walks the same openings
 * through the same two functions and the same task policy, so what it shows is what later runs.
 */
export interface RecurringDuty {
  cadence: Cadence;
  windows?: HolidayWindow[] | undefined;
  directive: Pick<Directive, 'id' | 'cadence' | 'deadline'>;
  /** The working-day calendar in use (the library's and the entered arrangements); the library's alone by default. */
  calendar?: WorkCalendar;
  /** 签收: working days a unit has to acknowledge a task (the worker's setting); the default unless given. */
  acknowledgeWorkingDays?: number;
}

/** One period's issue: its occurrence, when its tasks are created, and from when its work counts. */
export interface PeriodIssue {
  occurrence: Occurrence;
  /** The tasks' createdAt: the firing instant (the opening, or the create for a period under way). */
  createdAt: number;
  /** Set when issued after its period opened: the work, and its visits, count from the opening. */
  periodStartsAt?: number;
}

/** The period a firing at `at` issues, or undefined between periods (a holiday cadence's off-season). */
export function issueAt(duty: RecurringDuty, at: number): PeriodIssue | undefined {
  const occurrence = occurrenceAt(duty.cadence, at, duty.windows, occurrenceDeadlineOf(duty.directive), duty.calendar ?? LIBRARY_CALENDAR);
  if (!occurrence) return undefined;
  return { occurrence, createdAt: at, ...(occurrence.opensAt < at ? { periodStartsAt: occurrence.opensAt } : {}) };
}

/**
 * Whether to issue the period under way at `now` when a duty is created: `true` when enough of it is left
 * (recurrence.ts enoughLeftToIssue), `'always'` however little is left.
 */
export function currentPeriodDecision(
  duty: RecurringDuty,
  now: number,
  issueCurrentPeriod: boolean | 'always',
): { occurrence: Occurrence; issued: boolean } | undefined {
  if (!issueCurrentPeriod) return undefined;
  const current = occurrenceAt(duty.cadence, now, duty.windows, occurrenceDeadlineOf(duty.directive), duty.calendar ?? LIBRARY_CALENDAR);
  if (!current) return undefined;
  return { occurrence: current, issued: issueCurrentPeriod === 'always' || enoughLeftToIssue(current, now) };
}

/**
 * The instants in (from, to] at which the duty's Schedule fires: its periods' openings (api/recurring-schedule.ts
 * scheduleCalendars writes the same openings as calendar entries).
 */
export function openingsBetween(duty: RecurringDuty, from: number, to: number): number[] {
  const deadline = occurrenceDeadlineOf(duty.directive);
  const years: number[] = [];
  for (let y = Math.max(FIRST_YEAR, yearInZone(from)); y <= Math.min(LAST_YEAR, yearInZone(to) + 1); y++) years.push(y);
  const openings = years
    .flatMap((y) => occurrencesInYear(duty.cadence, y, duty.windows, deadline, duty.calendar ?? LIBRARY_CALENDAR))
    .map((o) => o.opensAt)
    .filter((at) => at > from && at <= to);
  return [...new Set(openings)].sort((a, b) => a - b);
}

/**
 * Every period the duty issues from its creation at `now` through `to`: the period under way if asked for and
 * decided so, then one per Schedule firing; a second firing for a period already issued meets the same assignment.
 */
export function issuesBetween(duty: RecurringDuty, now: number, to: number, issueCurrentPeriod: boolean | 'always' = false): PeriodIssue[] {
  const issues: PeriodIssue[] = [];
  const current = currentPeriodDecision(duty, now, issueCurrentPeriod);
  if (current?.issued) {
    const issue = issueAt(duty, now);
    if (issue) issues.push(issue);
  }
  for (const at of openingsBetween(duty, now, to)) {
    const issue = issueAt(duty, at);
    if (issue && !issues.some((i) => i.occurrence.periodKey === issue.occurrence.periodKey)) issues.push(issue);
  }
  return issues;
}

/** When a period's tasks, unacknowledged, are reminded to 签收 (the fan-out gives them this acknowledgeBy). */
export function acknowledgementReminderOfIssue(duty: RecurringDuty, issue: PeriodIssue): number {
  return acknowledgeByFor(issue.createdAt, duty.acknowledgeWorkingDays ?? DEFAULT_ACKNOWLEDGE_WORKING_DAYS, duty.calendar);
}

/** The task policy of a period's tasks, as the fan-out computes it (activities/index.ts startTaskChunk). */
export function policyOfIssue(duty: RecurringDuty, issue: PeriodIssue): TaskPolicy {
  return policyFor(duty.directive, issue.createdAt, issue.occurrence.dueAt);
}

/**
 * Every alarm a task's workflow runs if nobody works on it: its reminders, progress checks and deadline while open
 * (task-policy.ts pendingAlarms), then, overdue, the escalation. Work done in time silences the later ones; a
 * progress check fires only below its bar.
 */
export function alarmsIfUntouched(task: { createdAt: number; dueAt: number }, policy: TaskPolicy): Alarm[] {
  const open = pendingAlarms({ ...task, status: 'open' }, policy, new Set());
  const overdue = pendingAlarms({ ...task, status: 'overdue' }, policy, new Set());
  return [...open, ...overdue].sort((a, b) => a.at - b.at);
}
