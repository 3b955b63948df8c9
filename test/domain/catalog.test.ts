import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../domain/catalog';

const SEEDS = resolve(__dirname, '../../../shared/seeds');

describe('directive catalog', () => {
  it.each(CATALOG.map((d) => [d.id, d] as const))('%s quotes its seed verbatim', (_id, directive) => {
    const seed = readFileSync(resolve(SEEDS, directive.source.seed), 'utf8');
    expect(seed).toContain(directive.source.quote);
  });

  it('gives every directive unique ids and steps', () => {
    expect(new Set(CATALOG.map((d) => d.id)).size).toBe(CATALOG.length);
    for (const d of CATALOG) {
      expect(d.steps.length).toBeGreaterThan(0);
      expect(new Set(d.steps.map((s) => s.id)).size).toBe(d.steps.length);
    }
  });
});
