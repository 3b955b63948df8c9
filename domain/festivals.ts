import { getLunarDate, getSolarTermDate, getYearLeapMonth, monthDays } from './chinese-days';
import { addDays, calendarDay, type CalendarDay } from './calendar-day';

/**
 * The key dates (节日/纪念日) a duty can be tied to: visits before 春节 and 八一, commemorations on 清明 and
 * 烈士纪念日 … Names are the catalog's (domain/catalog, Cadence.holidays). Dates are Shanghai calendar days.
 */

/** The lunar table of chinese-days covers 1900–2100; its first and last years are incomplete. */
export const FIRST_YEAR = 1901;
export const LAST_YEAR = 2099;

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`year must be an integer from ${FIRST_YEAR} to ${LAST_YEAR}: ${year}`);
  }
}

export type FestivalBasis = 'fixed' | 'lunar' | 'solar-term';

export interface Festival {
  /** The catalog's name, e.g. '八一'. */
  name: string;
  nameEn: string;
  /** kebab-case, for period keys ('martyrs-day'). */
  key: string;
  basis: FestivalBasis;
  /** Other names people use for it ('建军节', '国庆节'). */
  aliases: string[];
  date(year: number): CalendarDay;
}

const fixed = (month: number, day: number) => (year: number) => calendarDay(year, month, day);
const lunar = (month: number, day: number) => (year: number) => lunarToSolar(year, month, day);

export const FESTIVALS: readonly Festival[] = [
  { name: '元旦', nameEn: "New Year's Day", key: 'new-year', basis: 'fixed', aliases: [], date: fixed(1, 1) },
  // 农历腊月的最后一天 — the 29th in a short twelfth month (2026), so it is counted back from 春节, not as 12/30.
  {
    name: '除夕',
    nameEn: "Chinese New Year's Eve",
    key: 'new-years-eve',
    basis: 'lunar',
    aliases: ['大年三十'],
    date: (y) => addDays(lunarToSolar(y, 1, 1), -1),
  },
  { name: '春节', nameEn: 'Spring Festival', key: 'spring-festival', basis: 'lunar', aliases: ['正月初一'], date: lunar(1, 1) },
  { name: '清明', nameEn: 'Qingming (Tomb-sweeping Day)', key: 'qingming', basis: 'solar-term', aliases: ['清明节'], date: qingming },
  { name: '劳动节', nameEn: 'Labour Day', key: 'labour-day', basis: 'fixed', aliases: ['五一', '国际劳动节'], date: fixed(5, 1) },
  { name: '端午', nameEn: 'Dragon Boat Festival', key: 'dragon-boat', basis: 'lunar', aliases: ['端午节'], date: lunar(5, 5) },
  { name: '八一', nameEn: 'Army Day', key: 'army-day', basis: 'fixed', aliases: ['建军节', '八一建军节'], date: fixed(8, 1) },
  {
    name: '抗战胜利纪念日',
    nameEn: 'Victory Day of the War of Resistance',
    key: 'victory-day',
    basis: 'fixed',
    aliases: ['中国人民抗日战争胜利纪念日'],
    date: fixed(9, 3),
  },
  { name: '中秋', nameEn: 'Mid-autumn Festival', key: 'mid-autumn', basis: 'lunar', aliases: ['中秋节'], date: lunar(8, 15) },
  { name: '烈士纪念日', nameEn: "Martyrs' Day", key: 'martyrs-day', basis: 'fixed', aliases: [], date: fixed(9, 30) },
  { name: '国庆', nameEn: 'National Day', key: 'national-day', basis: 'fixed', aliases: ['国庆节'], date: fixed(10, 1) },
  { name: '重阳', nameEn: 'Double Ninth Festival', key: 'double-ninth', basis: 'lunar', aliases: ['重阳节', '老人节'], date: lunar(9, 9) },
  {
    name: '抗美援朝出国作战纪念日',
    nameEn: 'Anniversary of the Chinese People’s Volunteers entering the Korean War',
    key: 'korean-war-anniversary',
    basis: 'fixed',
    aliases: ['抗美援朝纪念日'],
    date: fixed(10, 25),
  },
];

const BY_NAME = new Map(FESTIVALS.flatMap((f) => [f.name, ...f.aliases].map((name) => [name, f] as const)));

/** The festival by its name or an alias; undefined for a name we do not know. */
export function findFestival(name: string): Festival | undefined {
  return BY_NAME.get(name);
}

/** The Shanghai calendar day of a festival in a year; a RangeError for an unknown name or unsupported year. */
export function festivalDate(year: number, name: string): CalendarDay {
  assertSupportedYear(year);
  const festival = findFestival(name);
  if (!festival) throw new RangeError(`unknown festival: ${name}`);
  return festival.date(year);
}

/**
 * The chinese-days conversions read a 'YYYY-MM-DD' string as UTC midnight but print dates with the host's local
 * clock, so on a host behind UTC their string answers come out a day early. We therefore hand getLunarDate an
 * instant (noon in Shanghai: its day count is taken from a fixed Shanghai-midnight epoch) and never trust a date
 * string it formats.
 */
function lunarOf(day: CalendarDay) {
  return getLunarDate(new Date(`${day}T12:00:00+08:00`));
}

const springFestivals = new Map<number, CalendarDay>();

/** 正月初一: always between 21 Jan and 20 Feb. */
function springFestival(year: number): CalendarDay {
  const known = springFestivals.get(year);
  if (known) return known;
  for (let day = calendarDay(year, 1, 21); day <= calendarDay(year, 2, 20); day = addDays(day, 1)) {
    const lunarDay = lunarOf(day);
    if (lunarDay.lunarMon === 1 && lunarDay.lunarDay === 1 && !lunarDay.isLeap) {
      springFestivals.set(year, day);
      return day;
    }
  }
  throw new Error(`no 正月初一 found in ${year}`);
}

/** A day of a (non-leap) lunar month of lunar year `year`: 春节 plus the lengths of the months before it. */
function lunarToSolar(year: number, month: number, day: number): CalendarDay {
  let offset = day - 1;
  for (let m = 1; m < month; m += 1) offset += monthDays(year, m);
  const leap = getYearLeapMonth(year);
  // A leap month (闰月) follows the month of the same number, so it comes before every later month.
  if (leap.leapMonth !== undefined && leap.leapMonth < month) offset += leap.days;
  const solar = addDays(springFestival(year), offset);
  const check = lunarOf(solar);
  if (check.lunarMon !== month || check.lunarDay !== day || check.isLeap) {
    throw new Error(`lunar ${year}/${month}/${day} did not convert (${solar})`);
  }
  return solar;
}

/** 清明 is the solar term 'pure_brightness' (4–6 Apr). */
function qingming(year: number): CalendarDay {
  const printed = getSolarTermDate(year, 4, 'pure_brightness');
  // See lunarOf: the library printed UTC midnight with the local clock, which behind UTC is the day before.
  const hostBehindUtc = new Date(Date.UTC(year, 3, 5)).getTimezoneOffset() > 0;
  return hostBehindUtc ? addDays(printed, 1) : printed;
}
