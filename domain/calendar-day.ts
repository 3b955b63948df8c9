import { DateTime } from 'luxon';

/**
 * Calendar days as 'YYYY-MM-DD' strings, counted in UTC so that no answer depends on the host's time zone (a
 * Shanghai day is a date, not an instant; see time.ts for instants).
 */
export type CalendarDay = string;

const PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function parse(day: CalendarDay): DateTime {
  const parsed = PATTERN.test(day) ? DateTime.fromISO(day, { zone: 'utc' }) : DateTime.invalid('not YYYY-MM-DD');
  if (!parsed.isValid) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  return parsed;
}

const format = (date: DateTime): CalendarDay => date.toISODate() as string;

export function calendarDay(year: number, month: number, day: number): CalendarDay {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
  return format(parse(day).plus({ days }));
}

/** 0 = Sunday … 6 = Saturday, as Date#getDay counts. */
export function weekday(day: CalendarDay): number {
  return parse(day).weekday % 7;
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return Math.round(parse(to).diff(parse(from), 'days').days);
}

/** Every day from start to end, both included. */
export function daysFromTo(start: CalendarDay, end: CalendarDay): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  return days;
}
