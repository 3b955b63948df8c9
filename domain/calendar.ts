import { addDays, type CalendarDay } from './calendar-day';
import { assertSupportedYear, FESTIVALS, type FestivalBasis } from './festivals';
import { sensitivePeriods } from './sensitive-periods';
import { STATUTE_SOURCE, statutoryDays } from './statutory-holidays';
import { LIBRARY_CALENDAR, type DisagreementDay, type WorkCalendar, type YearArrangement } from './work-calendar';

/**
 * The year as the people doing the work see it (年度工作日历): working days under the State Council's holiday
 * arrangement, the key dates duties are tied to, and the sensitive periods. Pure, no I/O: workflows import it.
 */

export { FIRST_YEAR, LAST_YEAR, festivalDate, findFestival, FESTIVALS } from './festivals';
export { ARRANGEMENT_SOURCE } from './holiday-arrangement';
export { sensitivePeriods, sensitivePeriod, type SensitivePeriod } from './sensitive-periods';
export { LIBRARY_CALENDAR, WorkCalendar, type EnteredArrangement, type YearArrangement } from './work-calendar';

/*
 * Every working-day function takes the calendar to count on (work-calendar.ts: the library's arrangement plus the
 * ones admins entered). It defaults to the library's alone, which is what code that has no read model to ask — a
 * test, a script — means; the API and activities pass the one built from the read model (api/work-calendar.ts,
 * activities), workflows the one built from their input.
 */

/** Whether the year's arrangement (调休 included) is known: in the library's data or entered from the notice. */
export function isArrangementPublished(year: number, calendar: WorkCalendar = LIBRARY_CALENDAR): boolean {
  return calendar.isPublished(year);
}

/**
 * Working days as the State Council's annual holiday arrangement defines them — statutory holidays off, 调休
 * make-up weekends on — from the maintained chinese-days data set (or an entered notice) rather than a weekday rule
 * of our own.
 */
export function isWorkingDay(isoDate: string, calendar: WorkCalendar = LIBRARY_CALENDAR): boolean {
  return calendar.isWorkingDay(isoDate);
}

/** The Nth working day strictly after a Shanghai calendar day (YYYY-MM-DD). */
export function addWorkingDays(isoDate: string, days: number, calendar: WorkCalendar = LIBRARY_CALENDAR): string {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`working days must be a positive integer: ${days}`);
  let day: CalendarDay = isoDate;
  for (let left = days; left > 0; ) {
    day = addDays(day, 1);
    if (calendar.isWorkingDay(day)) left -= 1;
  }
  return day;
}

/**
 * A deadline's day moved off a day off, per the rule of the clock it belongs to:
 * - 'next-working-day': a period counted in days whose last day is a day off ends on the next working day (民法典
 *   第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日; the same in 民事诉讼法's
 *   期间 article, which 行政诉讼法 第一百零一条 applies). Weekends count as 休假日 unless 调休 makes them workdays
 *   (the courts' long-standing reading: a 变通 rest day is the actual day off). Petition clocks use this.
 * - 'last-working-day-before': work that must be done *before* a date (visits before a festival) cannot be left to
 *   the festival's own days off, when nobody is at work to do or check it; it is due the last working day before.
 * A working day is one under the State Council's arrangement, or for a year not yet arranged a weekday that is not
 * a day off fixed by law (isWorkingDay).
 */
export type HolidayShift = 'next-working-day' | 'last-working-day-before';

export function shiftOffDaysOff(day: CalendarDay, shift: HolidayShift, calendar: WorkCalendar = LIBRARY_CALENDAR): CalendarDay {
  const step = shift === 'next-working-day' ? 1 : -1;
  let moved = day;
  while (!calendar.isWorkingDay(moved)) moved = addDays(moved, step);
  return moved;
}

export interface YearCalendar {
  year: number;
  /**
   * Whether the State Council's holiday arrangement for the year is known, and from what: the library's data
   * (`basis: 'library'`), a notice an admin entered (`'notice'`, with it in `notice`), or neither (`'statute'`);
   * `disagreement` lists the days the library and an entered notice disagree on (work-calendar.ts says which wins).
   */
  arrangement: { published: boolean; source: string; basis: YearArrangement['basis']; note?: string; reason?: string; notice?: YearArrangement['notice'] };
  disagreement: DisagreementDay[];
  /**
   * Days off, one entry per break. Published: the arrangement's breaks (`basis: 'arrangement'`). Not published: the
   * days off fixed by law (`basis: 'statute'`), each holiday's days as one entry, without the bridging days 调休
   * will add.
   */
  holidays: Array<{ name: string; nameEn: string; start: string; end: string; days: string[]; basis: 'arrangement' | 'statute' }>;
  /** 调休: weekend days worked, and the break each belongs to; `null` while the arrangement is unpublished (unknown). */
  makeUpWorkdays: Array<{ date: string; for: string }> | null;
  festivals: Array<{ name: string; date: string; basis: FestivalBasis }>;
  sensitivePeriods: Array<{ key: string; name: string; start: string; end: string; basis: string }>;
}

export function yearCalendar(year: number, calendar: WorkCalendar = LIBRARY_CALENDAR): YearCalendar {
  assertSupportedYear(year);
  const { published, source, basis, notice, reason, disagreement } = calendar.arrangement(year);
  return {
    year,
    arrangement: {
      published,
      source,
      basis,
      ...(notice ? { notice } : {}),
      ...(reason ? { reason } : {}),
      ...(published
        ? {}
        : {
            note:
              `The State Council's ${year} holiday arrangement is not in ${source} nor entered: until it is published ` +
              `(usually in November of the year before), ${year}'s holidays are the days off fixed by law ` +
              `(${STATUTE_SOURCE}) and its 调休 (bridging days off, make-up workdays) is unknown: working-day ` +
              'arithmetic counts weekends and those statutory days as days off, and the holiday sensitive periods are proposed.',
          }),
    },
    disagreement,
    holidays: published ? calendar.holidayBreaks(year).map((b) => ({ ...b, basis: 'arrangement' as const })) : statutoryBreaks(year),
    makeUpWorkdays: published ? calendar.makeUpWorkdays(year) : null,
    festivals: FESTIVALS.map((f) => ({ name: f.name, date: f.date(year), basis: f.basis })).sort((a, b) => a.date.localeCompare(b.date)),
    sensitivePeriods: sensitivePeriods(year, calendar),
  };
}

/** The days off fixed by law, grouped by holiday (consecutive days of one name). */
function statutoryBreaks(year: number): YearCalendar['holidays'] {
  const groups: YearCalendar['holidays'] = [];
  for (const day of statutoryDays(year)) {
    const last = groups[groups.length - 1];
    if (last && last.name === day.name && addDays(last.end, 1) === day.date) {
      last.end = day.date;
      last.days.push(day.date);
    } else {
      groups.push({ name: day.name, nameEn: day.nameEn, start: day.date, end: day.date, days: [day.date], basis: 'statute' });
    }
  }
  return groups;
}
