import { describe, expect, it } from 'vitest';
import { shiftOffDaysOff } from '../../domain/calendar';
import { findDirective } from '../../domain/catalog';
import { clockDue, clocksOf, DEFAULT_CLOCK_RULES, extensionRefusal, statutoryDue, type PetitionClockRules } from '../../domain/petition';
import { occurrenceDeadlineOf, occurrencesInYear } from '../../domain/recurrence';
import { parseInstant, toZonedIso } from '../../domain/time';

/**
 * Issue 12 item 9: deadlines that fall on a day off. Expected dates are the State Council's 2026 arrangement
 * (国务院办公厅关于2026年部分节假日安排的通知: 春节 2月15日至23日, 2月14日（周六）上班; 清明 4月4日至6日; 国庆 10月1日至7日,
 * 10月10日（周六）上班) and, for 2027, the days fixed by law (《全国年节及纪念日放假办法》2024: 元旦 1 Jan, 春节 除夕 5 Feb
 * and 初一–初三 6–8 Feb), with weekends off.
 */
const at = (iso: string) => parseInstant(iso) as number;
const iso = (instant: number) => toZonedIso(instant);

describe('moving a day off a day off', () => {
  it('moves a period’s last day to the next working day (民法典 第二百零三条)', () => {
    expect(shiftOffDaysOff('2026-10-04', 'next-working-day')).toBe('2026-10-08');
    expect(shiftOffDaysOff('2026-10-05', 'next-working-day')).toBe('2026-10-08');
    expect(shiftOffDaysOff('2027-01-01', 'next-working-day')).toBe('2027-01-04'); // Fri 元旦, then the weekend
    expect(shiftOffDaysOff('2026-10-09', 'next-working-day')).toBe('2026-10-09'); // a working day stays
  });

  it('moves work due before a festival to the last working day before it, 调休 workdays included', () => {
    expect(shiftOffDaysOff('2026-02-16', 'last-working-day-before')).toBe('2026-02-14'); // 除夕 in the break; Sat 14 Feb worked
    expect(shiftOffDaysOff('2027-02-05', 'last-working-day-before')).toBe('2027-02-04'); // 除夕 2027, a day off by law
    expect(shiftOffDaysOff('2026-04-04', 'last-working-day-before')).toBe('2026-04-03'); // 清明 break
  });
});

describe('petition clocks end on a working day', () => {
  const rules = DEFAULT_CLOCK_RULES;

  it('moves the 受理, 办理 and 复查 deadlines that fell on 2026-10-04, 2026-10-05 and 2027-01-01', () => {
    // Received 19 Sep: 15 days end on Sun 4 Oct, inside the 国庆 break → Thu 8 Oct.
    expect(iso(statutoryDue(at('2026-09-19T10:00'), 15))).toBe('2026-10-04T23:59:59.999+08:00');
    expect(iso(clockDue(at('2026-09-19T10:00'), 15, rules))).toBe('2026-10-08T23:59:59.999+08:00');
    // Accepted 6 Aug: 60 days end on Mon 5 Oct → Thu 8 Oct.
    expect(iso(clockDue(at('2026-08-06T10:00'), 60, rules))).toBe('2026-10-08T23:59:59.999+08:00');
    // Review requested 2 Dec: 30 days end on 元旦 2027 → Mon 4 Jan.
    expect(iso(clockDue(at('2026-12-02T10:00'), 30, rules))).toBe('2027-01-04T23:59:59.999+08:00');
    // A last day that is a working day stays.
    expect(iso(clockDue(at('2026-03-01T10:00'), 15, rules))).toBe('2026-03-16T23:59:59.999+08:00');
  });

  it('shows the moved deadline on the case’s clocks, and grants an extension up to it', () => {
    const facts = { receivedAt: at('2026-08-01T09:00'), acceptedAt: at('2026-08-06T10:00') };
    const reply = clocksOf(facts, rules).find((c) => c.kind === 'reply');
    expect(iso(reply?.dueAt as number)).toBe('2026-10-08T23:59:59.999+08:00');
    // 7 Oct is past the raw 60th day but before the moved deadline: an extension may still be granted.
    expect(extensionRefusal(facts, rules, { days: 10, reason: '需要多部门会商' }, at('2026-10-07T10:00'))).toBeUndefined();
  });

  it('keeps the deadlines of a case started before the rule (no lastDayOffMoves in its rules)', () => {
    const { lastDayOffMoves: _moves, ...before } = rules;
    const recorded: PetitionClockRules = before;
    expect(iso(clockDue(at('2026-09-19T10:00'), 15, recorded))).toBe('2026-10-04T23:59:59.999+08:00');
  });
});

describe('visits and duties due before a festival', () => {
  const occurrences = (code: string, year: number) => {
    const directive = findDirective(code);
    if (!directive?.cadence) throw new Error(code);
    return occurrencesInYear(directive.cadence.rule, year, undefined, occurrenceDeadlineOf(directive));
  };

  it('puts the 元旦·春节 visits on the last working day before 除夕', () => {
    const visits = findDirective('major-holiday-visits');
    expect(visits).toBeDefined();
    const [y2026] = occurrences('major-holiday-visits', 2026);
    expect([y2026?.periodKey, iso(y2026?.dueAt as number), y2026?.due]).toEqual([
      '2026-new-year-spring',
      '2026-02-14T23:59:59.999+08:00',
      { basis: 'period-end', movedFrom: '2026-02-16' },
    ]);
    const [y2027] = occurrences('major-holiday-visits', 2027);
    expect([iso(y2027?.dueAt as number), y2027?.due.movedFrom]).toEqual(['2027-02-04T23:59:59.999+08:00', '2027-02-05']);
  });

  it('puts the 清明 inspection before the 2026 清明 break', () => {
    const qingming = occurrences('martyr-facility-maintenance', 2026).find((o) => o.periodKey === '2026-qingming');
    expect([iso(qingming?.dueAt as number), qingming?.due.movedFrom]).toEqual(['2026-04-03T23:59:59.999+08:00', '2026-04-04']);
  });
});
