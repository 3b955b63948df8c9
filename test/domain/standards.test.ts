import { describe, expect, it } from 'vitest';
import { CATALOG, findDirective } from '../../domain/catalog';
import { complianceLight, emptyCompliance, STANDARD_UNITS, standardKind, validateAttestation } from '../../domain/standards';

describe('standing standards: what kind of value each takes', () => {
  it('knows every unit the catalog counts in, so no standard falls back to a guess', () => {
    const units = new Set(CATALOG.flatMap((d) => d.standards.filter((s) => !s.checklist).map((s) => s.unit)));
    expect([...units].filter((u) => !(u in STANDARD_UNITS))).toEqual([]);
  });

  it('takes whole numbers for counts, any number for a share, item ids for a checklist', () => {
    const display = findDirective('pce-13-display-items')!;
    const kinds = Object.fromEntries(display.standards.map((s) => [s.id, standardKind(s)]));
    expect(kinds).toEqual({ 'thirteen-display-items': 'checklist', 'ten-hero-portraits': 'count' });
    const village = { level: 'village', kind: '村', name: '东河村' } as const;
    const items = display.standards[0]!.checklist!.map((c) => c.id);
    expect(validateAttestation(display, village, { 'thirteen-display-items': items, 'ten-hero-portraits': 8.5 })).toEqual([
      ['values.ten-hero-portraits', expect.stringContaining('whole number')],
    ]);
    expect(validateAttestation(display, village, { 'thirteen-display-items': items, 'ten-hero-portraits': 10 })).toEqual([]);

    const percent = CATALOG.flatMap((d) => d.standards.map((s) => ({ d, s }))).find(({ s }) => s.unit === '%')!;
    expect(standardKind(percent.s)).toBe('percent');
  });
});

describe('standing standards: the light', () => {
  it('shows none where no unit is bound, rather than green', () => {
    expect(complianceLight(emptyCompliance())).toBeNull();
    expect(complianceLight({ applicable: 2, compliant: 2, nonCompliant: 0, missing: 0 })).toBe('green');
    expect(complianceLight({ applicable: 2, compliant: 1, nonCompliant: 0, missing: 1 })).toBe('yellow');
  });
});
