import type { OrgUnit } from './org';
import { mulberry32, NAME_FIRST, NAME_SECOND } from './demo-names';

/**
 * The demo org: the real 延安市 and its 13 real county-level divisions (统计用区划代码), with generated towns/streets
 * and villages/communities below them — 117 and 1,959 of them, the real counts, but not the real names. Every
 * generated unit is flagged demo. The generator is seeded, so every start produces the same tree.
 */
const CITY: OrgUnit = { id: '610600', parentId: null, name: '延安市', level: 'city' };

const COUNTIES: ReadonlyArray<[string, string]> = [
  ['610602', '宝塔区'],
  ['610603', '安塞区'],
  ['610621', '延长县'],
  ['610622', '延川县'],
  ['610625', '志丹县'],
  ['610626', '吴起县'],
  ['610627', '甘泉县'],
  ['610628', '富县'],
  ['610629', '洛川县'],
  ['610630', '宜川县'],
  ['610631', '黄龙县'],
  ['610632', '黄陵县'],
  ['610681', '子长市'],
];

const TOWNS_PER_COUNTY = 9;
const VILLAGES = 1959;

function uniqueName(random: () => number, taken: Set<string>, suffix: string): string {
  for (;;) {
    const pick = (chars: string) => chars[Math.floor(random() * chars.length)] as string;
    const name = `${pick(NAME_FIRST)}${pick(NAME_SECOND)}${suffix}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function code(parent: string, index: number): string {
  return `${parent}${String(index + 1).padStart(3, '0')}`;
}

export function generateDemoOrg(seed = 610600): OrgUnit[] {
  const random = mulberry32(seed);
  const units: OrgUnit[] = [{ ...CITY }];
  const townCount = COUNTIES.length * TOWNS_PER_COUNTY;
  const villagesPerTown = Math.floor(VILLAGES / townCount);
  let extraVillages = VILLAGES - villagesPerTown * townCount;

  for (const [countyId, countyName] of COUNTIES) {
    units.push({ id: countyId, parentId: CITY.id, name: countyName, level: 'county' });
    const townNames = new Set<string>();
    for (let t = 0; t < TOWNS_PER_COUNTY; t++) {
      // The county seat has streets (街道) with communities; the rest are towns (镇) with villages, as in most
      // counties of the region.
      const isStreet = t < 2;
      const townId = code(countyId, t);
      const townName = uniqueName(random, townNames, isStreet ? '街道' : '镇');
      units.push({
        id: townId,
        parentId: countyId,
        name: `${countyName}${townName}`,
        level: 'town',
        kind: isStreet ? '街道' : '乡镇',
        demo: true,
      });
      const villageNames = new Set<string>();
      const villages = villagesPerTown + (extraVillages > 0 ? 1 : 0);
      if (extraVillages > 0) extraVillages -= 1;
      for (let v = 0; v < villages; v++) {
        const isCommunity = isStreet || v === 0;
        units.push({
          id: code(townId, v),
          parentId: townId,
          name: uniqueName(random, villageNames, isCommunity ? '社区居民委员会' : '村委会'),
          level: 'village',
          kind: isCommunity ? '社区' : '村',
          demo: true,
        });
      }
    }
  }
  return units;
}
