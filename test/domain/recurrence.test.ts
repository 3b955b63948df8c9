import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CATALOG, type Cadence } from '../../domain/catalog';
import { DEFAULT_HOLIDAY_WINDOWS, occurrenceAt, occurrencesInYear, type HolidayWindow, type Occurrence } from '../../domain/recurrence';
import { endOfYear, toZonedIso, ZONE } from '../../domain/time';

const at = (iso: string) => Date.parse(iso);
const startOfYear = (year: number) => endOfYear(year - 1) + 1;
const view = (o: Occurrence) => ({ periodKey: o.periodKey, opensAt: toZonedIso(o.opensAt), dueAt: toZonedIso(o.dueAt) });

const MONTH: Cadence = { every: 'month' };
const WEEK: Cadence = { every: 'week' };
const QUARTER: Cadence = { every: 'quarter' };
/** major-holiday-visits (C: 走访慰问) */
const VISITS: Cadence = { every: 'holiday', holidays: ['春节', '八一', '国庆'] };
/** petition risk screening before sensitive periods (F) */
const SCREENING: Cadence = { every: 'sensitive-period', periods: ['两会', '元旦', '春节'] };

const years = fc.integer({ min: 1902, max: 2098 });

/** Consecutive occurrences leave no gap and do not overlap: each opens the millisecond after the last is due. */
function expectTiling(occurrences: Occurrence[]) {
  for (const [i, o] of occurrences.entries()) {
    expect(o.opensAt).toBeLessThan(o.dueAt);
    const next = occurrences[i + 1];
    if (next) expect(next.opensAt).toBe(o.dueAt + 1);
  }
}

describe('calendar cadences', () => {
  it('tiles every year with twelve months from 1 Jan 00:00 to 31 Dec 23:59:59.999 Shanghai', () => {
    fc.assert(
      fc.property(years, (year) => {
        const months = occurrencesInYear(MONTH, year);
        expect(months).toHaveLength(12);
        expect(months[0]?.opensAt).toBe(startOfYear(year));
        expect(months[11]?.dueAt).toBe(endOfYear(year));
        expectTiling(months);
        expect(new Set(months.map((m) => m.periodKey)).size).toBe(12);
      }),
    );
  });

  it('puts every instant of a year in exactly one monthly occurrence, the one occurrenceAt finds', () => {
    fc.assert(
      fc.property(
        years.chain((year) => fc.tuple(fc.constant(year), fc.integer({ min: startOfYear(year), max: endOfYear(year) }))),
        ([year, instant]) => {
          const containing = occurrencesInYear(MONTH, year).filter((m) => m.opensAt <= instant && instant <= m.dueAt);
          expect(containing).toHaveLength(1);
          expect(occurrenceAt(MONTH, instant)).toEqual(containing[0]);
        },
      ),
    );
  });

  it('tiles quarters, and ISO weeks across year ends', () => {
    fc.assert(
      fc.property(years, (year) => {
        const quarters = occurrencesInYear(QUARTER, year);
        expect(quarters.map((q) => q.periodKey)).toEqual([1, 2, 3, 4].map((q) => `${year}-Q${q}`));
        expect(quarters[0]?.opensAt).toBe(startOfYear(year));
        expect(quarters[3]?.dueAt).toBe(endOfYear(year));
        expectTiling(quarters);
        const weeks = [...occurrencesInYear(WEEK, year), ...occurrencesInYear(WEEK, year + 1)];
        expectTiling(weeks);
        // Monday 00:00 to Sunday's end on the Shanghai clock (not always 7×24 h: Shanghai kept summer time in 1986–91).
        for (const week of weeks) {
          const [opens, due] = [DateTime.fromMillis(week.opensAt, { zone: ZONE }), DateTime.fromMillis(week.dueAt, { zone: ZONE })];
          expect([opens.weekday, opens.toFormat('HH:mm:ss.SSS'), due.weekday, due.toFormat('HH:mm:ss.SSS')]).toEqual([1, '00:00:00.000', 7, '23:59:59.999']);
          expect(due.diff(opens, 'days').days).toBeLessThan(7);
        }
        expect(new Set(weeks.map((w) => w.periodKey)).size).toBe(weeks.length);
      }),
      { numRuns: 40 },
    );
  });

  it('names periods as people do', () => {
    expect(occurrencesInYear(MONTH, 2027)[2]).toMatchObject({ periodKey: '2027-03', label: '2027年3月' });
    expect(occurrencesInYear(QUARTER, 2027)[0]).toMatchObject({ periodKey: '2027-Q1', label: '2027年第1季度' });
    expect(occurrencesInYear({ every: 'year' }, 2027)).toEqual([
      {
        periodKey: '2027',
        label: '2027年度',
        opensAt: at('2027-01-01T00:00:00+08:00'),
        dueAt: at('2027-12-31T23:59:59.999+08:00'),
        endsAt: at('2027-12-31T23:59:59.999+08:00'),
        due: { basis: 'period-end' },
      },
    ]);
    // Mon 1 Mar 2027 is in ISO week 9; the week of 28 Dec 2026 – 3 Jan 2027 is 2026-W53 and is due in 2027.
    const weeks = occurrencesInYear(WEEK, 2027);
    expect(weeks.find((w) => w.periodKey === '2027-W09')).toMatchObject({
      opensAt: at('2027-03-01T00:00:00+08:00'),
      dueAt: at('2027-03-07T23:59:59.999+08:00'),
    });
    expect(weeks[0]).toMatchObject({ periodKey: '2026-W53', opensAt: at('2026-12-28T00:00:00+08:00') });
  });
});

