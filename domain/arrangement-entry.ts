import { addDays, calendarDay, daysFromTo, weekday, type CalendarDay } from './calendar-day';
import { statutoryDay, statutoryDays } from './statutory-holidays';
import type { EnteredHoliday } from './work-calendar';

/**
 * The rules an annual holiday arrangement entered from the State Council's notice must keep (年度放假安排录入), so a
 * slip of the keyboard is refused with the field named rather than moving every working-day deadline of a year.
 */

/** What an admin sends: a break as a range, or its days one by one (consecutive days are one break). */
export interface ArrangementEntry {
  notice: { title: string; date: CalendarDay };
  holidays: Array<EnteredHoliday | CalendarDay>;
  workdays: CalendarDay[];
}

export type EntryCheck =
  | { ok: true; notice: { title: string; date: CalendarDay }; holidays: EnteredHoliday[]; workdays: CalendarDay[] }
  | { ok: false; field: string; message: string };

const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  try {
    return addDays(text, 0) === text;
  } catch {
    return false;
  }
}

/** Consecutive single days as breaks, each named after the holiday fixed by law it holds (else 调休). */
function runsOf(days: readonly CalendarDay[]): EnteredHoliday[] {
  const runs: CalendarDay[][] = [];
  for (const day of [...new Set(days)].sort()) {
    const last = runs[runs.length - 1];
    if (last && addDays(last[last.length - 1] as string, 1) === day) last.push(day);
    else runs.push([day]);
  }
  return runs.map((run) => {
    const names = [...new Set(run.map((d) => statutoryDay(d)?.name).filter((n): n is string => n !== undefined))];
    return { name: names.join('、') || '调休', start: run[0] as string, end: run[run.length - 1] as string };
  });
}

/**
 * Checks an entry for `year`, `today` being the Shanghai day it is entered on. The first problem is returned with
 * its field (`notice.date`, `holidays.2.end`, `workdays.0` …), in the order a person reads the form.
 */
export function checkArrangementEntry(year: number, entry: ArrangementEntry, today: CalendarDay): EntryCheck {
  const refuse = (field: string, message: string): EntryCheck => ({ ok: false, field, message: `${field}: ${message}` });
  const first = calendarDay(year, 1, 1);
  const last = calendarDay(year, 12, 31);
  const inYear = (day: CalendarDay) => first <= day && day <= last;

  const title = entry.notice.title.trim();
  if (!title) return refuse('notice.title', 'give the notice’s title (e.g. 国务院办公厅关于2027年部分节假日安排的通知)');
  if (!isDay(entry.notice.date)) return refuse('notice.date', `not a date (YYYY-MM-DD): ${entry.notice.date}`);
  if (entry.notice.date > today) return refuse('notice.date', `${entry.notice.date} is after today (${today}): a notice is entered once it is published`);
  if (entry.notice.date < calendarDay(year - 1, 1, 1) || entry.notice.date > last) {
    return refuse('notice.date', `the ${year} arrangement is published in ${year - 1} or ${year}, not on ${entry.notice.date}`);
  }
  if (entry.holidays.length === 0) return refuse('holidays', `list the ${year} breaks (放假) of the notice`);

  const ranges: Array<{ holiday: EnteredHoliday; field: string }> = [];
  const singles: CalendarDay[] = [];
  for (const [i, holiday] of entry.holidays.entries()) {
    const field = `holidays.${i}`;
    if (typeof holiday === 'string') {
      if (!isDay(holiday)) return refuse(field, `not a date (YYYY-MM-DD): ${holiday}`);
      if (!inYear(holiday)) return refuse(field, `${holiday} is not in ${year}`);
      singles.push(holiday);
      continue;
    }
    const name = holiday.name.trim();
    if (!name) return refuse(`${field}.name`, 'name the holiday (春节, 国庆节 …)');
    for (const end of ['start', 'end'] as const) {
      if (!isDay(holiday[end])) return refuse(`${field}.${end}`, `not a date (YYYY-MM-DD): ${holiday[end]}`);
      if (!inYear(holiday[end])) return refuse(`${field}.${end}`, `${holiday[end]} is not in ${year}`);
    }
    if (holiday.end < holiday.start) return refuse(`${field}.end`, `${holiday.end} is before the start ${holiday.start}`);
    ranges.push({ holiday: { name, start: holiday.start, end: holiday.end }, field });
  }
  const holidays = [...ranges.map((r) => r.holiday), ...runsOf(singles)].sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < holidays.length; i++) {
    const [before, after] = [holidays[i - 1] as EnteredHoliday, holidays[i] as EnteredHoliday];
    if (after.start <= before.end) {
      const field = ranges.find((r) => r.holiday === after)?.field ?? ranges.find((r) => r.holiday === before)?.field ?? 'holidays';
      return refuse(field, `${after.name} (${after.start}–${after.end}) overlaps ${before.name} (${before.start}–${before.end})`);
    }
  }
  const offDays = new Set(holidays.flatMap((h) => daysFromTo(h.start, h.end)));
  // The days off fixed by law are off whatever the notice arranges around them: a notice always lists them.
  const missing = statutoryDays(year).find((d) => weekday(d.date) !== 0 && weekday(d.date) !== 6 && !offDays.has(d.date));
  if (missing) return refuse('holidays', `${missing.date} (${missing.name}) is a day off fixed by law and lies in no break`);

  const workdays: CalendarDay[] = [];
  for (const [i, day] of entry.workdays.entries()) {
    const field = `workdays.${i}`;
    if (!isDay(day)) return refuse(field, `not a date (YYYY-MM-DD): ${day}`);
    if (!inYear(day)) return refuse(field, `${day} is not in ${year}`);
    if (workdays.includes(day)) return refuse(field, `${day} is listed twice`);
    const dayOfWeek = weekday(day);
    if (dayOfWeek !== 0 && dayOfWeek !== 6) {
      return refuse(field, `${day} is a ${WEEKDAY_NAMES[dayOfWeek]}: a make-up workday (上班) is a weekend day worked`);
    }
    if (offDays.has(day)) return refuse(field, `${day} is inside a break (放假): a day cannot be both off and worked`);
    workdays.push(day);
  }
  return { ok: true, notice: { title, date: entry.notice.date }, holidays, workdays: workdays.sort() };
}
