import { describe, expect, it } from 'vitest';
import { findDirective } from '../../domain/catalog';
import { enoughLeftToIssue, occurrenceAt, occurrenceDeadlineOf, occurrencesInYear, type Occurrence } from '../../domain/recurrence';
import { parseInstant, toZonedIso } from '../../domain/time';

/**
 * Issue 12 item 7: a recurring occurrence is due by its directive's rule applied inside the period, from the
 * period's opening, or at the period's end where the directive says so.
 */
const at = (iso: string) => parseInstant(iso) as number;
const view = (o: Occurrence | undefined) =>
  o && { periodKey: o.periodKey, opensAt: toZonedIso(o.opensAt), dueAt: toZonedIso(o.dueAt), endsAt: toZonedIso(o.endsAt), basis: o.due.basis };

function occurrences(directiveId: string, year: number) {
  const directive = findDirective(directiveId);
  if (!directive?.cadence) throw new Error(`${directiveId} does not recur`);
  return occurrencesInYear(directive.cadence.rule, year, undefined, occurrenceDeadlineOf(directive));
}

describe('the directive’s deadline inside the period', () => {
  it('B9: the monthly work plan is due 4 days after the month opens (by the 5th), not at the month’s end', () => {
    expect(findDirective('station-work-plan')?.code).toBe('B9');
    const november = occurrences('station-work-plan', 2026).find((o) => o.periodKey === '2026-11');
    expect(view(november)).toEqual({
      periodKey: '2026-11',
      opensAt: '2026-11-01T00:00:00.000+08:00',
      dueAt: '2026-11-05T23:59:59.999+08:00',
      endsAt: '2026-11-30T23:59:59.999+08:00',
      basis: 'rule',
    });
  });

  it('B4: the monthly rounds stay due at the month’s end, which the directive says', () => {
    const rounds = occurrences('monthly-village-rounds', 2026);
    expect(rounds).toHaveLength(12);
    for (const month of rounds) {
      expect(month.dueAt).toBe(month.endsAt);
      expect(month.due.basis).toBe('period-end');
    }
    expect(toZonedIso(rounds[1]?.dueAt as number)).toBe('2026-02-28T23:59:59.999+08:00');
  });

  it('C8: each visit round runs 14 days and is due before its holiday', () => {
    expect(findDirective('major-holiday-visits')?.code).toBe('C8');
    expect(occurrences('major-holiday-visits', 2026).map(view)).toEqual([
      // Due the last working day before 除夕 (Sat 14 Feb is a 调休 workday), opened 14 days before.
      { periodKey: '2026-new-year-spring', opensAt: '2026-01-31T00:00:00.000+08:00', dueAt: '2026-02-14T23:59:59.999+08:00', endsAt: '2026-02-14T23:59:59.999+08:00', basis: 'period-end' },
      { periodKey: '2026-army-day', opensAt: '2026-07-17T00:00:00.000+08:00', dueAt: '2026-07-31T23:59:59.999+08:00', endsAt: '2026-07-31T23:59:59.999+08:00', basis: 'period-end' },
      { periodKey: '2026-mid-autumn-national', opensAt: '2026-09-10T00:00:00.000+08:00', dueAt: '2026-09-24T23:59:59.999+08:00', endsAt: '2026-09-24T23:59:59.999+08:00', basis: 'period-end' },
    ]);
    for (const o of occurrences('major-holiday-visits', 2027)) expect(o.dueAt - o.opensAt, o.periodKey).toBeLessThan(15 * 86_400_000);
  });

  it('C6: the greetings before 春节 and 八一 2027 run 14 days each', () => {
    expect(findDirective('elder-hero-greetings')?.code).toBe('C6');
    expect(occurrences('elder-hero-greetings', 2027).map(view)).toEqual([
      // 除夕 (Fri 5 Feb) is a day off by law: due Thu 4 Feb.
      { periodKey: '2027-new-year-spring', opensAt: '2027-01-21T00:00:00.000+08:00', dueAt: '2027-02-04T23:59:59.999+08:00', endsAt: '2027-02-04T23:59:59.999+08:00', basis: 'period-end' },
      // 31 Jul 2027 is a Saturday: due Fri 30 Jul.
      { periodKey: '2027-army-day', opensAt: '2027-07-16T00:00:00.000+08:00', dueAt: '2027-07-30T23:59:59.999+08:00', endsAt: '2027-07-30T23:59:59.999+08:00', basis: 'period-end' },
    ]);
  });

  it('F2: the plan before a sensitive period is due 7 days after the screening opens, before the period', () => {
    const spring = occurrences('sensitive-period-stability', 2026).find((o) => o.periodKey === '2026-spring-festival');
    expect(view(spring)).toEqual({
      periodKey: '2026-spring-festival',
      opensAt: '2026-02-01T00:00:00.000+08:00',
      dueAt: '2026-02-08T23:59:59.999+08:00',
      endsAt: '2026-02-14T23:59:59.999+08:00',
      basis: 'rule',
    });
  });

  it('finds the period under way by its span, past the rule’s deadline too', () => {
    const directive = findDirective('station-work-plan');
    const deadline = directive && occurrenceDeadlineOf(directive);
    expect(occurrenceAt({ every: 'month' }, at('2026-11-20T10:00'), undefined, deadline)?.periodKey).toBe('2026-11');
  });
});

describe('issuing the period under way', () => {
  const rounds = occurrences('monthly-village-rounds', 2026).find((o) => o.periodKey === '2026-11') as Occurrence;

  it('issues November’s rounds while at least half of November is left, not at noon on 30 November', () => {
    expect(enoughLeftToIssue(rounds, at('2026-11-03T09:00'))).toBe(true);
    expect(enoughLeftToIssue(rounds, at('2026-11-15T23:00'))).toBe(true);
    expect(enoughLeftToIssue(rounds, at('2026-11-16T01:00'))).toBe(false);
    expect(enoughLeftToIssue(rounds, at('2026-11-30T12:00'))).toBe(false);
  });
});
