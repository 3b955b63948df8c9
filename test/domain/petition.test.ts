import { describe, expect, it } from 'vitest';
import {
  activeClock,
  clocksOf,
  DEFAULT_CLOCK_RULES,
  extensionRefusal,
  stageOf,
  statutoryDue,
  type PetitionFacts,
} from '../../domain/petition';
import { campaignWindow } from '../../domain/petition-campaign';
import { sensitivePeriods } from '../../domain/calendar';
import { parseInstant, toZonedIso } from '../../domain/time';

const at = (iso: string) => parseInstant(iso) as number;
const rules = DEFAULT_CLOCK_RULES;

describe('statutory day counting (Asia/Shanghai, start day not counted, end of the Nth day)', () => {
  it('ends the 受理 clock at the end of the 15th Shanghai day after receipt, wherever in the day it was received', () => {
    for (const received of ['2026-03-01T00:00:00+08:00', '2026-03-01T10:15:00+08:00', '2026-03-01T23:59:59.999+08:00']) {
      expect(toZonedIso(statutoryDue(at(received), 15))).toBe('2026-03-16T23:59:59.999+08:00');
    }
  });

  it('counts Shanghai days, not UTC days, at the midnight edge', () => {
    // 16:30 UTC on 28 Feb is 00:30 on 1 Mar in Shanghai: a March receipt.
    expect(toZonedIso(statutoryDue(Date.parse('2026-02-28T16:30:00Z'), 15))).toBe('2026-03-16T23:59:59.999+08:00');
    // 15:59 UTC on 28 Feb is still 28 Feb in Shanghai.
    expect(toZonedIso(statutoryDue(Date.parse('2026-02-28T15:59:00Z'), 15))).toBe('2026-03-15T23:59:59.999+08:00');
  });

  it('counts calendar days across month ends and a leap day (the raw count: clockDue moves a last day off a day off)', () => {
    expect(toZonedIso(statutoryDue(at('2024-02-20T09:00'), 15))).toBe('2024-03-06T23:59:59.999+08:00');
    expect(toZonedIso(statutoryDue(at('2026-08-02T09:00'), 60))).toBe('2026-10-01T23:59:59.999+08:00'); // 国庆
  });
});

describe('clocks of a case', () => {
  const received = at('2026-03-01T10:00');

  it('runs one clock at a time: accept, then reply, then review', () => {
    const facts: PetitionFacts = { receivedAt: received };
    expect(stageOf(facts)).toBe('registered');
    expect(activeClock(clocksOf(facts, rules))).toMatchObject({ kind: 'accept', status: 'open' });

    const accepted = { ...facts, acceptedAt: at('2026-03-10T09:00') };
    const clocks = clocksOf(accepted, rules);
    expect(clocks.map((c) => [c.kind, c.status, c.late])).toEqual([
      ['accept', 'met', false],
      ['reply', 'open', false],
    ]);
    expect(toZonedIso(clocks[1]!.dueAt)).toBe('2026-05-09T23:59:59.999+08:00');

    const reviewed = { ...accepted, repliedAt: at('2026-04-01T09:00'), reviewRequestedAt: at('2026-04-20T09:00') };
    expect(stageOf(reviewed)).toBe('reviewRequested');
    const review = activeClock(clocksOf(reviewed, rules));
    expect(review?.kind).toBe('review');
    expect(toZonedIso(review!.dueAt)).toBe('2026-05-20T23:59:59.999+08:00');
  });

  it('keeps the overdue mark the workflow made, and a late answer is met and late', () => {
    const marked = clocksOf({ receivedAt: received }, rules, { accept: at('2026-03-17T00:00') });
    expect(marked[0]).toMatchObject({ status: 'overdue', overdueAt: at('2026-03-17T00:00') });
    const late = clocksOf({ receivedAt: received, acceptedAt: at('2026-03-20T09:00') }, rules, { accept: at('2026-03-17T00:00') });
    expect(late[0]).toMatchObject({ status: 'met', late: true });
  });

  it('moves the reply deadline by the extension and keeps the original', () => {
    const facts: PetitionFacts = {
      receivedAt: received,
      acceptedAt: at('2026-03-10T09:00'),
      extension: { days: 30, reason: '需调取档案', at: at('2026-04-01T09:00') },
    };
    const reply = clocksOf(facts, rules)[1]!;
    expect(toZonedIso(reply.originalDueAt!)).toBe('2026-05-09T23:59:59.999+08:00');
    expect(toZonedIso(reply.dueAt)).toBe('2026-06-08T23:59:59.999+08:00');
  });

  it('a case closed without acceptance (不予受理) meets the accept clock', () => {
    const facts: PetitionFacts = { receivedAt: received, closedAt: at('2026-03-05T09:00') };
    expect(stageOf(facts)).toBe('closed');
    expect(clocksOf(facts, rules)).toEqual([expect.objectContaining({ kind: 'accept', status: 'met', late: false })]);
    expect(activeClock(clocksOf(facts, rules))).toBeUndefined();
  });
});

