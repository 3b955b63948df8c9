import libraryPackage from 'chinese-days/package.json';
import data from 'chinese-days/dist/chinese-days.json';
import { addDays, daysBetween, weekday, type CalendarDay } from './calendar-day';
import { statutoryDay } from './statutory-holidays';

/**
 * The State Council's annual holiday arrangement (国务院办公厅关于某年部分节假日安排的通知): the statutory days off
 * (放假) and the 调休 weekend days that are worked instead (上班), as the maintained chinese-days data set carries
 * them. JSON imports bundle into the Temporal workflow code as well as they load under tsx and vitest.
 */

/** Where the arrangement comes from, with the library's version, so a reader can tell how fresh it is. */
export const ARRANGEMENT_SOURCE = `chinese-days ${libraryPackage.version}`;

/** Each entry reads 'English name,中文名,statutory days', keyed by date. */
const ARRANGEMENT = data as { holidays: Record<string, string>; workdays: Record<string, string> };

interface Entry {
  name: string;
  nameEn: string;
}

function parseEntry(text: string): Entry {
  const parts = text.split(',');
  // The English name may itself hold a comma, so the Chinese name is read from the right.
  return { name: parts[parts.length - 2] ?? text, nameEn: parts.slice(0, -2).join(',') || text };
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

function groupBreaks(): HolidayBreak[] {
  const breaks: Array<{ days: CalendarDay[]; entries: Entry[] }> = [];
  for (const day of Object.keys(ARRANGEMENT.holidays).sort()) {
    const entry = parseEntry(ARRANGEMENT.holidays[day] as string);
    const last = breaks[breaks.length - 1];
    if (last && addDays(last.days[last.days.length - 1] as string, 1) === day) {
      last.days.push(day);
      last.entries.push(entry);
    } else {
      breaks.push({ days: [day], entries: [entry] });
    }
  }
  return breaks.map(({ days, entries }) => {
    const names = [...new Set(entries.map((e) => e.name))];
    const namesEn = [...new Set(entries.map((e) => e.nameEn))];
    return { name: names.join('、'), nameEn: namesEn.join(' & '), start: days[0] as string, end: days[days.length - 1] as string, days };
  });
}

let allBreaks: HolidayBreak[] | undefined;
const breaks = () => (allBreaks ??= groupBreaks());

const yearsWithData = new Set(
  [...Object.keys(ARRANGEMENT.holidays), ...Object.keys(ARRANGEMENT.workdays)].map((day) => Number(day.slice(0, 4))),
);

/**
 * Whether the year's arrangement is in the data. Each notice is published around November for the next year and
 * reaches us with a library update; until then a year has no entry at all, which is what this checks.
 */
export function isArrangementPublished(year: number): boolean {
  return yearsWithData.has(year);
}

/** The statutory breaks with at least one day in the year ([] when the arrangement is not published). */
export function holidayBreaks(year: number): HolidayBreak[] {
  return breaks().filter((b) => Number(b.start.slice(0, 4)) <= year && Number(b.end.slice(0, 4)) >= year);
}

/** The break a day off belongs to, if it is a statutory day off. */
export function breakContaining(day: CalendarDay): HolidayBreak | undefined {
  return ARRANGEMENT.holidays[day] === undefined ? undefined : breaks().find((b) => b.start <= day && day <= b.end);
}

/** The 调休 weekend days worked in the year, each with the break it belongs to (the nearest of that name). */
export function makeUpWorkdays(year: number): MakeUpWorkday[] {
  return Object.keys(ARRANGEMENT.workdays)
    .filter((day) => day.startsWith(`${year}-`))
    .sort()
    .map((date) => {
      const { name } = parseEntry(ARRANGEMENT.workdays[date] as string);
      const nearest = breaks()
        .filter((b) => b.name.split('、').includes(name))
        .sort((a, b) => distance(date, a) - distance(date, b))[0];
      return { date, for: nearest?.name ?? name };
    });
}

const distance = (day: CalendarDay, b: HolidayBreak) => Math.min(Math.abs(daysBetween(day, b.start)), Math.abs(daysBetween(day, b.end)));

/**
 * A working day under the arrangement: a 调休 workday, or a Monday–Friday that is not a day off. Same rule as
 * chinese-days' isWorkday, read from its data directly because isWorkday parses dates as UTC and reads them back
 * with the host's clock. In a year whose arrangement is not published the days off fixed by law are still known
 * (statutory-holidays.ts) and are not working days; only its 调休 — bridging days off and make-up weekends — is
 * unknown, so weekends count as days off and weekdays as working days until the notice is in the data.
 */
export function isWorkingDay(day: CalendarDay): boolean {
  if (ARRANGEMENT.workdays[day] !== undefined) return true;
  const dayOfWeek = weekday(day);
  if (dayOfWeek === 0 || dayOfWeek === 6 || ARRANGEMENT.holidays[day] !== undefined) return false;
  return isArrangementPublished(Number(day.slice(0, 4))) || statutoryDay(day) === undefined;
}
