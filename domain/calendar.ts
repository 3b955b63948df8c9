import { addDays, type CalendarDay } from './calendar-day';
import { assertSupportedYear, FESTIVALS, type FestivalBasis } from './festivals';
import {
  ARRANGEMENT_SOURCE,
  holidayBreaks,
  isArrangementPublished,
  isWorkingDay as isArrangedWorkingDay,
  makeUpWorkdays,
} from './holiday-arrangement';
import { sensitivePeriods } from './sensitive-periods';

/**
 * The year as the people doing the work see it (年度工作日历): working days under the State Council's holiday
 * arrangement, the key dates duties are tied to, and the sensitive periods. Pure, no I/O: workflows import it.
 */

export { FIRST_YEAR, LAST_YEAR, festivalDate, findFestival, FESTIVALS } from './festivals';
export { ARRANGEMENT_SOURCE, isArrangementPublished } from './holiday-arrangement';
export { sensitivePeriods, sensitivePeriod, type SensitivePeriod } from './sensitive-periods';

/**
 * Working days as the State Council's annual holiday arrangement defines them — statutory holidays off, 调休
 * make-up weekends on — from the maintained chinese-days data set rather than a weekday rule of our own.
 */
export function isWorkingDay(isoDate: string): boolean {
  return isArrangedWorkingDay(isoDate);
}

/** The Nth working day strictly after a Shanghai calendar day (YYYY-MM-DD). */
export function addWorkingDays(isoDate: string, days: number): string {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`working days must be a positive integer: ${days}`);
  let day: CalendarDay = isoDate;
  for (let left = days; left > 0; ) {
    day = addDays(day, 1);
    if (isArrangedWorkingDay(day)) left -= 1;
  }
  return day;
}

export interface YearCalendar {
  year: number;
  /** Whether the State Council's holiday arrangement for the year is in the library's data. */
  arrangement: { published: boolean; source: string; note?: string };
  /** Statutory days off, one entry per break; [] when the arrangement is not published. */
  holidays: Array<{ name: string; nameEn: string; start: string; end: string; days: string[] }>;
  /** 调休: weekend days worked, and the break each belongs to. */
  makeUpWorkdays: Array<{ date: string; for: string }>;
  festivals: Array<{ name: string; date: string; basis: FestivalBasis }>;
  sensitivePeriods: Array<{ key: string; name: string; start: string; end: string; basis: string }>;
}

export function yearCalendar(year: number): YearCalendar {
  assertSupportedYear(year);
  const published = isArrangementPublished(year);
  return {
    year,
    arrangement: {
      published,
      source: ARRANGEMENT_SOURCE,
      ...(published
        ? {}
        : {
            note:
              `The State Council's ${year} holiday arrangement is not in ${ARRANGEMENT_SOURCE}: until it is published ` +
              `(usually in November of the year before), working-day arithmetic in ${year} counts weekends only, ` +
              'and the holiday sensitive periods are proposed.',
          }),
    },
    holidays: holidayBreaks(year),
    makeUpWorkdays: makeUpWorkdays(year),
    festivals: FESTIVALS.map((f) => ({ name: f.name, date: f.date(year), basis: f.basis })).sort((a, b) => a.date.localeCompare(b.date)),
    sensitivePeriods: sensitivePeriods(year),
  };
}
