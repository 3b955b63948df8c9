import { addDays, calendarDay, type CalendarDay } from './calendar-day';
import { festivalDate, LAST_YEAR } from './festivals';

/**
 * The days off fixed by law (全体公民放假的节日), which every year has whether or not the State Council's annual
 * arrangement (调休: bridging days and make-up workdays) is out yet. From 《全国年节及纪念日放假办法》 第二条 as
 * amended by the State Council's decision of 2024-11-10 (国务院令第795号, in force 2025-01-01):
 *   元旦 1 day (1 Jan); 春节 4 days (农历除夕、正月初一至初三); 清明节 1 day (农历清明当日);
 *   劳动节 2 days (5月1日、2日); 端午节 1 day (农历端午当日); 中秋节 1 day (农历中秋当日); 国庆节 3 days (10月1日至3日).
 * The earlier versions differ only in 春节 and 劳动节: the 2013 amendment (国务院令第644号, 2014–2024) gave 春节
 * 初一至初三 and 劳动节 5月1日; the 2007 one (国务院令第513号, 2008–2013) 春节 除夕、初一、初二 and 劳动节 5月1日.
 * Years before 2008 are not modelled (the arrangement data covers them from 2004).
 */
export interface StatutoryDay {
  date: CalendarDay;
  /** The holiday as the 办法 names it: '元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆'. */
  name: string;
  nameEn: string;
}

/** The first year whose statutory days are modelled here. */
export const FIRST_STATUTE_YEAR = 2008;

export const STATUTE_SOURCE = '《全国年节及纪念日放假办法》第二条';

function springFestivalDays(year: number): CalendarDay[] {
  const first = festivalDate(year, '春节');
  const eve = festivalDate(year, '除夕');
  if (year >= 2025) return [eve, first, addDays(first, 1), addDays(first, 2)];
  if (year >= 2014) return [first, addDays(first, 1), addDays(first, 2)];
  return [eve, first, addDays(first, 1)];
}

/** The statutory days off of a year, in date order; [] before FIRST_STATUTE_YEAR. */
export function statutoryDays(year: number): StatutoryDay[] {
  if (year < FIRST_STATUTE_YEAR || year > LAST_YEAR) return [];
  const day = (date: CalendarDay, name: string, nameEn: string): StatutoryDay => ({ date, name, nameEn });
  const days: StatutoryDay[] = [
    day(calendarDay(year, 1, 1), '元旦', "New Year's Day"),
    ...springFestivalDays(year).map((d) => day(d, '春节', 'Spring Festival')),
    day(festivalDate(year, '清明'), '清明', 'Tomb-sweeping Day'),
    day(calendarDay(year, 5, 1), '劳动节', 'Labour Day'),
    ...(year >= 2025 ? [day(calendarDay(year, 5, 2), '劳动节', 'Labour Day')] : []),
    day(festivalDate(year, '端午'), '端午', 'Dragon Boat Festival'),
    day(festivalDate(year, '中秋'), '中秋', 'Mid-autumn Festival'),
    ...[1, 2, 3].map((d) => day(calendarDay(year, 10, d), '国庆', 'National Day')),
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

const byYear = new Map<number, Map<CalendarDay, StatutoryDay>>();

/** The statutory day off on a date, if it is one. */
export function statutoryDay(date: CalendarDay): StatutoryDay | undefined {
  const year = Number(date.slice(0, 4));
  let days = byYear.get(year);
  if (!days) {
    days = new Map(statutoryDays(year).map((d) => [d.date, d]));
    byYear.set(year, days);
  }
  return days.get(date);
}
