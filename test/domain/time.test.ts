import { describe, expect, it } from 'vitest';
import { resolveDeadline } from '../../domain/deadline';
import { endOfYear, parseInstant, toZonedIso, yearInZone } from '../../domain/time';

describe('Shanghai instants', () => {
  it('puts year end at 31 Dec 23:59:59.999 +08:00', () => {
    expect(endOfYear(2026)).toBe(Date.parse('2026-12-31T23:59:59.999+08:00'));
    expect(toZonedIso(endOfYear(2026))).toBe('2026-12-31T23:59:59.999+08:00');
  });

  it('reads the year in Shanghai, not UTC', () => {
    // 1 Jan 2027 00:30 in Shanghai is still 31 Dec 2026 in UTC.
    expect(yearInZone(Date.parse('2027-01-01T00:30:00+08:00'))).toBe(2027);
    expect(yearInZone(Date.parse('2026-12-31T23:30:00Z'))).toBe(2027);
  });

  it('resolves 年底前 to the end of the assignment year', () => {
    const assignedAt = Date.parse('2026-11-22T10:00:00+08:00');
    expect(resolveDeadline({ type: 'endOfYear' }, assignedAt)).toBe(Date.parse('2026-12-31T23:59:59.999+08:00'));
    const newYearsEveLate = Date.parse('2026-12-31T23:59:59.999+08:00');
    expect(resolveDeadline({ type: 'endOfYear' }, newYearsEveLate)).toBe(newYearsEveLate);
  });

  it('parses instants with an offset, and reads one without as Shanghai time', () => {
    expect(parseInstant('2026-12-01T08:00:00Z')).toBe(Date.parse('2026-12-01T08:00:00Z'));
    expect(parseInstant('2026-12-01T16:00:00')).toBe(Date.parse('2026-12-01T08:00:00Z'));
    expect(parseInstant('not a date')).toBeUndefined();
  });
});
