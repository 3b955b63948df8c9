import { DateTime } from 'luxon';
import { addDays, type CalendarDay } from './calendar-day';
import type { Cadence } from './catalog/types';
import { assertSupportedYear, festivalDate, findFestival, FIRST_YEAR, LAST_YEAR } from './festivals';
import { sensitivePeriod } from './sensitive-periods';
import { endOfDay, yearInZone, ZONE } from './time';

/**
 * A recurring directive's occurrences: one task per period, issued (opensAt) and due (dueAt) at Shanghai instants.
 * Lunar festivals move every year, so they cannot be written as a cron or calendar spec; the scheduler asks this.
 */
export interface Occurrence {
  /** Unique within the cadence: '2027-03', '2027-Q1', '2027', '2027-W09', '2027-new-year-spring', '2027-two-sessions'. */
  periodKey: string;
  /** zh: '2027年3月', '2027年第1季度', '2027年度', '2027年第9周', '2027年元旦·春节', '2027年两会前'. */
  label: string;
  /** When the task is issued: the start of a Shanghai day. */
  opensAt: number;
  /** The last instant of the due day, Asia/Shanghai. */
  dueAt: number;
  /** For holiday windows: the festivals it is before, with their dates that year. */
  festivals?: Array<{ name: string; date: string }>;
}

/**
 * Festivals visited or marked together (e.g. 两节 visits before 元旦·春节). The task is due by the end of the day
 * before `dueBefore` ('first'/'last' of the festivals, or one by name) and opens `leadDays` before that festival.
 */
export interface HolidayWindow {
  key: string;
  name: string;
  festivals: string[];
  dueBefore: 'first' | 'last' | string;
  leadDays: number;
}

/** [proposed] The usual seasons of 走访慰问: 两节 (元旦·春节), 八一, and 中秋·国庆. */
export const DEFAULT_HOLIDAY_WINDOWS: HolidayWindow[] = [
  { key: 'new-year-spring', name: '元旦·春节', festivals: ['元旦', '春节'], dueBefore: '春节', leadDays: 30 },
  { key: 'army-day', name: '八一', festivals: ['八一'], dueBefore: '八一', leadDays: 15 },
  { key: 'mid-autumn-national', name: '中秋·国庆', festivals: ['中秋', '国庆'], dueBefore: 'first', leadDays: 15 },
];

/** [proposed] A festival outside every window gets its own: a week ahead, due the eve. */
const SINGLE_FESTIVAL_LEAD_DAYS = 7;
/** [proposed] Screening before a sensitive period opens two weeks ahead and is done the day before it starts. */
const SENSITIVE_PERIOD_LEAD_DAYS = 14;

const startOfDay = (day: CalendarDay) => DateTime.fromISO(day, { zone: ZONE }).startOf('day').toMillis();

function calendarOccurrences(every: 'week' | 'month' | 'quarter' | 'year', year: number): Occurrence[] {
  const yearStart = DateTime.fromObject({ year }, { zone: ZONE });
  const span = (start: DateTime, unit: 'month' | 'quarter' | 'year') => ({ opensAt: start.toMillis(), dueAt: start.endOf(unit).toMillis() });
  switch (every) {
    case 'year':
      return [{ periodKey: `${year}`, label: `${year}年度`, ...span(yearStart, 'year') }];
    case 'quarter':
      return [1, 2, 3, 4].map((q) => ({
        periodKey: `${year}-Q${q}`,
        label: `${year}年第${q}季度`,
        ...span(yearStart.set({ month: q * 3 - 2 }), 'quarter'),
      }));
    case 'month':
      return Array.from({ length: 12 }, (_, i) => ({
        periodKey: `${year}-${String(i + 1).padStart(2, '0')}`,
        label: `${year}年${i + 1}月`,
        ...span(yearStart.set({ month: i + 1 }), 'month'),
      }));
    case 'week': {
      // ISO weeks (Monday–Sunday) whose Sunday, the due day, falls in the year; keyed by ISO week-year. Stepping
      // by calendar day, not by DateTime, keeps each edge at the day's start even across old summer-time changes.
      const weeks: Occurrence[] = [];
      const firstSunday = yearStart.plus({ days: 7 - yearStart.weekday }).toISODate() as CalendarDay;
      for (let sunday = firstSunday; sunday.startsWith(`${year}-`); sunday = addDays(sunday, 7)) {
        const monday = DateTime.fromISO(addDays(sunday, -6), { zone: ZONE });
        weeks.push({
          periodKey: `${monday.weekYear}-W${String(monday.weekNumber).padStart(2, '0')}`,
          label: `${monday.weekYear}年第${monday.weekNumber}周`,
          opensAt: monday.startOf('day').toMillis(),
          dueAt: endOfDay(sunday),
        });
      }
      return weeks;
    }
  }
}

