import { calendarDay, daysBetween, daysFromTo, type CalendarDay } from './calendar-day';
import {
  ARRANGEMENT_SOURCE,
  ArrangementTable,
  LIBRARY_ARRANGEMENT,
  type DayEntry,
  type HolidayBreak,
  type MakeUpWorkday,
} from './holiday-arrangement';

/**
 * The calendar every working-day computation reads (工作日历): the library's arrangement (chinese-days) plus the
 * arrangements admins entered from the State Council's notice for years the library does not have yet. It is a
 * value built from plain data — the entered arrangements (EnteredArrangement[], JSON) — so the API and activities
 * build it from the read model, and a workflow gets the same data in its input and builds the same calendar on every
 * replay. Nothing here reads a clock or a database.
 *
 * Which arrangement a year uses:
 * - the library has the year and nothing was entered, or what was entered agrees with it (the same working days):
 *   the library — a maintained data set wins again once it catches up;
 * - an arrangement was entered and the library does not have the year: the entered one;
 * - both, and they disagree on some day: the entered one stays in use and every day they disagree on is reported
 *   (YearArrangement.disagreement). Switching to the library would change working-day arithmetic without anyone
 *   deciding it, and the entry is a record someone made from the notice, with its title and date; an admin resolves
 *   the disagreement by entering the year again (the library's days, once checked against the notice, make the two
 *   agree and the library is used from then on);
 * - neither: the days off fixed by law, 调休 unknown (statutory-holidays.ts).
 */

/** A holiday break as a notice gives it: 「春节：2月5日至13日放假调休，共9天」. */
export interface EnteredHoliday {
  name: string;
  start: CalendarDay;
  end: CalendarDay;
}

/** A year's arrangement as an admin entered it from the notice (a record: readmodel/calendar-arrangement-store.ts). */
export interface EnteredArrangement {
  year: number;
  notice: { title: string; date: CalendarDay };
  holidays: EnteredHoliday[];
  /** The 调休 weekend days worked (上班). */
  workdays: CalendarDay[];
  /** 1 for the first entry of the year, then one more for each change. */
  version: number;
  enteredAt: number;
  /** The name of the admin who entered it. */
  enteredBy: string;
}

/** A day the library and the entered arrangement of a year disagree on. */
export interface DisagreementDay {
  date: CalendarDay;
  library: 'working' | 'off';
  entered: 'working' | 'off';
}

export type ArrangementBasis = 'library' | 'notice' | 'statute';

/** Which arrangement a year uses, and why (see the top of this file). */
export interface YearArrangement {
  /** Whether the year's arrangement (调休 included) is known: from the library or from an entered notice. */
  published: boolean;
  basis: ArrangementBasis;
  /** What it comes from, for people: 'chinese-days 1.5.7', or the notice's title and date. */
  source: string;
  /** The entered notice of the year, whether it is the one used or not. */
  notice?: { title: string; date: CalendarDay; version: number; enteredAt: number; enteredBy: string };
  /** The days the library and the entered notice disagree on ([] when they agree or only one has the year). */
  disagreement: DisagreementDay[];
  /** Why the basis was chosen, when both have the year. */
  reason?: string;
}

const NAMES_EN: Record<string, string> = {
  元旦: "New Year's Day",
  春节: 'Spring Festival',
  清明: 'Tomb-sweeping Day',
  清明节: 'Tomb-sweeping Day',
  劳动节: 'Labour Day',
  端午: 'Dragon Boat Festival',
  端午节: 'Dragon Boat Festival',
  中秋: 'Mid-autumn Festival',
  中秋节: 'Mid-autumn Festival',
  国庆: 'National Day',
  国庆节: 'National Day',
};

const entryOf = (name: string): DayEntry => ({
  name,
  nameEn: name.split('、').map((n) => NAMES_EN[n] ?? n).join(' & '),
});

/** The entered arrangement as a table of days; a make-up workday is for the nearest break (by the table's rule). */
function tableOf(entered: EnteredArrangement): ArrangementTable {
  const holidays = new Map<CalendarDay, DayEntry>();
  for (const h of entered.holidays) for (const day of daysFromTo(h.start, h.end)) holidays.set(day, entryOf(h.name));
  const byDistance = (day: CalendarDay) =>
    [...entered.holidays].sort((a, b) => gap(day, a) - gap(day, b))[0]?.name.split('、')[0] ?? '调休';
  const workdays = new Map<CalendarDay, DayEntry>(entered.workdays.map((day) => [day, entryOf(byDistance(day))]));
  return new ArrangementTable(holidays, workdays, [entered.year]);
}

