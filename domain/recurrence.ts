import { DateTime } from 'luxon';
import { shiftOffDaysOff } from './calendar';
import { addDays, type CalendarDay } from './calendar-day';
import { findDirective } from './catalog';
import type { Cadence, Directive } from './catalog/types';
import { resolveDeadline, type DeadlineRule } from './deadline';
import { assertSupportedYear, festivalDate, findFestival, FIRST_YEAR, LAST_YEAR } from './festivals';
import { sensitivePeriod } from './sensitive-periods';
import { endOfDay, yearInZone, ZONE } from './time';
import { LIBRARY_CALENDAR, type WorkCalendar } from './work-calendar';

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
  /** The task's deadline, the last instant of a Shanghai day: the directive's rule inside the period (OccurrenceDue). */
  dueAt: number;
  /**
   * The period's last instant: the end of the month, quarter, year or ISO week; for a window before a festival or
   * a sensitive period, the end of the last working day before it (shiftOffDaysOff 'last-working-day-before').
   */
  endsAt: number;
  due: OccurrenceDue;
  /** For holiday windows: the festivals it is before, with their dates that year. */
  festivals?: Array<{ name: string; date: string }>;
}

/** How an occurrence's deadline was set. */
export interface OccurrenceDue {
  /**
   * 'rule': the directive's deadline rule counted from the period's opening (B9 「每月5日前」: 4 days from the 1st);
   * 'period-end': the period's end, because the directive says so (endOfMonth for the monthly rounds, visits
   * finished before the festival) or because its rule reaches past the period.
   */
  basis: 'rule' | 'period-end';
  /** The day before the festival or period, when it was a day off and the deadline moved to the working day before. */
  movedFrom?: CalendarDay;
}

/**
 * The deadline of a recurring directive's occurrences: its catalog rule and whether each occurrence is due at its
 * period's end (OccurrenceDue). Without one an occurrence is due when its period ends.
 */
export interface OccurrenceDeadline {
  rule: DeadlineRule;
  /**
   * The directive says the work is finished by the period's end (C6 greetings and C8 visits before the holiday):
   * each occurrence is due then, and a withinDays rule sets how far ahead of that its window opens.
   */
  atPeriodEnd?: boolean;
}

/** The occurrence deadline a catalog directive sets. */
export function occurrenceDeadlineOf(directive: Pick<Directive, 'deadline' | 'cadence'>): OccurrenceDeadline {
  return { rule: directive.deadline.rule, ...(directive.cadence?.dueAtPeriodEnd ? { atPeriodEnd: true } : {}) };
}

/**
 * The occurrence deadline of a seeded catalog directive's first version (undefined for one the catalog does not have).
 * For tests and tools: running code asks readModel.directives.occurrenceDeadline, which knows versions (立项).
 */
export function deadlineOfDirective(directiveId: string): OccurrenceDeadline | undefined {
  const directive = findDirective(directiveId);
  return directive && occurrenceDeadlineOf(directive);
}

/**
 * [proposed] Issue the period already under way (issueCurrentPeriod) only while at least this share of its time,
 * from opening to deadline, is left; with less, the first period issued is the next one. A unit handed the
 * November rounds at noon on 30 November would be overdue at midnight for work it never had a fair chance to do
 * (seen in the demo: 117 towns overdue at once); half the time the directive allows is the least it is judged on.
 */
export const MIN_SHARE_LEFT_TO_ISSUE = 0.5;

/** Whether the occurrence under way at `now` still has enough time left to be issued now. */
export function enoughLeftToIssue(occurrence: Pick<Occurrence, 'opensAt' | 'dueAt'>, now: number): boolean {
  return occurrence.dueAt - now >= MIN_SHARE_LEFT_TO_ISSUE * (occurrence.dueAt - occurrence.opensAt);
}

/** The deadline inside a period that runs [opensAt, endsAt]: the directive's rule from the opening, at most the end. */
function dueWithin(opensAt: number, endsAt: number, deadline: OccurrenceDeadline | undefined, calendar: WorkCalendar, movedFrom?: CalendarDay) {
  const moved = movedFrom ? { movedFrom } : {};
  if (!deadline || deadline.atPeriodEnd) return { dueAt: endsAt, due: { basis: 'period-end' as const, ...moved } };
  const byRule = resolveDeadline(deadline.rule, opensAt, calendar);
  return byRule < endsAt ? { dueAt: byRule, due: { basis: 'rule' as const } } : { dueAt: endsAt, due: { basis: 'period-end' as const, ...moved } };
}

/**
 * The last day of a window before a festival or period: the day before it, or — that day being a day off (除夕
 * 2027-02-05, 清明 eve 2026-04-04, 2026-02-16 inside the 春节 break) — the last working day before, since visits
 * and preparations due *before* a festival cannot be left to its days off (calendar.ts shiftOffDaysOff).
 */
