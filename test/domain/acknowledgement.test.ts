import { describe, expect, it } from 'vitest';
import { acknowledgeByFor, acknowledgementRefusal, reassignmentRefusal, tallyAcknowledgement, type AcknowledgementFacts } from '../../domain/acknowledgement';
import { parseInstant } from '../../domain/time';

const at = (iso: string) => parseInstant(iso) as number;
const HOUR = 60 * 60 * 1000;

describe('签收 window on the holiday calendar', () => {
  it('counts working days under the State Council arrangement: 国庆 and its 调休 days', () => {
    // The day before 国庆 2026 (1–7 Oct off): the first working day after it is 8 Oct.
    expect(acknowledgeByFor(at('2026-09-30T10:00:00+08:00'))).toBe(at('2026-10-08T23:59:59.999+08:00'));
    // 10 Oct 2026 is a Saturday worked (调休) after 国庆.
    expect(acknowledgeByFor(at('2026-10-09T10:00:00+08:00'))).toBe(at('2026-10-10T23:59:59.999+08:00'));
    // An ordinary Friday: Monday.
    expect(acknowledgeByFor(at('2026-11-27T10:00:00+08:00'))).toBe(at('2026-11-30T23:59:59.999+08:00'));
    expect(acknowledgeByFor(at('2026-09-30T10:00:00+08:00'), 2)).toBe(at('2026-10-09T23:59:59.999+08:00'));
  });
});

describe('签收 states', () => {
  it('allows a repeat and refuses the other way round', () => {
    expect(acknowledgementRefusal('acknowledged', 'acknowledge')).toBeUndefined();
    expect(acknowledgementRefusal('declined', 'decline')).toBeUndefined();
    expect(acknowledgementRefusal('declined', 'acknowledge')).toMatch(/回退/);
    expect(acknowledgementRefusal('acknowledged', 'decline')).toMatch(/签收/);
    expect(acknowledgementRefusal('pending', 'decide')).toMatch(/回退/);
    expect(acknowledgementRefusal('cancelled', 'acknowledge')).toMatch(/撤销/);
    expect(acknowledgementRefusal('declined', 'work')).toMatch(/回退/);
    expect(acknowledgementRefusal('pending', 'work')).toBeUndefined();
  });

  it('reassigns only to another unit of the same level that holds no task of the assignment', () => {
    const k1 = { id: 'k1', level: 'county' };
    expect(reassignmentRefusal(k1, { id: 'k2', level: 'county' }, false)).toBeUndefined();
    expect(reassignmentRefusal(k1, k1, false)).toBeDefined();
    expect(reassignmentRefusal(k1, { id: 't1', level: 'town' }, false)).toBeDefined();
    expect(reassignmentRefusal(k1, { id: 'k2', level: 'county' }, true)).toBeDefined();
  });
});

describe('签收 figures', () => {
  const issued = at('2026-11-02T09:00:00+08:00');
  const by = at('2026-11-03T23:59:59.999+08:00');
  const task = (facts: Partial<AcknowledgementFacts>): AcknowledgementFacts => ({ state: 'pending', createdAt: issued, acknowledgeBy: by, ...facts });

  it('counts a task against its unit only once its window has passed; declined and withdrawn ones count neither way', () => {
    const tasks = [
      task({ state: 'acknowledged', acknowledgedAt: issued + 2 * HOUR }),
      task({ state: 'acknowledged', acknowledgedAt: by + 1 }),
      task({}),
      task({ state: 'declined' }),
      task({ state: 'reassigned' }),
      task({ state: 'cancelled' }),
      // From before 签收 existed: no window, not tracked.
      task({ acknowledgeBy: undefined }),
    ];
    expect(tallyAcknowledgement(tasks, by - 1)).toEqual({
      issued: 4,
      acknowledged: 2,
      acknowledgedOnTime: 1,
      acknowledgedLate: 1,
      awaiting: 1,
      overdue: 0,
      declined: 1,
      acknowledgementRate: 50,
      averageHoursToAcknowledge: Math.round(((2 * HOUR + (by + 1 - issued)) / 2 / HOUR) * 10) / 10,
    });
    // At the end of the window the unacknowledged one counts against the unit: 1 on time of 3 due.
    expect(tallyAcknowledgement(tasks, by)).toMatchObject({ awaiting: 0, overdue: 1, acknowledgementRate: 33.3 });
  });

  it('has no rate when nothing has come due, rather than 0 or 100', () => {
    expect(tallyAcknowledgement([task({})], issued + HOUR)).toMatchObject({ issued: 1, awaiting: 1, acknowledgementRate: null, averageHoursToAcknowledge: null });
    expect(tallyAcknowledgement([], issued).acknowledgementRate).toBeNull();
  });
});
