import { DateTime } from 'luxon';
import { addWorkingDays } from './calendar';
import { LIBRARY_CALENDAR, type WorkCalendar } from './work-calendar';
import { endOfDay, endOfYear, yearInZone, ZONE } from './time';

/**
 * When a task is due, counted from a start: the assignment for a directive's default deadline, the event's
 * occurrence for an event-driven task. Each rule is a value, so the catalog can carry it and the API can show it;
 * resolveDeadline is the only place one is turned into an instant.
 */
export type DeadlineRule =
  /** 「年底前」/「年内」: the end of the start's calendar year in Shanghai. */
  | { type: 'endOfYear' }
  /** The end of the Shanghai month (or quarter) the start falls in. */
  | { type: 'endOfMonth' }
  | { type: 'endOfQuarter' }
  /** 「T0+Nd」, 「≤30d after verification」: the end of the Shanghai day N calendar days after the start. */
  | { type: 'withinDays'; days: number }
  /** 「≤5 working days」: the end of the Nth working day after the start's day, 调休 included (see calendar.ts). */
  | { type: 'withinWorkingDays'; days: number }
  /** 「≤1 h」: exactly N hours after the start. */
  | { type: 'withinHours'; hours: number };

export const DEADLINE_RULE_TYPES = ['endOfYear', 'endOfMonth', 'endOfQuarter', 'withinDays', 'withinWorkingDays', 'withinHours'] as const;

/**
 * The instant a rule gives from `start`. Working days are counted on `calendar` — pass the calendar in use
 * (api/work-calendar.ts, or a workflow's own from its input); the default, the library's arrangement alone, is only
 * right where nothing was entered. The instant is fixed when work is issued and never recomputed.
 */
export function resolveDeadline(rule: DeadlineRule, start: number, calendar: WorkCalendar = LIBRARY_CALENDAR): number {
  const local = DateTime.fromMillis(start, { zone: ZONE });
  switch (rule.type) {
    case 'endOfYear':
      return endOfYear(yearInZone(start));
    case 'endOfMonth':
      return local.endOf('month').toMillis();
    case 'endOfQuarter':
      return local.endOf('quarter').toMillis();
    case 'withinDays':
      return local.plus({ days: rule.days }).endOf('day').toMillis();
    case 'withinWorkingDays':
      return endOfDay(addWorkingDays(local.toISODate() as string, rule.days, calendar));
    case 'withinHours':
      return start + rule.hours * 3_600_000;
  }
}

export function describeDeadlineRule(rule: DeadlineRule): string {
  switch (rule.type) {
    case 'endOfYear':
      return '年底前 (31 Dec 23:59:59.999 Asia/Shanghai of the year it starts)';
    case 'endOfMonth':
      return '月底前 (the last instant of the month, Asia/Shanghai)';
    case 'endOfQuarter':
      return '季末前 (the last instant of the quarter, Asia/Shanghai)';
    case 'withinDays':
      return `${rule.days}日内 (end of the ${rule.days}th day after it starts, Asia/Shanghai)`;
    case 'withinWorkingDays':
      return `${rule.days}个工作日内 (end of the ${rule.days}th working day after it starts; statutory holidays and 调休 counted)`;
    case 'withinHours':
      return `${rule.hours}小时内 (${rule.hours} h after it starts)`;
  }
}