function lastDayBefore(day: CalendarDay, notBefore: CalendarDay, calendar: WorkCalendar): { lastDay: CalendarDay; movedFrom?: CalendarDay } {
  const eve = addDays(day, -1);
  const lastDay = shiftOffDaysOff(eve, 'last-working-day-before', calendar);
  if (lastDay === eve || lastDay < notBefore) return { lastDay: eve };
  return { lastDay, movedFrom: eve };
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

function calendarOccurrences(
  every: 'week' | 'month' | 'quarter' | 'year',
  year: number,
  deadline: OccurrenceDeadline | undefined,
  calendar: WorkCalendar,
): Occurrence[] {
  const yearStart = DateTime.fromObject({ year }, { zone: ZONE });
  const timed = (opensAt: number, endsAt: number) => ({ opensAt, endsAt, ...dueWithin(opensAt, endsAt, deadline, calendar) });
  const span = (start: DateTime, unit: 'month' | 'quarter' | 'year') => timed(start.toMillis(), start.endOf(unit).toMillis());
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
          ...timed(monday.startOf('day').toMillis(), endOfDay(sunday)),
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

function windowOccurrence(window: HolidayWindow, year: number, deadline: OccurrenceDeadline | undefined, calendar: WorkCalendar): Occurrence {
  const festivals = window.festivals.map((name) => ({ name, date: festivalDate(year, name) }));
  const dates = festivals.map((f) => f.date).sort();
  const target =
    window.dueBefore === 'first' ? dates[0] : window.dueBefore === 'last' ? dates[dates.length - 1] : festivalDate(year, window.dueBefore);
  if (target === undefined) throw new RangeError(`holiday window ${window.key} names no festival`);
  const { lastDay, movedFrom } = lastDayBefore(target, addDays(target, -window.leadDays), calendar);
  // A directive due by the festival with N days to do the work (C8: 14) gets a window of those N days, ending on
  // the deadline; otherwise the window opens its usual lead before the festival.
  const opensDay =
    deadline?.atPeriodEnd && deadline.rule.type === 'withinDays' ? addDays(lastDay, -deadline.rule.days) : addDays(target, -window.leadDays);
  const opensAt = startOfDay(opensDay);
  const endsAt = endOfDay(lastDay);
  return { periodKey: `${year}-${window.key}`, label: `${year}年${window.name}`, opensAt, endsAt, ...dueWithin(opensAt, endsAt, deadline, calendar, movedFrom), festivals };
}

function sensitivePeriodOccurrence(name: string, year: number, deadline: OccurrenceDeadline | undefined, calendar: WorkCalendar): Occurrence {
  const period = sensitivePeriod(year, name, calendar);
  const opensDay = addDays(period.start, -SENSITIVE_PERIOD_LEAD_DAYS);
  const { lastDay, movedFrom } = lastDayBefore(period.start, opensDay, calendar);
  const opensAt = startOfDay(opensDay);
  const endsAt = endOfDay(lastDay);
  return { periodKey: `${year}-${period.key}`, label: `${year}年${period.name}前`, opensAt, endsAt, ...dueWithin(opensAt, endsAt, deadline, calendar, movedFrom) };
}

/**
 * The occurrences of the festival or period years around `year`. A 元旦·春节 window may open in December, and the
 * screening before 元旦 ends on 31 Dec, so the neighbours are computed too and then filtered by the year they end in.
 */
function aroundYear(year: number, occurrencesOf: (y: number) => Occurrence[]): Occurrence[] {
  return [year - 1, year, year + 1]
    .filter((y) => y >= FIRST_YEAR && y <= LAST_YEAR)
    .flatMap(occurrencesOf)
    .filter((o) => yearInZone(o.endsAt) === year);
}

const byOpening = (a: Occurrence, b: Occurrence) => a.opensAt - b.opensAt || a.endsAt - b.endsAt || a.periodKey.localeCompare(b.periodKey);

/**
 * Every occurrence whose period ends in the Shanghai year, sorted by opensAt; a window keeps its festival year in
 * periodKey. `deadline` is the directive's (occurrenceDeadlineOf); without it each occurrence is due at its end.
 * `calendar`: the working-day calendar in use (calendar.ts; the library's alone by default).
 */
export function occurrencesInYear(
  cadence: Cadence,
  year: number,
  windows?: HolidayWindow[],
  deadline?: OccurrenceDeadline,
  calendar: WorkCalendar = LIBRARY_CALENDAR,
): Occurrence[] {
  assertSupportedYear(year);
  switch (cadence.every) {
    case 'week':
    case 'month':
    case 'quarter':
    case 'year':
      return calendarOccurrences(cadence.every, year, deadline, calendar);
    case 'holiday': {
      const chosen = holidayWindowsFor(cadence.holidays, windows);
      return aroundYear(year, (y) => chosen.map((w) => windowOccurrence(w, y, deadline, calendar))).sort(byOpening);
    }
    case 'sensitive-period':
      return aroundYear(year, (y) => cadence.periods.map((name) => sensitivePeriodOccurrence(name, y, deadline, calendar))).sort(byOpening);
  }
}

/**
 * The occurrence whose period [opensAt, endsAt] contains the instant — the latest-opening one when windows overlap
 * — or undefined between windows. A period containing the instant ends in its year or, opening early, the next.
 */
export function occurrenceAt(
  cadence: Cadence,
  instant: number,
  windows?: HolidayWindow[],
  deadline?: OccurrenceDeadline,
  calendar: WorkCalendar = LIBRARY_CALENDAR,
): Occurrence | undefined {
  const year = yearInZone(instant);
  return [year, year + 1]
    .filter((y) => y >= FIRST_YEAR && y <= LAST_YEAR)
    .flatMap((y) => occurrencesInYear(cadence, y, windows, deadline, calendar))
    .filter((o) => o.opensAt <= instant && instant <= o.endsAt)
    .sort(byOpening)
    .at(-1);
}
