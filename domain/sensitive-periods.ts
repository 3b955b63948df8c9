import { addDays, calendarDay, type CalendarDay } from './calendar-day';
import { festivalDate } from './festivals';
import type { HolidayBreak } from './holiday-arrangement';
import { LIBRARY_CALENDAR, type WorkCalendar } from './work-calendar';

/**
 * 敏感时段: the periods in which petition risks are screened beforehand and stability is watched (维稳). Each says
 * in `basis` whether it comes from the published holiday arrangement ('data: …') or is our proposal ('proposed: …').
 */
export interface SensitivePeriod {
  /** kebab-case, for period keys. */
  key: string;
  /** The name the catalog uses (Cadence.periods): '两会', '元旦', '春节', '国庆'. */
  name: string;
  start: CalendarDay;
  end: CalendarDay;
  basis: string;
}

/** The periods of the year, on the calendar given (the library's arrangement alone by default; see calendar.ts). */
export function sensitivePeriods(year: number, calendar: WorkCalendar = LIBRARY_CALENDAR): SensitivePeriod[] {
  const fromBreak = (key: string, name: string, found: HolidayBreak): SensitivePeriod => {
    const source = calendar.arrangement(Number(found.start.slice(0, 4))).source;
    return { key, name, start: found.start, end: found.end, basis: `data: the statutory ${found.name} break (${source})` };
  };
  const newYear = calendarDay(year, 1, 1);
  const springFestival = festivalDate(year, '春节');
  const nationalDay = calendarDay(year, 10, 1);
  const newYearBreak = calendar.breakContaining(newYear);
  const springBreak = calendar.breakContaining(springFestival);
  const nationalBreak = calendar.breakContaining(nationalDay);
  const notPublished = `the ${year} holiday arrangement is not published`;
  return [
    newYearBreak
      ? fromBreak('new-year', '元旦', newYearBreak)
      : { key: 'new-year', name: '元旦', start: newYear, end: newYear, basis: `proposed: 1 Jan alone (${notPublished})` },
    springBreak
      ? fromBreak('spring-festival', '春节', springBreak)
      : {
          key: 'spring-festival',
          name: '春节',
          start: festivalDate(year, '除夕'),
          end: addDays(springFestival, 5),
          basis: `proposed: 除夕 through 正月初六 (${notPublished})`,
        },
    {
      key: 'two-sessions',
      name: '两会',
      start: calendarDay(year, 3, 3),
      end: calendarDay(year, 3, 15),
      basis: 'proposed: 全国两会, opening around 3–5 March, about ten days',
    },
    nationalBreak
      ? fromBreak('national-day', '国庆', nationalBreak)
      : { key: 'national-day', name: '国庆', start: nationalDay, end: calendarDay(year, 10, 7), basis: `proposed: 1–7 Oct (${notPublished})` },
  ];
}

/** A sensitive period of the year by its name or key; a RangeError for one we do not know. */
export function sensitivePeriod(year: number, nameOrKey: string, calendar: WorkCalendar = LIBRARY_CALENDAR): SensitivePeriod {
  const found = sensitivePeriods(year, calendar).find((p) => p.name === nameOrKey || p.key === nameOrKey);
  if (!found) throw new RangeError(`unknown sensitive period: ${nameOrKey}`);
  return found;
}