describe('holiday windows', () => {
  // Festival dates from the official calendar: 春节 2026-02-17 / 2027-02-06, 中秋 2026-09-25 / 2027-09-15.
  it('gives 2026 its three visit windows, the first due the last working day before 除夕 (16 Feb is in the 春节 break)', () => {
    expect(occurrencesInYear(VISITS, 2026).map(view)).toEqual([
      { periodKey: '2026-new-year-spring', opensAt: '2026-01-18T00:00:00.000+08:00', dueAt: '2026-02-14T23:59:59.999+08:00' },
      { periodKey: '2026-army-day', opensAt: '2026-07-17T00:00:00.000+08:00', dueAt: '2026-07-31T23:59:59.999+08:00' },
      { periodKey: '2026-mid-autumn-national', opensAt: '2026-09-10T00:00:00.000+08:00', dueAt: '2026-09-24T23:59:59.999+08:00' },
    ]);
  });

  it('gives 2027 its three visit windows, 中秋 coming before 国庆, each due on a working day', () => {
    const windows = occurrencesInYear(VISITS, 2027);
    expect(windows.map(view)).toEqual([
      // 除夕 (5 Feb) is a day off by law; 31 Jul a Saturday.
      { periodKey: '2027-new-year-spring', opensAt: '2027-01-07T00:00:00.000+08:00', dueAt: '2027-02-04T23:59:59.999+08:00' },
      { periodKey: '2027-army-day', opensAt: '2027-07-17T00:00:00.000+08:00', dueAt: '2027-07-30T23:59:59.999+08:00' },
      { periodKey: '2027-mid-autumn-national', opensAt: '2027-08-31T00:00:00.000+08:00', dueAt: '2027-09-14T23:59:59.999+08:00' },
    ]);
    expect(windows[0]?.label).toBe('2027年元旦·春节');
    expect(windows[0]?.festivals).toEqual([
      { name: '元旦', date: '2027-01-01' },
      { name: '春节', date: '2027-02-06' },
    ]);
    expect(windows[2]?.festivals).toEqual([
      { name: '中秋', date: '2027-09-15' },
      { name: '国庆', date: '2027-10-01' },
    ]);
  });

  it('keeps a window that opens in December with the year it is due in', () => {
    // 春节 2025-01-29: the window opens 30 days earlier, on 30 Dec 2024, and is due Mon 27 Jan (除夕 is in the break).
    const [first] = occurrencesInYear(VISITS, 2025);
    expect(view(first as Occurrence)).toEqual({
      periodKey: '2025-new-year-spring',
      opensAt: '2024-12-30T00:00:00.000+08:00',
      dueAt: '2025-01-27T23:59:59.999+08:00',
    });
    expect(occurrencesInYear(VISITS, 2024).map((o) => o.periodKey)).not.toContain('2025-new-year-spring');
    expect(occurrenceAt(VISITS, at('2024-12-31T10:00:00+08:00'))?.periodKey).toBe('2025-new-year-spring');
  });

  it('gives festivals outside the default windows a week-long window of their own', () => {
    const commemorations: Cadence = { every: 'holiday', holidays: ['清明', '八一', '抗战胜利纪念日', '烈士纪念日', '抗美援朝出国作战纪念日'] };
    expect(occurrencesInYear(commemorations, 2026).map(view)).toEqual([
      // 清明 2026-04-05; the 4th is in the 清明 break
      { periodKey: '2026-qingming', opensAt: '2026-03-29T00:00:00.000+08:00', dueAt: '2026-04-03T23:59:59.999+08:00' },
      { periodKey: '2026-army-day', opensAt: '2026-07-17T00:00:00.000+08:00', dueAt: '2026-07-31T23:59:59.999+08:00' },
      { periodKey: '2026-victory-day', opensAt: '2026-08-27T00:00:00.000+08:00', dueAt: '2026-09-02T23:59:59.999+08:00' },
      { periodKey: '2026-martyrs-day', opensAt: '2026-09-23T00:00:00.000+08:00', dueAt: '2026-09-29T23:59:59.999+08:00' },
      // Sat 24 Oct: the Friday before
      { periodKey: '2026-korean-war-anniversary', opensAt: '2026-10-18T00:00:00.000+08:00', dueAt: '2026-10-23T23:59:59.999+08:00' },
    ]);
  });

  it('uses windows passed in place of the defaults, the latest-opening one where two overlap', () => {
    const windows: HolidayWindow[] = [
      { key: 'moon', name: '中秋', festivals: ['中秋'], dueBefore: 'first', leadDays: 30 },
      { key: 'nation', name: '国庆', festivals: ['国庆'], dueBefore: 'last', leadDays: 10 },
    ];
    const cadence: Cadence = { every: 'holiday', holidays: ['中秋', '国庆'] };
    expect(occurrencesInYear(cadence, 2026, windows).map(view)).toEqual([
      { periodKey: '2026-moon', opensAt: '2026-08-26T00:00:00.000+08:00', dueAt: '2026-09-24T23:59:59.999+08:00' },
      { periodKey: '2026-nation', opensAt: '2026-09-21T00:00:00.000+08:00', dueAt: '2026-09-30T23:59:59.999+08:00' },
    ]);
    expect(occurrenceAt(cadence, at('2026-09-22T09:00:00+08:00'), windows)?.periodKey).toBe('2026-nation');
    expect(occurrenceAt(cadence, at('2026-09-20T09:00:00+08:00'), windows)?.periodKey).toBe('2026-moon');
  });

  it('finds nothing between windows', () => {
    expect(occurrenceAt(VISITS, at('2027-04-01T12:00:00+08:00'))).toBeUndefined();
    expect(occurrenceAt(VISITS, at('2027-07-16T23:59:59.999+08:00'))).toBeUndefined();
    expect(occurrenceAt(VISITS, at('2027-07-17T00:00:00+08:00'))?.periodKey).toBe('2027-army-day');
    expect(occurrenceAt(VISITS, at('2027-08-01T00:00:00+08:00'))).toBeUndefined();
  });

  it('refuses a festival it does not know', () => {
    expect(() => occurrencesInYear({ every: 'holiday', holidays: ['圣诞节'] }, 2027)).toThrow(RangeError);
  });

  it('lists each window in exactly one year, due in that year, opening before it is due', () => {
    fc.assert(
      fc.property(years, (year) => {
        const here = occurrencesInYear(VISITS, year);
        const next = occurrencesInYear(VISITS, year + 1);
        expect(here.map((o) => o.periodKey)).toEqual(['new-year-spring', 'army-day', 'mid-autumn-national'].map((k) => `${year}-${k}`));
        for (const o of here) {
          expect(o.opensAt).toBeLessThan(o.dueAt);
          expect(o.dueAt).toBeGreaterThan(endOfYear(year - 1));
          expect(o.dueAt).toBeLessThanOrEqual(endOfYear(year));
        }
        expect(here.some((o) => next.some((n) => n.periodKey === o.periodKey))).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});

describe('sensitive periods', () => {
  it('screens before 2027 春节 and 两会, and lists the screening before 元旦 2027 in 2026, when it is due', () => {
    expect(occurrencesInYear(SCREENING, 2027).map(view)).toEqual([
      // 春节 2027 is not yet arranged: the proposed period starts on 除夕, 5 Feb.
      { periodKey: '2027-spring-festival', opensAt: '2027-01-22T00:00:00.000+08:00', dueAt: '2027-02-04T23:59:59.999+08:00' },
      { periodKey: '2027-two-sessions', opensAt: '2027-02-17T00:00:00.000+08:00', dueAt: '2027-03-02T23:59:59.999+08:00' },
      { periodKey: '2028-new-year', opensAt: '2027-12-18T00:00:00.000+08:00', dueAt: '2027-12-31T23:59:59.999+08:00' },
    ]);
    expect(occurrencesInYear(SCREENING, 2026).map(view)).toEqual([
      // The 2026 春节 break starts on 15 Feb (国务院办公厅关于2026年部分节假日安排的通知).
      { periodKey: '2026-spring-festival', opensAt: '2026-02-01T00:00:00.000+08:00', dueAt: '2026-02-14T23:59:59.999+08:00' },
      { periodKey: '2026-two-sessions', opensAt: '2026-02-17T00:00:00.000+08:00', dueAt: '2026-03-02T23:59:59.999+08:00' },
      { periodKey: '2027-new-year', opensAt: '2026-12-18T00:00:00.000+08:00', dueAt: '2026-12-31T23:59:59.999+08:00' },
    ]);
    expect(occurrencesInYear(SCREENING, 2027)[1]?.label).toBe('2027年两会前');
  });

  it('refuses a period it does not know', () => {
    expect(() => occurrencesInYear({ every: 'sensitive-period', periods: ['世博会'] }, 2027)).toThrow(RangeError);
  });
});

describe('the catalog', () => {
  it('turns every cadenced directive into occurrences with unique keys, due in the year', () => {
    for (const directive of CATALOG.filter((d) => d.cadence)) {
      for (const year of [2025, 2026, 2027]) {
        const occurrences = occurrencesInYear(directive.cadence!.rule, year);
        expect(occurrences.length, directive.id).toBeGreaterThan(0);
        expect(new Set(occurrences.map((o) => o.periodKey)).size, directive.id).toBe(occurrences.length);
        for (const o of occurrences) expect(o.dueAt > endOfYear(year - 1) && o.dueAt <= endOfYear(year), directive.id).toBe(true);
        expect(occurrences.map((o) => o.opensAt)).toEqual(occurrences.map((o) => o.opensAt).sort((a, b) => a - b));
      }
    }
  });

  it('exposes the default windows the scheduler relies on', () => {
    expect(DEFAULT_HOLIDAY_WINDOWS.map((w) => [w.key, w.festivals, w.dueBefore, w.leadDays])).toEqual([
      ['new-year-spring', ['元旦', '春节'], '春节', 30],
      ['army-day', ['八一'], '八一', 15],
      ['mid-autumn-national', ['中秋', '国庆'], 'first', 15],
    ]);
  });
});
