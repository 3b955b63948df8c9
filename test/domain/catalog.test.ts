import { describe, expect, it } from 'vitest';
import { CATALOG, DIRECTIVE_KINDS, eventTypes, filterCatalog, findEventTrigger } from '../../domain/catalog';
import { ID_PATTERN } from '../../domain/ids';
import { ORG_LEVELS } from '../../domain/org';
import INDEX from '../fixtures/catalog/directives-index.json';
import { directivesIndex, SHARED_DIR, sharedText } from '../support/shared-docs';

const KIND_WORDS: Record<string, (typeof DIRECTIVE_KINDS)[number]> = {
  'ONE-OFF': 'one-off',
  RECURRING: 'recurring',
  EVENT: 'event',
  STANDING: 'standing',
};

describe('directive catalog', () => {
  // directives.md's index, kept in the repository so the catalog is checked from a clone anywhere.
  const rows = INDEX;

  it('has every directive of the index in directives.md, in its order, with its code', () => {
    expect(rows).toHaveLength(68);
    expect(CATALOG.map((d) => [d.code, d.id])).toEqual(rows.map((r) => [r.code, r.id]));
  });

  it.each(rows.map((r) => [r.code, r] as const))('%s carries every kind the index names', (_code, row) => {
    const directive = CATALOG.find((d) => d.id === row.id);
    const named = Object.entries(KIND_WORDS)
      .filter(([word]) => row.kind.includes(word))
      .map(([, kind]) => kind);
    expect(named.length).toBeGreaterThan(0);
    expect([...(directive?.kinds ?? [])].sort()).toEqual([...new Set(named)].sort());
  });

  it('keeps ids, steps, standards and levels consistent', () => {
    expect(new Set(CATALOG.map((d) => d.id)).size).toBe(CATALOG.length);
    for (const d of CATALOG) {
      expect(d.id).toMatch(ID_PATTERN);
      expect(d.steps.length, d.id).toBeGreaterThan(0);
      expect(new Set(d.steps.map((s) => s.id)).size, d.id).toBe(d.steps.length);
      expect(new Set(d.standards.map((s) => s.id)).size, d.id).toBe(d.standards.length);
      expect(d.levels.length, d.id).toBeGreaterThan(0);
      for (const level of d.levels) expect(ORG_LEVELS).toContain(level);
      expect(d.levels, d.id).toContain(d.targetLevel);
      expect(d.evidence.length, d.id).toBeGreaterThan(0);
      for (const standard of d.standards) {
        expect(standard.min !== undefined || standard.max !== undefined, `${d.id}/${standard.id}`).toBe(true);
        if (standard.checklist) expect(standard.max ?? standard.min).toBeLessThanOrEqual(standard.checklist.length);
      }
    }
  });

  it('gives recurring directives a cadence and event-driven ones a trigger, with unique event types', () => {
    for (const d of CATALOG) {
      if (d.kinds.includes('recurring')) expect(d.cadence, d.id).toBeDefined();
      if (d.kinds.includes('event')) expect(d.triggers?.length ?? 0, d.id).toBeGreaterThan(0);
    }
    const all = CATALOG.flatMap((d) => (d.triggers ?? []).map((t) => t.type));
    expect(new Set(all).size).toBe(all.length);
    expect(eventTypes()).toHaveLength(all.length);
  });

  it('carries the standards the speeches set in numbers', () => {
    const standard = (id: string, sid: string) =>
      CATALOG.find((d) => d.id === id)?.standards.find((s) => s.id === sid);
    expect(CATALOG.find((d) => d.id === 'town-fulltime-staff')?.standards).toContainEqual(
      expect.objectContaining({ min: 2, max: 3, appliesTo: { level: 'town' } }),
    );
    const display = CATALOG.find((d) => d.id === 'pce-13-display-items')?.standards[0];
    expect(display?.checklist).toHaveLength(13);
    expect(display?.min).toBe(13);
    expect(CATALOG.find((d) => d.id === 'community-station-team')?.standards).toContainEqual(
      expect.objectContaining({ min: 3, appliesTo: { level: 'village', kind: '社区' } }),
    );
    expect(CATALOG.find((d) => d.id === 'village-station-team')?.standards).toContainEqual(
      expect.objectContaining({ min: 2, appliesTo: { level: 'village', kind: '村' } }),
    );
    const fiveHaves = CATALOG.find((d) => d.id === 'center-station-establishment-five-haves')?.standards;
    expect(fiveHaves?.some((s) => s.checklist?.length === 5)).toBe(true);
    expect(standard('town-fulltime-staff', 'nope')).toBeUndefined();
  });

  it('maps the issue’s example events to their directives and deadlines', () => {
    expect(findEventTrigger('veteran-verified')).toMatchObject({
      directive: { id: 'honor-plaque-delivery' },
      trigger: { deadline: { type: 'withinDays', days: 30 } },
    });
    expect(findEventTrigger('merit-award-notice')).toMatchObject({
      directive: { id: 'merit-xibao-delivery' },
      trigger: { deadline: { type: 'withinDays', days: 15 } },
    });
  });

  it('filters by kind and level', () => {
    const standing = filterCatalog({ kind: 'standing' });
    expect(standing.length).toBeGreaterThan(5);
    expect(standing.every((d) => d.kinds.includes('standing'))).toBe(true);
    const villageEvents = filterCatalog({ kind: 'event', level: 'village' });
    expect(villageEvents.map((d) => d.id)).toContain('honor-plaque-delivery');
    expect(villageEvents.every((d) => d.levels.includes('village') && d.kinds.includes('event'))).toBe(true);
  });
});

// Needs the shared documents: DUBAN_SHARED_DIR, or ../shared beside the repository (see test/support/shared-docs.ts).
describe.skipIf(!SHARED_DIR)(`directive catalog against the seed speeches${SHARED_DIR ? '' : ' (skipped: set DUBAN_SHARED_DIR)'}`, () => {
  it('keeps the index fixture equal to directives.md', () => {
    expect(directivesIndex(sharedText('directives.md'))).toEqual(INDEX);
  });

  it.each(CATALOG.map((d) => [d.code, d] as const))('%s quotes its seeds verbatim', (_code, directive) => {
    expect(directive.sources.length).toBeGreaterThan(0);
    for (const source of directive.sources) {
      expect(source.quote.length).toBeGreaterThan(3);
      expect(sharedText('seeds', source.seed ?? ''), `${source.seed} ${source.section}`).toContain(source.quote);
    }
  });

});
