import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getLunarDate, getSolarDateFromLunar, getSolarTermDate, isWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { addDays, daysFromTo } from '../../domain/calendar-day';
import {
  addWorkingDays,
  ARRANGEMENT_SOURCE,
  FESTIVALS,
  FIRST_YEAR,
  festivalDate,
  isArrangementPublished,
  isWorkingDay,
  LAST_YEAR,
  sensitivePeriods,
  yearCalendar,
} from '../../domain/calendar';
import { resolveDeadline } from '../../domain/deadline';
import { statutoryDays } from '../../domain/statutory-holidays';

/**
 * Every expected date below is copied from the State Council's notice (国务院办公厅关于…年部分节假日安排的通知),
 * not computed: a break is [first day off, last day off], 上班 days are the 调休 weekend days worked.
 */
const OFFICIAL: Array<{ year: number; notice: string; breaks: Record<string, [string, string]>; workedWeekends: string[] }> = [
  {
    year: 2024,
    notice: '国务院办公厅关于2024年部分节假日安排的通知 (国办发明电〔2023〕7号)',
    breaks: {
      元旦: ['2024-01-01', '2024-01-01'], // 1月1日放假，与周末连休
      春节: ['2024-02-10', '2024-02-17'], // 2月10日至17日放假调休，共8天
      清明: ['2024-04-04', '2024-04-06'],
      劳动节: ['2024-05-01', '2024-05-05'],
      端午: ['2024-06-10', '2024-06-10'], // 6月10日放假，与周末连休
      中秋: ['2024-09-15', '2024-09-17'],
      国庆: ['2024-10-01', '2024-10-07'],
    },
    // 2月4日（星期日）、2月18日（星期日）；4月7日（星期日）；4月28日（星期日）、5月11日（星期六）；9月14日（星期六）；9月29日（星期日）、10月12日（星期六）上班
    workedWeekends: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  {
    year: 2025,
    notice: '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)',
    breaks: {
      元旦: ['2025-01-01', '2025-01-01'], // 1月1日（周三）放假1天，不调休
      春节: ['2025-01-28', '2025-02-04'], // 1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）
      清明: ['2025-04-04', '2025-04-06'],
      劳动节: ['2025-05-01', '2025-05-05'],
      端午: ['2025-05-31', '2025-06-02'],
      国庆: ['2025-10-01', '2025-10-08'], // 国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天
    },
    // 1月26日（周日）、2月8日（周六）；4月27日（周日）；9月28日（周日）、10月11日（周六）上班
    workedWeekends: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    notice: '国务院办公厅关于2026年部分节假日安排的通知 (新华社受权发布, 2025年11月4日)',
    breaks: {
      元旦: ['2026-01-01', '2026-01-03'],
      春节: ['2026-02-15', '2026-02-23'], // 2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一），共9天
      清明: ['2026-04-04', '2026-04-06'],
      劳动节: ['2026-05-01', '2026-05-05'],
      端午: ['2026-06-19', '2026-06-21'],
      中秋: ['2026-09-25', '2026-09-27'],
      国庆: ['2026-10-01', '2026-10-07'],
    },
    // 1月4日（周日）；2月14日（周六）、2月28日（周六）；5月9日（周六）；9月20日（周日）、10月10日（周六）上班
    workedWeekends: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];

/** Official dates of the festivals themselves (the notices name 春节's and 中秋's lunar days; the others are standard almanac dates). */
const FESTIVAL_DATES: Record<string, Record<number, string>> = {
  春节: { 2024: '2024-02-10', 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06' },
  中秋: { 2024: '2024-09-17', 2025: '2025-10-06', 2026: '2026-09-25', 2027: '2027-09-15' },
  端午: { 2024: '2024-06-10', 2025: '2025-05-31', 2026: '2026-06-19', 2027: '2027-06-09' },
  重阳: { 2024: '2024-10-11', 2025: '2025-10-29', 2026: '2026-10-18' },
  清明: { 2024: '2024-04-04', 2025: '2025-04-04', 2026: '2026-04-05', 2027: '2027-04-05' },
  除夕: { 2025: '2025-01-28', 2026: '2026-02-16' },
};

describe('the holiday arrangement', () => {
  for (const { year, notice, breaks, workedWeekends } of OFFICIAL) {
    it(`${year} matches ${notice}`, () => {
      const calendar = yearCalendar(year);
      expect(calendar.arrangement.published).toBe(true);
      expect(calendar.arrangement.note).toBeUndefined();
      expect(calendar.holidays.map((h) => [h.start, h.end])).toEqual(Object.values(breaks));
      for (const [name, [start, end]] of Object.entries(breaks)) {
        const found = calendar.holidays.find((h) => h.start === start);
        expect(found?.name, `${year} ${name}`).toContain(name);
        expect(found?.days).toEqual(daysFromTo(start, end));
        for (const day of daysFromTo(start, end)) expect(isWorkingDay(day), day).toBe(false);
      }
      expect(calendar.makeUpWorkdays?.map((d) => d.date)).toEqual(workedWeekends);
      for (const day of workedWeekends) expect(isWorkingDay(day), day).toBe(true);
    });
  }

  it('groups the combined 2025 国庆·中秋 break as one and ties its make-up days to it', () => {
    const calendar = yearCalendar(2025);
    const combined = calendar.holidays.find((h) => h.start === '2025-10-01');
    expect(combined?.name).toMatch(/国庆.*中秋/);
    expect(calendar.makeUpWorkdays?.filter((d) => d.for === combined?.name).map((d) => d.date)).toEqual(['2025-09-28', '2025-10-11']);
    expect(yearCalendar(2024).makeUpWorkdays?.find((d) => d.date === '2024-05-11')?.for).toBe('劳动节');
  });

  it('shows 2027, whose arrangement is not published, with the days off fixed by law and its 调休 unknown', () => {
    const calendar = yearCalendar(2027);
    expect(isArrangementPublished(2027)).toBe(false);
    expect(calendar.arrangement.published).toBe(false);
    expect(calendar.arrangement.note).toMatch(/调休.*unknown/);
    // 《全国年节及纪念日放假办法》(2024 amendment) 第二条, on 2027's calendar: 春节 2027-02-06 (除夕 5 Feb), 清明 5 Apr,
    // 端午 9 Jun, 中秋 15 Sep.
    expect(calendar.holidays.map(({ name, start, end, basis }) => [name, start, end, basis])).toEqual([
      ['元旦', '2027-01-01', '2027-01-01', 'statute'],
      ['春节', '2027-02-05', '2027-02-08', 'statute'],
      ['清明', '2027-04-05', '2027-04-05', 'statute'],
      ['劳动节', '2027-05-01', '2027-05-02', 'statute'],
      ['端午', '2027-06-09', '2027-06-09', 'statute'],
      ['中秋', '2027-09-15', '2027-09-15', 'statute'],
      ['国庆', '2027-10-01', '2027-10-03', 'statute'],
    ]);
    expect(calendar.makeUpWorkdays).toBeNull();
    for (const day of ['2027-01-01', '2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15']) expect(isWorkingDay(day), day).toBe(false);
    for (const day of ['2027-02-04', '2027-02-09', '2027-10-04']) expect(isWorkingDay(day), day).toBe(true);
    expect(calendar.festivals.find((f) => f.name === '春节')).toEqual({ name: '春节', date: '2027-02-06', basis: 'lunar' });
  });

  it('marks the published years as arranged, not statute', () => {
    expect(yearCalendar(2026).holidays.every((h) => h.basis === 'arrangement')).toBe(true);
  });

  it('names the library and its installed version as the source', () => {
    const installed = JSON.parse(readFileSync(resolve(__dirname, '../../node_modules/chinese-days/package.json'), 'utf8'));
    expect(ARRANGEMENT_SOURCE).toBe(`chinese-days ${installed.version}`);
    expect(yearCalendar(2026).arrangement.source).toBe(ARRANGEMENT_SOURCE);
  });

  it('agrees with chinese-days isWorkday on every day of every arranged year', () => {
    for (const day of daysFromTo('2004-01-01', '2026-12-31')) {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      // A local-noon Date keeps the library's local-clock reading on the right day in any host zone.
      expect(isWorkingDay(day), day).toBe(isWorkday(new Date(y, m - 1, d, 12)));
    }
  });
});

describe('festivals', () => {
  for (const [name, byYear] of Object.entries(FESTIVAL_DATES)) {
    it(`puts ${name} on its official dates`, () => {
      for (const [year, date] of Object.entries(byYear)) expect(festivalDate(Number(year), name), `${name} ${year}`).toBe(date);
    });
  }

  it('has the fixed dates and every festival the catalog names, in date order', () => {
    const dates = Object.fromEntries(yearCalendar(2027).festivals.map((f) => [f.name, f.date]));
    expect(dates).toMatchObject({
      元旦: '2027-01-01',
      劳动节: '2027-05-01',
      八一: '2027-08-01',
      抗战胜利纪念日: '2027-09-03',
      烈士纪念日: '2027-09-30',
      国庆: '2027-10-01',
      抗美援朝出国作战纪念日: '2027-10-25',
    });
    expect(Object.keys(dates).sort()).toEqual(FESTIVALS.map((f) => f.name).sort());
    const list = yearCalendar(2027).festivals.map((f) => f.date);
    expect(list).toEqual([...list].sort());
  });

  it('accepts aliases and refuses an unknown name or year', () => {
    expect(festivalDate(2026, '建军节')).toBe('2026-08-01');
    expect(festivalDate(2026, '中秋节')).toBe('2026-09-25');
    expect(() => festivalDate(2026, '圣诞节')).toThrow(RangeError);
    expect(() => festivalDate(1900, '春节')).toThrow(RangeError);
    expect(() => yearCalendar(2100)).toThrow(RangeError);
  });

  it('converts every lunar festival of every supported year to the right lunar day', () => {
    const lunarDays: Record<string, [number, number]> = { 春节: [1, 1], 端午: [5, 5], 中秋: [8, 15], 重阳: [9, 9] };
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
      for (const [name, [month, day]] of Object.entries(lunarDays)) {
        const lunar = getLunarDate(new Date(`${festivalDate(year, name)}T12:00:00+08:00`));
        expect([lunar.lunarYear, lunar.lunarMon, lunar.lunarDay, lunar.isLeap], `${name} ${year}`).toEqual([year, month, day, false]);
      }
      expect(festivalDate(year, '除夕')).toBe(addDays(festivalDate(year, '春节'), -1));
    }
  });

  it('gives the same days whatever the host time zone (chinese-days alone shifts them behind UTC)', () => {
    const original = process.env.TZ;
    const years = [2031, 2032, 2033, 2034, 2035];
    try {
      process.env.TZ = 'America/New_York';
      const inNewYork = years.map((y) => ['春节', '中秋', '清明', '重阳'].map((name) => festivalDate(y, name)));
      const deadline = addWorkingDays('2025-01-24', 5);
      // In UTC+8 the library's own string answers are right: the reference for the values computed in New York.
      process.env.TZ = 'Asia/Shanghai';
      const reference = years.map((y) => [
        getSolarDateFromLunar(`${y}-01-01`).date,
        getSolarDateFromLunar(`${y}-08-15`).date,
        getSolarTermDate(y, 4, 'pure_brightness'),
        getSolarDateFromLunar(`${y}-09-09`).date,
      ]);
      expect(inNewYork).toEqual(reference);
      expect(deadline).toBe('2025-02-07');
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});

describe('working-day deadlines across holidays', () => {
  it('skips 2025 春节 and counts the Sunday 26 Jan make-up day', () => {
    // Fri 24 Jan → Sun 26 Jan (worked) 1, Mon 27 Jan 2, 28 Jan–4 Feb off, Wed 5 Feb 3, Thu 6 Feb 4, Fri 7 Feb 5.
    expect(addWorkingDays('2025-01-24', 5)).toBe('2025-02-07');
  });

  it('counts Saturday 10 Oct 2026, a make-up day after 国庆', () => {
    // Wed 30 Sep → 1–7 Oct off, Thu 8 Oct 1, Fri 9 Oct 2, Sat 10 Oct (worked) 3.
    expect(addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(resolveDeadline({ type: 'withinWorkingDays', days: 3 }, Date.parse('2026-09-30T15:00:00+08:00'))).toBe(
      Date.parse('2026-10-10T23:59:59.999+08:00'),
    );
  });

  it('steps over 2024 劳动节 and counts its two make-up days', () => {
    expect(addWorkingDays('2024-04-26', 1)).toBe('2024-04-28'); // Sun 28 Apr worked
    expect(addWorkingDays('2024-04-30', 1)).toBe('2024-05-06'); // 1–5 May off
    expect(addWorkingDays('2024-05-06', 5)).toBe('2024-05-11'); // 7, 8, 9, 10 May, then Sat 11 May worked
  });

  it('counts weekends and the statutory days off in 2027, whose arrangement is not published', () => {
    // Thu 4 Feb 2027 → 除夕 Fri 5 Feb and 初三 Mon 8 Feb are days off by law (2024 amendment), then Tue 9 Feb 1,
    // Wed 10 Feb 2, Thu 11 Feb 3. The bridging days the notice will add are unknown until it is out.
    expect(addWorkingDays('2027-02-04', 3)).toBe('2027-02-11');
  });

  it('uses the versions of the 办法 in force: 除夕 off from 2025, 劳动节 two days from 2025, 初一–初三 in 2014–2024', () => {
    expect(statutoryDays(2027).filter((d) => d.name === '劳动节').map((d) => d.date)).toEqual(['2027-05-01', '2027-05-02']);
    // 2024 (国务院令第644号): 春节 初一至初三 = 10–12 Feb 2024; 劳动节 1 May only.
    expect(statutoryDays(2024).filter((d) => d.name === '春节').map((d) => d.date)).toEqual(['2024-02-10', '2024-02-11', '2024-02-12']);
    expect(statutoryDays(2024).filter((d) => d.name === '劳动节').map((d) => d.date)).toEqual(['2024-05-01']);
    // Every statutory day of an arranged year is a day off in its notice.
    for (const year of [2025, 2026]) for (const { date } of statutoryDays(year)) expect(isWorkingDay(date), date).toBe(false);
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => addWorkingDays('2026-01-05', 0)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError);
  });
});

describe('sensitive periods', () => {
  it('takes the statutory breaks in a published year', () => {
    expect(sensitivePeriods(2026).map(({ key, name, start, end }) => ({ key, name, start, end }))).toEqual([
      { key: 'new-year', name: '元旦', start: '2026-01-01', end: '2026-01-03' },
      { key: 'spring-festival', name: '春节', start: '2026-02-15', end: '2026-02-23' },
      { key: 'two-sessions', name: '两会', start: '2026-03-03', end: '2026-03-15' },
      { key: 'national-day', name: '国庆', start: '2026-10-01', end: '2026-10-07' },
    ]);
    expect(sensitivePeriods(2025).find((p) => p.key === 'national-day')?.end).toBe('2025-10-08');
    for (const period of sensitivePeriods(2026).filter((p) => p.key !== 'two-sessions')) expect(period.basis).toMatch(/^data:/);
  });

  it('proposes periods in an unpublished year and says so', () => {
    const periods = sensitivePeriods(2027);
    expect(periods.map(({ key, start, end }) => [key, start, end])).toEqual([
      ['new-year', '2027-01-01', '2027-01-01'],
      ['spring-festival', '2027-02-05', '2027-02-11'], // 除夕 through 正月初六
      ['two-sessions', '2027-03-03', '2027-03-15'],
      ['national-day', '2027-10-01', '2027-10-07'],
    ]);
    for (const period of periods) expect(period.basis).toMatch(/^proposed:/);
    expect(periods.find((p) => p.key === 'spring-festival')?.basis).toContain('除夕 through 正月初六');
  });
});
