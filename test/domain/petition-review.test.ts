import { describe, expect, it } from 'vitest';
import { reviewRequestRefusal } from '../../domain/petition';
import { parseInstant } from '../../domain/time';

const at = (iso: string) => parseInstant(iso) as number;

describe('the window for asking a 复查 or 复核 (信访工作条例 第三十五、三十六条)', () => {
  // Replied on Monday 2 March 2026: the 30 days run to the end of Wednesday 1 April (no holiday near either end).
  const facts = { receivedAt: at('2026-01-05T09:00:00+08:00'), acceptedAt: at('2026-01-06T09:00:00+08:00'), repliedAt: at('2026-03-02T16:00:00+08:00') };

  it('takes a 复查 request to the end of the 30th day after the written reply, and refuses it after', () => {
    expect(reviewRequestRefusal(facts, 'review', at('2026-04-01T23:59:59+08:00'))).toBeUndefined();
    expect(reviewRequestRefusal(facts, 'review', at('2026-04-02T00:00:01+08:00'))).toMatch(/within 30 days of the written reply \(信访工作条例 第三十五条\).*2026-04-01/);
  });

  it('counts the 复核 window from the 复查 opinion', () => {
    const reviewed = { ...facts, reviewRequestedAt: at('2026-03-10T09:00:00+08:00'), reviewAnsweredAt: at('2026-04-03T09:00:00+08:00') };
    expect(reviewRequestRefusal(reviewed, 'reReview', at('2026-05-03T20:00:00+08:00'))).toBeUndefined();
    expect(reviewRequestRefusal(reviewed, 'reReview', at('2026-05-04T00:00:01+08:00'))).toMatch(/第三十六条/);
  });
});
