import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivedId } from '../../domain/ids';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('id hash', () => {
  it('is SHA-256 of the parts’ UTF-8 JSON, as node:crypto computes it, for any text', () => {
    const expected = (text: string) => `x${nodeSha256(JSON.stringify([text])).slice(0, 16)}`;
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => derivedId('x', text) === expected(text)), { numRuns: 500 });
    for (const text of ['', 'abc', '信访台账 一人一事', '𠀀😀', '\ud800x']) expect(derivedId('x', text)).toBe(expected(text));
  });

  it('derives the same id from the same parts, and tells apart parts that only concatenate alike', () => {
    expect(derivedId('p', 'k1', 1700000000000)).toBe(`p${nodeSha256(JSON.stringify(['k1', 1700000000000])).slice(0, 16)}`);
    expect(derivedId('r', 'a', 'bc')).not.toBe(derivedId('r', 'ab', 'c'));
    expect(derivedId('e', 'x')).toMatch(/^e[0-9a-f]{16}$/);
  });
});