/** The windows of a holiday cadence: every window naming one of its festivals, then one per festival left over. */
export function holidayWindowsFor(holidays: readonly string[], windows: readonly HolidayWindow[] = DEFAULT_HOLIDAY_WINDOWS): HolidayWindow[] {
  const canonical = holidays.map((name) => {
    const festival = findFestival(name);
    if (!festival) throw new RangeError(`unknown festival: ${name}`);
    return festival;
  });
  const chosen = windows.filter((w) => w.festivals.some((name) => canonical.some((f) => findFestival(name) === f)));
  const covered = new Set(chosen.flatMap((w) => w.festivals.map((name) => findFestival(name))));
  const single = [...new Set(canonical)]
    .filter((f) => !covered.has(f))
    .map((f) => ({ key: f.key, name: f.name, festivals: [f.name], dueBefore: f.name, leadDays: SINGLE_FESTIVAL_LEAD_DAYS }));
  return [...chosen, ...single];
}

function windowOccurrence(window: HolidayWindow, year: number): Occurrence {
  const festivals = window.festivals.map((name) => ({ name, date: festivalDate(year, name) }));
  const dates = festivals.map((f) => f.date).sort();
  const target =
    window.dueBefore === 'first' ? dates[0] : window.dueBefore === 'last' ? dates[dates.length - 1] : festivalDate(year, window.dueBefore);
  if (target === undefined) throw new RangeError(`holiday window ${window.key} names no festival`);
  return {
    periodKey: `${year}-${window.key}`,
    label: `${year}年${window.name}`,
    opensAt: startOfDay(addDays(target, -window.leadDays)),
    dueAt: endOfDay(addDays(target, -1)),
    festivals,
  };
}

function sensitivePeriodOccurrence(name: string, year: number): Occurrence {
  const period = sensitivePeriod(year, name);
  return {
    periodKey: `${year}-${period.key}`,
    label: `${year}年${period.name}前`,
    opensAt: startOfDay(addDays(period.start, -SENSITIVE_PERIOD_LEAD_DAYS)),
    dueAt: endOfDay(addDays(period.start, -1)),
  };
}

/**
 * The occurrences of the festival or period years around `year`. A 元旦·春节 window may open in December, and the
 * screening before 元旦 is due on 31 Dec, so the neighbours are computed too and then filtered by their due year.
 */
function aroundYear(year: number, occurrencesOf: (y: number) => Occurrence[]): Occurrence[] {
  return [year - 1, year, year + 1]
    .filter((y) => y >= FIRST_YEAR && y <= LAST_YEAR)
    .flatMap(occurrencesOf)
    .filter((o) => yearInZone(o.dueAt) === year);
}

const byOpening = (a: Occurrence, b: Occurrence) => a.opensAt - b.opensAt || a.dueAt - b.dueAt || a.periodKey.localeCompare(b.periodKey);

/** Every occurrence whose dueAt falls in the Shanghai year, sorted by opensAt; a window keeps its festival year in periodKey. */
export function occurrencesInYear(cadence: Cadence, year: number, windows?: HolidayWindow[]): Occurrence[] {
  assertSupportedYear(year);
  switch (cadence.every) {
    case 'week':
    case 'month':
    case 'quarter':
    case 'year':
      return calendarOccurrences(cadence.every, year);
    case 'holiday': {
      const chosen = holidayWindowsFor(cadence.holidays, windows);
      return aroundYear(year, (y) => chosen.map((w) => windowOccurrence(w, y))).sort(byOpening);
    }
    case 'sensitive-period':
      return aroundYear(year, (y) => cadence.periods.map((name) => sensitivePeriodOccurrence(name, y))).sort(byOpening);
  }
}

/**
 * The occurrence whose [opensAt, dueAt] contains the instant — the latest-opening one when windows overlap — or
 * undefined between windows. An occurrence containing the instant is due in its year or, opening early, the next.
 */
export function occurrenceAt(cadence: Cadence, instant: number, windows?: HolidayWindow[]): Occurrence | undefined {
  const year = yearInZone(instant);
  return [year, year + 1]
    .filter((y) => y >= FIRST_YEAR && y <= LAST_YEAR)
    .flatMap((y) => occurrencesInYear(cadence, y, windows))
    .filter((o) => o.opensAt <= instant && instant <= o.dueAt)
    .sort(byOpening)
    .at(-1);
}
