import libraryPackage from 'chinese-days/package.json';
import data from 'chinese-days/dist/chinese-days.json';
import { addDays, daysBetween, weekday, type CalendarDay } from './calendar-day';
import { statutoryDay } from './statutory-holidays';

/**
 * The State Council's annual holiday arrangement (国务院办公厅关于某年部分节假日安排的通知): the statutory days off
 * (放假) and the 调休 weekend days that are worked instead (上班), as a table of days. The maintained chinese-days
 * data set is one such table (LIBRARY_ARRANGEMENT); an arrangement an admin entered from the notice is another
 * (work-calendar.ts builds the calendar in use from both). JSON imports bundle into the Temporal workflow code as
 * well as they load under tsx and vitest.
 */

/** Where the library's arrangement comes from, with its version, so a reader can tell how fresh it is. */
export const ARRANGEMENT_SOURCE = `chinese-days ${libraryPackage.version}`;

/** A day of the table: the holiday it is off for, or the break a worked weekend makes up for. */
export interface DayEntry {
  name: string;
  nameEn: string;
}

/** A statutory break: consecutive days off (weekends inside it included), e.g. 国庆节、中秋节 1–8 Oct 2025. */
export interface HolidayBreak {
  /** '春节'; two holidays joined in one break read '国庆节、中秋节', as the notice names them. */
  name: string;
  nameEn: string;
  start: CalendarDay;
  end: CalendarDay;
  days: CalendarDay[];
}

export interface MakeUpWorkday {
  date: CalendarDay;
  /** The name of the break it makes up for. */
  for: string;
}

const yearOf = (day: CalendarDay) => Number(day.slice(0, 4));

const breaksByTable = new WeakMap<ArrangementTable, readonly HolidayBreak[]>();

/** One arrangement as days: which are off (放假) and which weekend days are worked (上班), over any number of years. */
export class ArrangementTable {
  readonly years: ReadonlySet<number>;

  constructor(
    readonly holidays: ReadonlyMap<CalendarDay, DayEntry>,
    readonly workdays: ReadonlyMap<CalendarDay, DayEntry>,
    /** Years the arrangement is known for even with no day listed (cannot happen for a real notice; kept exact). */
    extraYears: Iterable<number> = [],
  ) {
    this.years = new Set([...holidays.keys(), ...workdays.keys()].map(yearOf).concat([...extraYears]));
  }

  /**
   * Worked out on first use and kept beside the table, not on it: the library's tables are shared by a worker's
   * workflow runs and frozen there (worker/workflow-bundle.ts), and they are built before any run, when the
   * date arithmetic cannot run yet.
   */
  private get allBreaks(): readonly HolidayBreak[] {
    let breaks = breaksByTable.get(this);
    if (!breaks) breaksByTable.set(this, (breaks = breaksOf(this.holidays)));
    return breaks;
  }

  /** Whether the year's arrangement is in the table. */
  has(year: number): boolean {
    return this.years.has(year);
  }

  /** The breaks with at least one day in the year ([] when the year is not in the table). */
  holidayBreaks(year: number): HolidayBreak[] {
    return this.allBreaks.filter((b) => yearOf(b.start) <= year && yearOf(b.end) >= year);
  }

  /** The break a day off belongs to, if the table lists it as one. */
  breakContaining(day: CalendarDay): HolidayBreak | undefined {
    return this.holidays.has(day) ? this.allBreaks.find((b) => b.start <= day && day <= b.end) : undefined;
  }

  /** The 调休 weekend days worked in the year, each with the break it belongs to (the nearest of that name). */
  makeUpWorkdays(year: number): MakeUpWorkday[] {
    return [...this.workdays.keys()]
      .filter((day) => yearOf(day) === year)
      .sort()
      .map((date) => {
        const { name } = this.workdays.get(date) as DayEntry;
        const nearest = this.allBreaks
          .filter((b) => b.name.split('、').includes(name))
          .sort((a, b) => distance(date, a) - distance(date, b))[0];
        return { date, for: nearest?.name ?? name };
      });
  }

  /**
   * A working day under the arrangement: a 调休 workday, or a Monday–Friday that is not a day off. Same rule as
   * chinese-days' isWorkday, read from the data directly because isWorkday parses dates as UTC and reads them back
   * with the host's clock. In a year the table does not have, the days off fixed by law are still known
   * (statutory-holidays.ts) and are not working days; only its 调休 — bridging days off and make-up weekends — is
   * unknown, so weekends count as days off and weekdays as working days until the arrangement is known.
   */
  isWorkingDay(day: CalendarDay): boolean {
    if (this.workdays.has(day)) return true;
    const dayOfWeek = weekday(day);
    if (dayOfWeek === 0 || dayOfWeek === 6 || this.holidays.has(day)) return false;
    return this.has(yearOf(day)) || statutoryDay(day) === undefined;
  }
}

/** Runs of consecutive days off, each a break named after the holidays in it. */
function breaksOf(holidays: ReadonlyMap<CalendarDay, DayEntry>): HolidayBreak[] {
  const runs: Array<{ days: CalendarDay[]; entries: DayEntry[] }> = [];
  for (const day of [...holidays.keys()].sort()) {
    const entry = holidays.get(day) as DayEntry;
    const last = runs[runs.length - 1];
    if (last && addDays(last.days[last.days.length - 1] as string, 1) === day) {
      last.days.push(day);
      last.entries.push(entry);
    } else {
      runs.push({ days: [day], entries: [entry] });
    }
  }
  return runs.map(({ days, entries }) => ({
    name: [...new Set(entries.map((e) => e.name))].join('、'),
    nameEn: [...new Set(entries.map((e) => e.nameEn))].join(' & '),
    start: days[0] as string,
    end: days[days.length - 1] as string,
    days,
  }));
}

const distance = (day: CalendarDay, b: HolidayBreak) => Math.min(Math.abs(daysBetween(day, b.start)), Math.abs(daysBetween(day, b.end)));

/** The library's entries read 'English name,中文名,statutory days'; the English name may itself hold a comma. */
function parseLibraryEntry(text: string): DayEntry {
  const parts = text.split(',');
  return { name: parts[parts.length - 2] ?? text, nameEn: parts.slice(0, -2).join(',') || text };
}

const LIBRARY = data as { holidays: Record<string, string>; workdays: Record<string, string> };
const libraryDays = (days: Record<string, string>) => new Map(Object.entries(days).map(([day, text]) => [day, parseLibraryEntry(text)]));

/** The arrangement as the chinese-days library carries it: every year it has a notice for. */
export const LIBRARY_ARRANGEMENT = new ArrangementTable(libraryDays(LIBRARY.holidays), libraryDays(LIBRARY.workdays));
