import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';

type Duty = { directiveId: string; occurrences: Array<{ periodKey: string; label: string; opensAt: string; dueAt: string; festivals?: unknown }> };

describe('GET /api/calendar/:year over HTTP', () => {
  let stack: Stack;
  let api: Api;

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    ({ api } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("gives a town its 2027 work calendar: monthly rounds and the three holiday-visit windows", async () => {
    const res = await api.get('/api/calendar/2027?unitId=t1');
    expect(res.status).toBe(200);
    expect(res.body.unit).toEqual({ id: 't1', name: '甲县东镇', level: 'town' });

    const rounds = res.body.duties.find((d: Duty) => d.directiveId === 'monthly-village-rounds');
    expect(rounds.occurrences).toHaveLength(12);
    expect(rounds.occurrences[0]).toMatchObject({
      periodKey: '2027-01',
      label: '2027年1月',
      opensAt: '2027-01-01T00:00:00.000+08:00',
      dueAt: '2027-01-31T23:59:59.999+08:00',
      endsAt: '2027-01-31T23:59:59.999+08:00',
      // B4 says the calendar month: due at the period's end, a rule the speech states.
      deadline: { basis: 'period-end', rule: { type: 'endOfMonth' }, provenance: 'text' },
    });
    expect(rounds.cadence.rule).toEqual({ every: 'month' });

    // 春节 2027-02-06 (除夕 5 Feb, a day off by law), 八一 a Sunday (31 Jul a Saturday), 中秋 2027-09-15. C8's 14 days
    // run up to the last working day before each.
    const visits = res.body.duties.find((d: Duty) => d.directiveId === 'major-holiday-visits');
    expect(visits.occurrences.map(({ periodKey, opensAt, dueAt }: Duty['occurrences'][number]) => ({ periodKey, opensAt, dueAt }))).toEqual([
      { periodKey: '2027-new-year-spring', opensAt: '2027-01-21T00:00:00.000+08:00', dueAt: '2027-02-04T23:59:59.999+08:00' },
      { periodKey: '2027-army-day', opensAt: '2027-07-16T00:00:00.000+08:00', dueAt: '2027-07-30T23:59:59.999+08:00' },
      { periodKey: '2027-mid-autumn-national', opensAt: '2027-08-31T00:00:00.000+08:00', dueAt: '2027-09-14T23:59:59.999+08:00' },
    ]);
    expect(visits.occurrences[0].deadline).toMatchObject({ basis: 'period-end', movedFrom: '2027-02-05', provenance: 'proposed' });
    expect(visits.occurrences[0].festivals).toEqual([
      { name: '元旦', date: '2027-01-01' },
      { name: '春节', date: '2027-02-06' },
    ]);
    expect(visits.code).toMatch(/^C\d+$/);
    expect(typeof visits.title).toBe('string');
  });

  it('lists only the duties of the unit’s level, and every cadenced duty without a unit', async () => {
    const town = (await api.get('/api/calendar/2027?unitId=t1')).body.duties.map((d: Duty) => d.directiveId);
    const village = (await api.get('/api/calendar/2027?unitId=v1')).body.duties.map((d: Duty) => d.directiveId);
    const all = await api.get('/api/calendar/2027');
    expect(all.status).toBe(200);
    expect(all.body.unit).toBeNull();
    expect(village).not.toContain('monthly-village-rounds');
    expect(village).toContain('major-holiday-visits');
    const everyDuty = all.body.duties.map((d: Duty) => d.directiveId);
    for (const id of [...town, ...village]) expect(everyDuty).toContain(id);
    expect(everyDuty.length).toBeGreaterThan(town.length);
  });

  it('says 2027 has no published arrangement, and carries the year calendar', async () => {
    const { body } = await api.get('/api/calendar/2027');
    expect(body.year).toBe(2027);
    expect(body.arrangement).toMatchObject({ published: false, source: expect.stringMatching(/^chinese-days \d/) });
    // The days off fixed by law are known; only 调休 is not.
    expect(body.holidays.find((h: { name: string }) => h.name === '春节')).toEqual({
      name: '春节',
      nameEn: 'Spring Festival',
      start: '2027-02-05',
      end: '2027-02-08',
      days: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'],
      basis: 'statute',
    });
    expect(body.makeUpWorkdays).toBeNull();
    expect(body.warnings.join(' ')).toMatch(/调休.*unknown/);
    expect(body.festivals).toContainEqual({ name: '中秋', date: '2027-09-15', basis: 'lunar' });
    expect(body.sensitivePeriods.map((p: { key: string }) => p.key)).toEqual(['new-year', 'spring-festival', 'two-sessions', 'national-day']);
  });

  it('gives 2026 its official breaks and no arrangement warning', async () => {
    const { body } = await api.get('/api/calendar/2026?unitId=t1');
    expect(body.arrangement.published).toBe(true);
    // 国务院办公厅关于2026年部分节假日安排的通知: 春节 15–23 Feb, 2月14日、2月28日上班.
    expect(body.holidays.find((h: { name: string }) => h.name === '春节')).toMatchObject({ start: '2026-02-15', end: '2026-02-23' });
    expect(body.makeUpWorkdays.filter((d: { for: string }) => d.for === '春节').map((d: { date: string }) => d.date)).toEqual([
      '2026-02-14',
      '2026-02-28',
    ]);
    expect(body.warnings.join(' ')).not.toMatch(/unknown/);
  });

  it('shows each occurrence due by its directive’s rule with the rule’s provenance: B9 by the 5th of the month', async () => {
    const { body } = await api.get('/api/calendar/2027?unitId=v1');
    const plan = body.duties.find((d: Duty) => d.directiveId === 'station-work-plan');
    expect(plan.code).toBe('B9');
    expect(plan.occurrences[1]).toMatchObject({
      periodKey: '2027-02',
      opensAt: '2027-02-01T00:00:00.000+08:00',
      dueAt: '2027-02-05T23:59:59.999+08:00',
      endsAt: '2027-02-28T23:59:59.999+08:00',
      deadline: { basis: 'rule', rule: { type: 'withinDays', days: 4 }, provenance: 'proposed' },
    });
  });

  it.each([
    ['a year that is not a number', '/api/calendar/next', 'year'],
    ['a fractional year', '/api/calendar/2027.5', 'year'],
    ['a year before 1901', '/api/calendar/1900', 'year'],
    ['a year after 2099', '/api/calendar/2100', 'year'],
    ['a malformed unit id', '/api/calendar/2027?unitId=..%2Fetc', 'unitId'],
    ['an unknown query parameter', '/api/calendar/2027?unit=t1', 'unit'],
  ])('answers 400 naming the field for %s', async (_case, path, field) => {
    const res = await api.get(path);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
  });

  it('answers 404 for a unit that does not exist', async () => {
    const res = await api.get('/api/calendar/2027?unitId=nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
