import { describe, expect, it } from 'vitest';
import { DEFAULT_CLOCK_RULES, reviewRequestRefusal } from '../../domain/petition';
import { parseInstant } from '../../domain/time';

const at = (iso: string) => parseInstant(iso) as number;
const rules = DEFAULT_CLOCK_RULES;

describe('the window for asking a 复查 or 复核 (信访工作条例 第三十五、三十六条)', () => {
  // Replied on Monday 2 March 2026: the 30 days run to the end of Wednesday 1 April (no holiday near either end).
  const facts = { receivedAt: at('2026-01-05T09:00:00+08:00'), acceptedAt: at('2026-01-06T09:00:00+08:00'), repliedAt: at('2026-03-02T16:00:00+08:00') };

  it('takes a 复查 request to the end of the 30th day after the written reply, and refuses it after', () => {
    expect(reviewRequestRefusal(facts, 'review', at('2026-04-01T23:59:59+08:00'), rules)).toBeUndefined();
    expect(reviewRequestRefusal(facts, 'review', at('2026-04-02T00:00:01+08:00'), rules)).toMatch(/within 30 days of the written reply \(信访工作条例 第三十五条\).*2026-04-01/);
  });

  it('counts the 复核 window from the 复查 opinion, its last day off moving to the next working day', () => {
    // 30 days from 3 April 2026 end on Sunday 3 May, inside the 劳动节 break (1–5 May): the window runs to Wednesday 6 May.
    const reviewed = { ...facts, reviewRequestedAt: at('2026-03-10T09:00:00+08:00'), reviewAnsweredAt: at('2026-04-03T09:00:00+08:00') };
    expect(reviewRequestRefusal(reviewed, 'reReview', at('2026-05-06T20:00:00+08:00'), rules)).toBeUndefined();
    expect(reviewRequestRefusal(reviewed, 'reReview', at('2026-05-07T00:00:01+08:00'), rules)).toMatch(/第三十六条.*2026-05-06/);
    // A case started before days off moved its clocks keeps the plain count.
    expect(reviewRequestRefusal(reviewed, 'reReview', at('2026-05-04T00:00:01+08:00'), { lastDayOffMoves: false })).toMatch(/2026-05-03/);
  });
});
