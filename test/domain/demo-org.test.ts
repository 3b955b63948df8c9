import { describe, expect, it } from 'vitest';
import { generateDemoOrg } from '../../domain/demo-org';

describe('demo org', () => {
  const units = generateDemoOrg();
  const byLevel = (level: string) => units.filter((u) => u.level === level);

  it('is 延安市 with its 13 real county-level divisions and the real counts below them', () => {
    expect(byLevel('city')).toEqual([expect.objectContaining({ id: '610600', name: '延安市' })]);
    expect(byLevel('county')).toHaveLength(13);
    expect(byLevel('county').map((c) => c.name)).toContain('宝塔区');
    expect(byLevel('town')).toHaveLength(117);
    expect(byLevel('village')).toHaveLength(1959);
  });

  it('flags every generated unit as demo data and names its type the official way', () => {
    for (const unit of [...byLevel('town'), ...byLevel('village')]) {
      expect(unit.demo).toBe(true);
      const suffix = { 乡镇: '镇', 街道: '街道', 村: '村委会', 社区: '社区居民委员会' }[unit.kind as string];
      expect(unit.name.endsWith(suffix as string)).toBe(true);
    }
  });

  it('is a tree: unique ids, every parent known and one level up, and the same on every run', () => {
    const ids = new Map(units.map((u) => [u.id, u]));
    expect(ids.size).toBe(units.length);
    const order = ['city', 'county', 'town', 'village'];
    for (const unit of units.filter((u) => u.parentId !== null)) {
      const parent = ids.get(unit.parentId as string);
      expect(order.indexOf(parent?.level as string)).toBe(order.indexOf(unit.level) - 1);
    }
    expect(generateDemoOrg()).toEqual(units);
  });
});
