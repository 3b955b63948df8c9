import { describe, expect, it } from 'vitest';
import { ORG_LEVELS, type OrgUnit } from '../../domain/org';
import { formatOrgCsv, formatOrgJson, parseOrgFile } from '../../domain/org-import';
import { generateProvinceDemo, provinceDemoCounts } from '../../domain/province-demo';
import { tempReadModel } from '../support/temporal';

const count = (units: OrgUnit[], level: string) => units.filter((u) => u.level === level).length;

describe('province demo org', () => {
  const units = generateProvinceDemo();

  it('is a province of about 10 cities, 100 counties, 1,300 towns and exactly 16,000 villages', () => {
    expect(units[0]).toEqual({ id: '990000', parentId: null, name: '示范省', level: 'province', demo: true });
    expect(count(units, 'province')).toBe(1);
    expect(count(units, 'city')).toBe(10);
    expect(count(units, 'county')).toBeGreaterThanOrEqual(90);
    expect(count(units, 'county')).toBeLessThanOrEqual(110);
    expect(count(units, 'town')).toBeGreaterThanOrEqual(1250);
    expect(count(units, 'town')).toBeLessThanOrEqual(1400);
    expect(count(units, 'village')).toBe(16_000);
  });

  it.each([1, 7, 100, 2_000, 16_000, 40_001])('has exactly %i villages when asked, and at least one of every level', (villages) => {
    const tree = generateProvinceDemo({ villages });
    expect(count(tree, 'village')).toBe(villages);
    const expected = provinceDemoCounts(villages);
    expect(count(tree, 'town')).toBe(expected.towns);
    expect(count(tree, 'county')).toBe(expected.counties);
    expect(count(tree, 'city')).toBe(expected.cities);
    for (const level of ORG_LEVELS) expect(count(tree, level)).toBeGreaterThanOrEqual(1);
  });

  it('refuses a village count that is not a positive whole number', () => {
    expect(() => generateProvinceDemo({ villages: 0 })).toThrow(RangeError);
    expect(() => generateProvinceDemo({ villages: 2.5 })).toThrow(RangeError);
  });

  it('is a tree: unique ids in 区划代码 style, every child one level below its parent, listed after it', () => {
    const byId = new Map<string, OrgUnit>();
    const digits = { province: 6, city: 6, county: 6, town: 9, village: 12 };
    for (const unit of units) {
      expect(byId.has(unit.id)).toBe(false);
      expect(unit.id).toMatch(new RegExp(`^99\\d{${digits[unit.level] - 2}}$`));
      if (unit.parentId !== null) {
        const parent = byId.get(unit.parentId);
        expect(parent, unit.id).toBeDefined();
        expect(ORG_LEVELS.indexOf(unit.level)).toBe(ORG_LEVELS.indexOf((parent as OrgUnit).level) + 1);
        if (unit.level === 'city') expect(unit.id).toMatch(/^99\d\d00$/);
        else if (unit.level === 'county') expect(unit.id.slice(0, 4)).toBe(unit.parentId.slice(0, 4));
        else if (unit.level !== 'province') expect(unit.id.slice(0, -3)).toBe(unit.parentId);
      }
      byId.set(unit.id, unit);
    }
  });

  it('flags every unit demo, types towns and villages, and gives stations to counties and about 95% below', () => {
    expect(units.every((u) => u.demo)).toBe(true);
    const towns = units.filter((u) => u.level === 'town');
    const villages = units.filter((u) => u.level === 'village');
    expect(towns.every((u) => u.kind === '乡镇' || u.kind === '街道')).toBe(true);
    expect(towns.filter((u) => u.kind === '乡镇').length).toBeGreaterThan(towns.length / 2);
    expect(villages.every((u) => u.kind === '村' || u.kind === '社区')).toBe(true);
    expect(units.filter((u) => u.level === 'county').every((u) => u.hasStation)).toBe(true);
    const share = [...towns, ...villages].filter((u) => u.hasStation).length / (towns.length + villages.length);
    expect(share).toBeGreaterThan(0.93);
    expect(share).toBeLessThan(0.97);
  });

  it('is the same for the same options', () => {
    expect(generateProvinceDemo({ villages: 16_000 })).toEqual(units);
    expect(generateProvinceDemo({ villages: 500 })).toEqual(generateProvinceDemo({ villages: 500 }));
  });

  it('round-trips through the CSV and JSON org file formats, and imports into the read model', async () => {
    for (const [text, format] of [
      [formatOrgCsv(units), 'csv'],
      [formatOrgJson(units), 'json'],
    ] as const) {
      const parsed = parseOrgFile(text, format);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 5)));
      expect(parsed.units).toEqual(units);
      expect(parsed.lines.get('990000')).toBe(2);
      expect(parsed.lines.get(units[units.length - 1]?.id as string)).toBe(units.length + 1);
    }
    const small = generateProvinceDemo({ villages: 300 });
    const readModel = await tempReadModel();
    const counts = await readModel.org.applyImport(small);
    expect(counts.village).toEqual({ added: 300, updated: 0, unchanged: 0 });
    expect(await readModel.org.unitsAtLevel('990000', 'village')).toHaveLength(300);
    expect(await readModel.org.get(small[2]?.id as string)).toMatchObject({ level: 'county', hasStation: true, demo: true });
  });
});
