import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivedId } from '../../domain/ids';
import { sha256Hex } from '../../domain/sha256';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('id hash', () => {
  it('is SHA-256 of the UTF-8 bytes, as node:crypto computes it, for any text and length', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => sha256Hex(text) === nodeSha256(text)), { numRuns: 500 });
    // Block boundaries of the padding (55, 56, 64 bytes), the empty string, Chinese, astral and a lone surrogate.
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'a'.repeat(1000), '信访台账 一人一事', '𠀀😀', '\ud800x']) {
      expect(sha256Hex(text)).toBe(nodeSha256(text));
    }
  });

  it('derives the same id from the same parts, and tells apart parts that only concatenate alike', () => {
    expect(derivedId('p', 'k1', 1700000000000)).toBe(`p${nodeSha256(JSON.stringify(['k1', 1700000000000])).slice(0, 16)}`);
    expect(derivedId('r', 'a', 'bc')).not.toBe(derivedId('r', 'ab', 'c'));
    expect(derivedId('e', 'x')).toMatch(/^e[0-9a-f]{16}$/);
  });
});
