import { describe, expect, it } from 'vitest';
import { checkArrangementEntry, type ArrangementEntry } from '../../domain/arrangement-entry';
import { addWorkingDays, isWorkingDay, sensitivePeriod, shiftOffDaysOff, yearCalendar } from '../../domain/calendar';
import { resolveDeadline } from '../../domain/deadline';
import { occurrencesInYear } from '../../domain/recurrence';
import { toZonedIso } from '../../domain/time';
import { LIBRARY_CALENDAR, WorkCalendar, type EnteredArrangement } from '../../domain/work-calendar';
import { MISTYPED_2026, OFFICIAL_2026, TEST_2027 } from '../support/arrangements';

/** An entry as the API stores it: checked, then versioned. */
function entered(year: number, entry: ArrangementEntry, version = 1): EnteredArrangement {
  const checked = checkArrangementEntry(year, entry, '2026-11-30');
  if (!checked.ok) throw new Error(checked.message);
  const { notice, holidays, workdays } = checked;
  return { year, notice, holidays, workdays, version, enteredAt: Date.parse('2026-11-30T04:00:00Z'), enteredBy: '系统管理员' };
}

describe('the working-day calendar with an entered arrangement (年度放假安排)', () => {
  const with2027 = new WorkCalendar([entered(2027, TEST_2027)]);

  it('counts working days in 2027 on the entered breaks and 上班 days, not weekends alone', () => {
    // Library alone: only the days off fixed by law (5 and 8 Feb) are off: 10 working days from 4 Feb end 22 Feb.
    expect(addWorkingDays('2027-02-04', 10)).toBe('2027-02-22');
    // Entered: 5–13 Feb off, Saturday 20 Feb worked: 15–19, 20, 22–25.
    expect(addWorkingDays('2027-02-04', 10, with2027)).toBe('2027-02-25');
    expect(isWorkingDay('2027-02-09', with2027)).toBe(false);
    expect(isWorkingDay('2027-02-20', with2027)).toBe(true);
    expect(isWorkingDay('2027-02-20')).toBe(false);
    const start = Date.parse('2027-02-04T09:00:00+08:00');
    expect(toZonedIso(resolveDeadline({ type: 'withinWorkingDays', days: 10 }, start, with2027))).toBe('2027-02-25T23:59:59.999+08:00');
    expect(shiftOffDaysOff('2027-02-13', 'next-working-day', with2027)).toBe('2027-02-15');
  });

  it('shows 2027 as published from the notice, with its breaks and the break each 上班 day makes up for', () => {
    expect(yearCalendar(2027).arrangement).toMatchObject({ published: false, basis: 'statute' });
    const year = yearCalendar(2027, with2027);
    expect(year.arrangement).toMatchObject({ published: true, basis: 'notice', source: `${TEST_2027.notice.title} (2026-11-20)` });
    expect(year.arrangement.notice).toMatchObject({ title: TEST_2027.notice.title, date: '2026-11-20', version: 1, enteredBy: '系统管理员' });
    expect(year.disagreement).toEqual([]);
    expect(year.holidays.find((h) => h.name === '春节')).toMatchObject({ start: '2027-02-05', end: '2027-02-13', basis: 'arrangement' });
    // Days sent one by one are a break named after the holiday fixed by law in it.
    expect(year.holidays.find((h) => h.start === '2027-06-09')).toMatchObject({ name: '端午', end: '2027-06-09' });
    expect(year.makeUpWorkdays).toContainEqual({ date: '2027-02-20', for: '春节' });
    expect(year.makeUpWorkdays).toContainEqual({ date: '2027-10-09', for: '国庆节' });
  });

  it('moves what hangs on the breaks: the 春节 sensitive period and the screening due before it', () => {
    expect(sensitivePeriod(2027, '春节', with2027)).toMatchObject({ start: '2027-02-05', end: '2027-02-13' });
    expect(sensitivePeriod(2027, '春节', with2027).basis).toContain(TEST_2027.notice.title);
    const screening = occurrencesInYear({ every: 'sensitive-period', periods: ['春节'] }, 2027, undefined, undefined, with2027);
    expect(toZonedIso(screening[0]!.dueAt)).toBe('2027-02-04T23:59:59.999+08:00');
  });

  it('uses the library again for a year it has once the entered notice agrees, and keeps the notice on record', () => {
    const agreeing = new WorkCalendar([entered(2026, OFFICIAL_2026)]);
    expect(agreeing.arrangement(2026)).toMatchObject({ basis: 'library', source: expect.stringMatching(/^chinese-days /), disagreement: [] });
    expect(agreeing.arrangement(2026).notice?.title).toBe(OFFICIAL_2026.notice.title);
    for (const day of ['2026-02-14', '2026-02-16', '2026-10-08', '2026-10-10']) expect(isWorkingDay(day, agreeing)).toBe(isWorkingDay(day));
  });

  it('reports a disagreement with the library day by day and keeps the entered notice in use until an admin enters the year again', () => {
    const disagreeing = new WorkCalendar([entered(2026, MISTYPED_2026)]);
    const year = disagreeing.arrangement(2026);
    expect(year.basis).toBe('notice');
    expect(year.disagreement).toEqual([
      { date: '2026-10-08', library: 'working', entered: 'off' },
      { date: '2026-10-10', library: 'working', entered: 'off' },
    ]);
    expect(year.reason).toMatch(/stays in use/);
    expect(isWorkingDay('2026-10-08', disagreeing)).toBe(false);
    // A later version of the year replaces the earlier one.
    const corrected = new WorkCalendar([entered(2026, MISTYPED_2026, 1), entered(2026, OFFICIAL_2026, 2)]);
    expect(corrected.arrangement(2026)).toMatchObject({ basis: 'library', disagreement: [] });
    expect(corrected.arrangement(2026).notice?.version).toBe(2);
  });

  it('changes nothing for the years nobody entered', () => {
    for (const day of ['2025-10-08', '2026-02-28', '2028-01-31']) expect(isWorkingDay(day, with2027)).toBe(isWorkingDay(day, LIBRARY_CALENDAR));
    expect(yearCalendar(2028, with2027).arrangement).toMatchObject({ published: false, basis: 'statute' });
  });
});

