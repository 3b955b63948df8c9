/**
 * Calendar days as 'YYYY-MM-DD' strings, counted on the proleptic Gregorian calendar with UTC arithmetic, so that
 * no answer depends on the host's time zone (a Shanghai day is a date, not an instant; see time.ts for instants).
 */
export type CalendarDay = string;

const DAY_MS = 86_400_000;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMillis(day: CalendarDay): number {
  const match = PATTERN.exec(day);
  const millis = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(millis) || new Date(millis).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  }
  return millis;
}

export function calendarDay(year: number, month: number, day: number): CalendarDay {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
  return new Date(toUtcMillis(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, as Date#getDay counts. */
export function weekday(day: CalendarDay): number {
  return new Date(toUtcMillis(day)).getUTCDay();
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return Math.round((toUtcMillis(to) - toUtcMillis(from)) / DAY_MS);
}

/** Every day from start to end, both included. */
export function daysFromTo(start: CalendarDay, end: CalendarDay): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  return days;
}
