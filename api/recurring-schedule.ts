import type { CalendarSpec, Client, ScheduleDescription } from '@temporalio/client';
import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Cadence } from '../domain/catalog/types';
import { LAST_YEAR } from '../domain/festivals';
import { currentPeriodDecision } from '../domain/recurring-plan';
import { occurrencesInYear, type HolidayWindow, type OccurrenceDeadline } from '../domain/recurrence';
import { toZonedIso, yearInZone, ZONE } from '../domain/time';
import type { WorkCalendar } from '../domain/work-calendar';
import { scheduleOnce } from '../platform/start-once';
import type { ReadModel, RecurringRecord } from '../readmodel';
import { RECURRING_OCCURRENCE_WORKFLOW } from '../contracts/recurring';

export function recurringScheduleId(recurringId: string): string {
  return `recurring/${recurringId}`;
}

/**
 * When a recurring assignment's periods open, as Schedule calendar entries in Shanghai time. Fixed periods are a
 * plain calendar rule; festival-bound ones (lunar dates, windows before sensitive periods) move every year, so each
 * year's opening is listed from the calendar, through the last year the calendar covers.
 */
export function scheduleCalendars(
  cadence: Cadence,
  fromYear: number,
  windows?: HolidayWindow[],
  deadline?: OccurrenceDeadline,
  calendar?: WorkCalendar,
): CalendarSpec[] {
  switch (cadence.every) {
    case 'week':
      return [{ dayOfWeek: 'MONDAY', comment: 'every ISO week' }];
    case 'month':
      return [{ dayOfMonth: 1, comment: 'every month' }];
    case 'quarter':
      return [{ dayOfMonth: 1, month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'], comment: 'every quarter' }];
    case 'year':
      return [{ dayOfMonth: 1, month: 'JANUARY', comment: 'every year' }];
    case 'holiday':
    case 'sensitive-period': {
      const calendars: CalendarSpec[] = [];
      // A window due in January or February of one year may open in the December before; it is listed then.
      for (let year = fromYear; year <= LAST_YEAR; year++) {
        for (const occurrence of occurrencesInYear(cadence, year, windows, deadline, calendar)) {
          const opens = DateTime.fromMillis(occurrence.opensAt, { zone: ZONE });
          if (opens.year < fromYear) continue;
          calendars.push({
            year: opens.year,
            month: MONTHS[opens.month - 1] as (typeof MONTHS)[number],
            dayOfMonth: opens.day,
            comment: occurrence.periodKey,
          });
        }
      }
      return calendars;
    }
  }
}

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

/** A recurring assignment's Schedule spec from `now` on: its periods' openings in Shanghai time. */
export function recurringScheduleSpec(
  recurring: Pick<RecurringRecord, 'cadence' | 'windows'>,
  now: number,
  deadline: OccurrenceDeadline | undefined,
  calendar?: WorkCalendar,
) {
  return {
    calendars: scheduleCalendars(recurring.cadence, yearInZone(now), recurring.windows, deadline, calendar),
    timezone: ZONE,
  };
}

/**
 * One Temporal Schedule per recurring assignment, in Asia/Shanghai. Each firing starts that period's occurrence;
 * periods never wait for one another (the next month starts regardless), and a firing missed while the cluster was
 * down is caught up within a month.
 */
export async function createRecurringSchedule(
  client: Client,
  recurring: RecurringRecord,
  taskQueue: string,
  now: number,
  deadline: OccurrenceDeadline | undefined,
  calendar?: WorkCalendar,
) {
  // A retried create finds the schedule there already, which is what was asked for.
  await scheduleOnce(client, {
    scheduleId: recurringScheduleId(recurring.id),
    spec: recurringScheduleSpec(recurring, now, deadline, calendar),
    action: {
      type: 'startWorkflow',
      workflowType: RECURRING_OCCURRENCE_WORKFLOW,
      args: [{ recurringId: recurring.id }],
      taskQueue,
      workflowId: `occurrence/${recurring.id}`,
    },
    policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '31 days' },
    memo: { directiveId: recurring.directiveId },
  });
}

/**
 * Brings the calendar of every festival-bound recurring Schedule up to the code's. Openings move when a directive's
 * deadline rule or the holiday calendar changes (C8's windows open 14 days ahead of their deadline, not 30), and a
 * Schedule made before would fire on openings that no longer start a period, issuing nothing. `npm start` runs
 * this; it is idempotent. Returns the ids refreshed.
 */
export async function refreshRecurringSchedules(client: Client, readModel: ReadModel, now: number): Promise<string[]> {
  const refreshed: string[] = [];
  for (const record of await readModel.recurring.list({})) {
    if (record.cadence.every !== 'holiday' && record.cadence.every !== 'sensitive-period') continue;
    const spec = recurringScheduleSpec(record, now, await readModel.directives.occurrenceDeadline(record), await readModel.workCalendar());
    try {
      await client.schedule.getHandle(recurringScheduleId(record.id)).update((previous) => ({ ...previous, spec }));
      refreshed.push(record.id);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  return refreshed;
}

/**
 * Whether to issue the period under way as well: `true` when enough of it is left (recurrence.ts
 * MIN_SHARE_LEFT_TO_ISSUE), `'always'` when the leader wants it issued however little is left.
 */
export type IssueCurrentPeriod = boolean | 'always';

/** What became of the period under way when a recurring assignment was created with issueCurrentPeriod. */
export interface CurrentPeriod {
  periodKey: string;
  issued: boolean;
  /** Why it was not issued: too little of it left (recurrence.ts MIN_SHARE_LEFT_TO_ISSUE). */
  reason?: string;
}

/**
 * Records a recurring assignment and creates its Schedule; both steps are idempotent, so a retry completes what a
 * crash in between left undone. `created` is false when the id was taken already (the first record stands).
 */
export async function startRecurring(
  client: Client,
  readModel: ReadModel,
  recurring: RecurringRecord,
  taskQueue: string,
  options: { issueCurrentPeriod?: IssueCurrentPeriod; now?: number } = {},
): Promise<{ created: boolean; currentPeriod?: CurrentPeriod }> {
  const created = await readModel.recurring.insert(recurring);
  const stored = (await readModel.recurring.get(recurring.id)) as RecurringRecord;
  await createRecurringSchedule(client, stored, taskQueue, stored.createdAt, await readModel.directives.occurrenceDeadline(stored), await readModel.workCalendar());
  if (!created || !options.issueCurrentPeriod) return { created };
  // The period already under way (this month's rounds) is issued now rather than at the next opening, if enough of
  // it is left or the leader insists; a second trigger meets the same period's assignment, so a retry issues nothing twice.
  const now = options.now ?? Date.now();
  const directive = await readModel.directives.of(stored.directiveId, stored.directiveVersion);
  const duty = directive && { cadence: stored.cadence, windows: stored.windows, directive, calendar: await readModel.workCalendar() };
  const decision = duty && currentPeriodDecision(duty, now, options.issueCurrentPeriod);
  if (!decision) return { created };
  const current = decision.occurrence;
  if (!decision.issued) {
    return {
      created,
      currentPeriod: {
        periodKey: current.periodKey,
        issued: false,
        reason: `${current.label} is due ${toZonedIso(current.dueAt)}: less than half of its time is left, so the first period issued is the next one`,
      },
    };
  }
  await client.schedule.getHandle(recurringScheduleId(stored.id)).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  return { created, currentPeriod: { periodKey: current.periodKey, issued: true } };
}

/** What the API shows of a Schedule: paused or not, why, when it fires next, what it started lately. */
export function scheduleView(description: ScheduleDescription) {
  return {
    scheduleId: description.scheduleId,
    timezone: description.spec.timezone,
    paused: description.state.paused,
    note: description.state.note,
    nextActionTimes: description.info.nextActionTimes.map((d) => toZonedIso(d.getTime())),
    recentActions: description.info.recentActions.map((a) => ({
      scheduledAt: toZonedIso(a.scheduledAt.getTime()),
      takenAt: toZonedIso(a.takenAt.getTime()),
      workflowId: a.action.workflow.workflowId,
    })),
  };
}