describe('checking an entered arrangement', () => {
  const check = (entry: Partial<ArrangementEntry>, year = 2027) => checkArrangementEntry(year, { ...TEST_2027, ...entry }, '2026-11-30');
  const refusal = (entry: Partial<ArrangementEntry>, year = 2027) => {
    const result = check(entry, year);
    return result.ok ? undefined : { field: result.field, message: result.message };
  };

  it('takes the test notice, holidays as ranges or days', () => {
    expect(check({}).ok).toBe(true);
  });

  it.each([
    ['a 上班 day inside a break', { workdays: ['2027-02-06'] }, 'workdays.0', /inside a break/],
    ['a 上班 day on a weekday', { workdays: ['2027-02-20', '2027-02-17'] }, 'workdays.1', /星期三/],
    ['a 上班 day of another year', { workdays: ['2026-12-26'] }, 'workdays.0', /not in 2027/],
    ['a 上班 day twice', { workdays: ['2027-02-20', '2027-02-20'] }, 'workdays.1', /twice/],
    ['a break ending before it starts', { holidays: [{ name: '春节', start: '2027-02-13', end: '2027-02-05' }] }, 'holidays.0.end', /before the start/],
    ['a break outside the year', { holidays: [{ name: '元旦', start: '2026-12-31', end: '2027-01-01' }] }, 'holidays.0.start', /not in 2027/],
    ['a date that does not exist', { holidays: ['2027-02-30'] }, 'holidays.0', /not a date/],
    ['overlapping breaks', { holidays: [...TEST_2027.holidays, { name: '春节', start: '2027-02-12', end: '2027-02-14' }] }, 'holidays.7', /overlaps/],
    ['a day off fixed by law left out', { holidays: TEST_2027.holidays.filter((h) => h !== '2027-09-15') }, 'holidays', /2027-09-15 \(中秋\)/],
    ['no breaks', { holidays: [] }, 'holidays', /list/],
    ['a notice dated after today', { notice: { title: 'x', date: '2026-12-01' } }, 'notice.date', /after today/],
    ['a notice of long ago', { notice: { title: 'x', date: '2020-11-01' } }, 'notice.date', /published in 2026 or 2027/],
    ['a notice without a title', { notice: { title: '  ', date: '2026-11-20' } }, 'notice.title', /title/],
  ] as const)('refuses %s, naming the field', (_name, entry, field, message) => {
    const found = refusal(entry as Partial<ArrangementEntry>);
    expect(found?.field).toBe(field);
    expect(found?.message).toMatch(message);
  });

  it('keeps the breaks and 上班 days in date order, single days joined into their break', () => {
    const result = check({ workdays: ['2027-10-09', '2027-02-20'], holidays: ['2027-06-09', ...TEST_2027.holidays.filter((h) => typeof h !== 'string'), '2027-09-15'] });
    if (!result.ok) throw new Error(result.message);
    expect(result.workdays).toEqual(['2027-02-20', '2027-10-09']);
    expect(result.holidays.map((h) => h.start)).toEqual(['2027-01-01', '2027-02-05', '2027-04-03', '2027-05-01', '2027-06-09', '2027-09-15', '2027-10-01']);
  });
});