/** Days from a day to a break (0 inside it). */
const gap = (day: CalendarDay, h: EnteredHoliday) => (day < h.start ? daysBetween(day, h.start) : day > h.end ? daysBetween(h.end, day) : 0);

/** Every day of the year on which two arrangements disagree about working or not. */
function disagreementOf(year: number, library: ArrangementTable, entered: ArrangementTable): DisagreementDay[] {
  const state = (t: ArrangementTable, day: CalendarDay) => (t.isWorkingDay(day) ? ('working' as const) : ('off' as const));
  return daysFromTo(calendarDay(year, 1, 1), calendarDay(year, 12, 31))
    .map((date) => ({ date, library: state(library, date), entered: state(entered, date) }))
    .filter((d) => d.library !== d.entered);
}

export class WorkCalendar {
  private readonly table: ArrangementTable;
  private readonly years = new Map<number, YearArrangement>();

  /** `entered`: the latest entry of each year (any order); more than one for a year keeps the highest version. */
  constructor(readonly entered: readonly EnteredArrangement[] = []) {
    const latest = new Map<number, EnteredArrangement>();
    for (const e of entered) if ((latest.get(e.year)?.version ?? 0) < e.version) latest.set(e.year, e);
    const holidays = new Map(LIBRARY_ARRANGEMENT.holidays);
    const workdays = new Map(LIBRARY_ARRANGEMENT.workdays);
    const noticeYears: number[] = [];
    for (const e of latest.values()) {
      const own = tableOf(e);
      const notice = { ...e.notice, version: e.version, enteredAt: e.enteredAt, enteredBy: e.enteredBy };
      const source = `${e.notice.title} (${e.notice.date})`;
      if (!LIBRARY_ARRANGEMENT.has(e.year)) {
        this.years.set(e.year, { published: true, basis: 'notice', source, notice, disagreement: [] });
      } else {
        const disagreement = disagreementOf(e.year, LIBRARY_ARRANGEMENT, own);
        if (disagreement.length === 0) {
          this.years.set(e.year, {
            published: true,
            basis: 'library',
            source: ARRANGEMENT_SOURCE,
            notice,
            disagreement,
            reason: `${ARRANGEMENT_SOURCE} now has ${e.year} and agrees with the entered notice: the library is used`,
          });
          continue;
        }
        this.years.set(e.year, {
          published: true,
          basis: 'notice',
          source,
          notice,
          disagreement,
          reason:
            `${ARRANGEMENT_SOURCE} has ${e.year} and disagrees with the entered notice on ${disagreement.length} day(s): ` +
            'the entered notice stays in use until an admin enters the year again (switching by itself would move ' +
            'working days nobody decided to move)',
        });
      }
      noticeYears.push(e.year);
      for (const map of [holidays, workdays]) for (const day of [...map.keys()]) if (day.startsWith(`${e.year}-`)) map.delete(day);
      for (const [day, entry] of own.holidays) holidays.set(day, entry);
      for (const [day, entry] of own.workdays) workdays.set(day, entry);
    }
    this.table = new ArrangementTable(holidays, workdays, noticeYears);
  }

  /** Which arrangement the year uses and where it comes from. */
  arrangement(year: number): YearArrangement {
    const known = this.years.get(year);
    if (known) return known;
    return LIBRARY_ARRANGEMENT.has(year)
      ? { published: true, basis: 'library', source: ARRANGEMENT_SOURCE, disagreement: [] }
      : { published: false, basis: 'statute', source: ARRANGEMENT_SOURCE, disagreement: [] };
  }

  isPublished(year: number): boolean {
    return this.table.has(year);
  }

  /** A working day: see ArrangementTable.isWorkingDay (days off fixed by law count in a year not yet arranged). */
  isWorkingDay(day: CalendarDay): boolean {
    return this.table.isWorkingDay(day);
  }

  holidayBreaks(year: number): HolidayBreak[] {
    return this.table.holidayBreaks(year);
  }

  breakContaining(day: CalendarDay): HolidayBreak | undefined {
    return this.table.breakContaining(day);
  }

  makeUpWorkdays(year: number): MakeUpWorkday[] {
    return this.table.makeUpWorkdays(year);
  }
}

/** The calendar with nothing entered: the library's arrangement alone, as before any admin entry. */
export const LIBRARY_CALENDAR = new WorkCalendar();