describe('extension rules (延期: once, at most 30 days, with a reason, before the deadline)', () => {
  const accepted: PetitionFacts = { receivedAt: at('2026-03-01T10:00'), acceptedAt: at('2026-03-10T09:00') };
  const due = statutoryDue(accepted.acceptedAt!, 60);
  const ok = { days: 30, reason: '需调取档案' };

  it('allows one extension up to the last instant of the deadline', () => {
    expect(extensionRefusal(accepted, rules, ok, due)).toBeUndefined();
    expect(extensionRefusal(accepted, rules, { days: 1, reason: '核实' }, accepted.acceptedAt!)).toBeUndefined();
  });

  it('refuses after the deadline, a second time, before acceptance and after the reply', () => {
    expect(extensionRefusal(accepted, rules, ok, due + 1)?.message).toMatch(/deadline has passed/);
    const extended = { ...accepted, extension: { days: 10, reason: 'x', at: due - 1000 } };
    expect(extensionRefusal(extended, rules, ok, due - 500)?.message).toMatch(/only once/);
    expect(extensionRefusal({ receivedAt: accepted.receivedAt }, rules, ok, due)?.message).toMatch(/being handled/);
    expect(extensionRefusal({ ...accepted, repliedAt: due - 5000 }, rules, ok, due - 1000)?.message).toMatch(/being handled/);
  });

  it('names the field for days beyond the rule or not whole, and for a blank reason', () => {
    expect(extensionRefusal(accepted, rules, { days: 31, reason: 'x' }, due)).toMatchObject({ field: 'days' });
    expect(extensionRefusal(accepted, rules, { days: 0, reason: 'x' }, due)).toMatchObject({ field: 'days' });
    expect(extensionRefusal(accepted, rules, { days: 2.5, reason: 'x' }, due)).toMatchObject({ field: 'days' });
    expect(extensionRefusal(accepted, { ...rules, maxExtensionDays: 10 }, { days: 11, reason: 'x' }, due)).toMatchObject({ field: 'days' });
    expect(extensionRefusal(accepted, rules, { days: 5, reason: '  ' }, due)).toMatchObject({ field: 'reason' });
  });
});

describe('campaign window', () => {
  const now = at('2026-11-22T10:00');

  it('opens leadDays before a sensitive period and is due at the end of the day before it starts', () => {
    const window = campaignWindow({ now, beforeSensitivePeriod: { year: 2027, key: 'two-sessions' } }, sensitivePeriods);
    const period = sensitivePeriods(2027).find((p) => p.key === 'two-sessions')!;
    expect(period.start).toBe('2027-03-03');
    expect(window).toMatchObject({ sensitivePeriod: { key: 'two-sessions' } });
    if ('field' in window) throw new Error(window.message);
    expect(toZonedIso(window.opensAt)).toBe('2027-02-17T00:00:00.000+08:00');
    expect(toZonedIso(window.dueAt)).toBe('2027-03-02T23:59:59.999+08:00');
    const byName = campaignWindow({ now, beforeSensitivePeriod: { year: 2027, key: '两会', leadDays: 7 } }, sensitivePeriods);
    expect('opensAt' in byName && toZonedIso(byName.opensAt)).toBe('2027-02-24T00:00:00.000+08:00');
  });

  it('names the field for an unknown period, a period already begun, and a deadline not after opening', () => {
    expect(campaignWindow({ now, beforeSensitivePeriod: { year: 2027, key: 'mid-autumn' } }, sensitivePeriods)).toMatchObject({
      field: 'beforeSensitivePeriod.key',
    });
    expect(campaignWindow({ now, beforeSensitivePeriod: { year: 2026, key: 'national-day' } }, sensitivePeriods)).toMatchObject({
      field: 'beforeSensitivePeriod',
    });
    expect(campaignWindow({ now, opensAt: now + 1000, dueAt: now + 500 }, sensitivePeriods)).toMatchObject({ field: 'dueAt' });
  });

  it('blames opensAt, not the deadline derived from it, for a campaign opening before today', () => {
    const lastMonth = at('2026-10-01T09:00');
    expect(campaignWindow({ now, opensAt: lastMonth }, sensitivePeriods)).toMatchObject({ field: 'opensAt' });
    expect(campaignWindow({ now, opensAt: lastMonth, withinDays: 10 }, sensitivePeriods)).toMatchObject({ field: 'opensAt' });
    expect(campaignWindow({ now, opensAt: lastMonth, dueAt: now + 86_400_000 }, sensitivePeriods)).toMatchObject({ field: 'opensAt' });
    // Earlier today is still today.
    expect(campaignWindow({ now, opensAt: at('2026-11-22T00:00') }, sensitivePeriods)).not.toHaveProperty('field');
  });

  it('is due by the directive rule (30 days) or withinDays from opening when no deadline is given', () => {
    const window = campaignWindow({ now }, sensitivePeriods);
    expect('dueAt' in window && toZonedIso(window.dueAt)).toBe('2026-12-22T23:59:59.999+08:00');
    const within = campaignWindow({ now, withinDays: 10 }, sensitivePeriods);
    expect('dueAt' in within && toZonedIso(within.dueAt)).toBe('2026-12-02T23:59:59.999+08:00');
  });
});
