import type { OrgUnit } from './org';
import { mulberry32, NAME_FIRST, NAME_SECOND } from './demo-names';

/**
 * A province-sized demo org, for load and scale work: 示范省 (990000, not a real code) with about 10 cities, 100
 * counties/districts, 1,300 towns/streets and 16,000 villages/communities — a real province's proportions (about 12
 * villages a town, 13 towns a county, 10 counties a city). Ids follow 统计用区划代码: 6 digits for province, city
 * (990100) and county (990102), then 3 more for a town and 3 more for a village. Every unit is flagged demo; every
 * county and about 95% of towns and villages host a service station. Seeded, so the same options give the same tree.
 */
export interface ProvinceDemoOptions {
  /** Exactly this many villages/communities; towns, counties and cities scale with it. Default 16,000. */
  villages?: number;
  seed?: number;
}

export const PROVINCE_DEMO_ID = '990000';
export const PROVINCE_DEMO_VILLAGES = 16_000;

const VILLAGES_PER_TOWN = 12;
const TOWNS_PER_COUNTY = 13;
const COUNTIES_PER_CITY = 10;
const STATION_SHARE = 0.95;

// What the code space allows below one parent: cities 01–99, counties 02–99, towns and villages 001–999.
const MAX_CITIES = 99;
const MAX_COUNTIES_PER_CITY = 98;
const MAX_CHILDREN = 999;

const THIRD = '阳安宁平丰兴和盛源泰';

/** A name not yet taken: two characters while they last, then three, then a number — it always ends. */
function uniqueName(random: () => number, taken: Set<string>, suffix: string): string {
  const pick = (chars: string) => chars[Math.floor(random() * chars.length)] as string;
  for (let attempt = 0; ; attempt++) {
    const stem = `${pick(NAME_FIRST)}${pick(NAME_SECOND)}`;
    const name = `${stem}${attempt < 20 ? '' : attempt < 60 ? pick(THIRD) : attempt}${suffix}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Splits `total` over `parts` (each 1..cap, uneven like real divisions); needs parts <= total <= parts * cap. */
function spread(total: number, parts: number, cap: number, random: () => number): number[] {
  const weights = Array.from({ length: parts }, () => 0.6 + 0.8 * random());
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.min(cap, Math.max(1, Math.floor((total * w) / sum))));
  let diff = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % parts) {
    const step = diff > 0 ? 1 : -1;
    const next = (counts[i] as number) + step;
    if (next >= 1 && next <= cap) {
      counts[i] = next;
      diff -= step;
    }
  }
  return counts;
}

/** How many of each level: about the real ratios, at least one each, within the code space. */
export function provinceDemoCounts(villages: number): {
  cities: number;
  counties: number;
  towns: number;
  villages: number;
} {
  if (!Number.isInteger(villages) || villages < 1) {
    throw new RangeError(`villages must be a whole number of at least 1, not ${villages}`);
  }
  const within = (ideal: number, below: number, cap: number) =>
    Math.min(below, Math.max(1, Math.ceil(below / cap), Math.round(ideal)));
  const towns = within(villages / VILLAGES_PER_TOWN, villages, MAX_CHILDREN);
  const counties = within(towns / TOWNS_PER_COUNTY, towns, MAX_CHILDREN);
  const cities = within(counties / COUNTIES_PER_CITY, counties, MAX_COUNTIES_PER_CITY);
  if (cities > MAX_CITIES) throw new RangeError(`${villages} villages do not fit the province's code space`);
  return { cities, counties, towns, villages };
}

/** County codes within a city as 统计用区划代码 has them: 区 from 02, 县 from 21, 县级市 from 81. */
function countySlots(n: number): Array<{ code: number; suffix: '区' | '县' | '市' }> {
  let districts = Math.min(19, Math.max(1, Math.round(n * 0.3)));
  let cityLevel = Math.min(19, n >= 6 ? 1 : 0);
  let counties = n - districts - cityLevel;
  if (counties > 60) {
    let overflow = counties - 60;
    counties = 60;
    const moreDistricts = Math.min(overflow, 19 - districts);
    districts += moreDistricts;
    overflow -= moreDistricts;
    cityLevel += overflow;
  }
  return [
    ...Array.from({ length: districts }, (_, i) => ({ code: 2 + i, suffix: '区' as const })),
    ...Array.from({ length: counties }, (_, i) => ({ code: 21 + i, suffix: '县' as const })),
    ...Array.from({ length: cityLevel }, (_, i) => ({ code: 81 + i, suffix: '市' as const })),
  ];
}

export function generateProvinceDemo(options: ProvinceDemoOptions = {}): OrgUnit[] {
  const counts = provinceDemoCounts(options.villages ?? PROVINCE_DEMO_VILLAGES);
  const random = mulberry32(options.seed ?? 990000);
  const station = () => random() < STATION_SHARE;

  const units: OrgUnit[] = [{ id: PROVINCE_DEMO_ID, parentId: null, name: '示范省', level: 'province', demo: true }];
  const countiesPerCity = spread(counts.counties, counts.cities, MAX_COUNTIES_PER_CITY, random);
  const townsPerCounty = spread(counts.towns, counts.counties, MAX_CHILDREN, random);
  const villagesPerTown = spread(counts.villages, counts.towns, MAX_CHILDREN, random);
  let countyIndex = 0;
  let townIndex = 0;

  const cityNames = new Set<string>();
  const countyNames = new Set<string>();
  countiesPerCity.forEach((countyCount, c) => {
    const cityId = `99${pad(c + 1, 2)}00`;
    const cityName = uniqueName(random, cityNames, '市');
    units.push({ id: cityId, parentId: PROVINCE_DEMO_ID, name: cityName, level: 'city', demo: true });

    for (const slot of countySlots(countyCount)) {
      const countyId = `${cityId.slice(0, 4)}${pad(slot.code, 2)}`;
      const countyName = uniqueName(random, countyNames, slot.suffix);
      units.push({ id: countyId, parentId: cityId, name: countyName, level: 'county', hasStation: true, demo: true });
      const towns = townsPerCounty[countyIndex++] as number;
      // Districts are mostly streets; a county has one for its seat.
      const streets = slot.suffix === '区' ? Math.max(1, Math.round(towns * 0.4)) : towns >= 4 ? 1 : 0;

      const townNames = new Set<string>();
      for (let t = 0; t < towns; t++) {
        const isStreet = t < streets;
        const townId = `${countyId}${pad(t + 1, 3)}`;
        const suffix = isStreet ? '街道' : random() < 0.3 ? '乡' : '镇';
        units.push({
          id: townId,
          parentId: countyId,
          name: `${countyName}${uniqueName(random, townNames, suffix)}`,
          level: 'town',
          kind: isStreet ? '街道' : '乡镇',
          ...(station() ? { hasStation: true } : {}),
          demo: true,
        });

        const villageNames = new Set<string>();
        const villages = villagesPerTown[townIndex++] as number;
        for (let v = 0; v < villages; v++) {
          // A street's units are communities; a town's seat is one, the rest are villages.
          const isCommunity = isStreet || v === 0;
          units.push({
            id: `${townId}${pad(v + 1, 3)}`,
            parentId: townId,
            name: uniqueName(random, villageNames, isCommunity ? '社区居民委员会' : '村委会'),
            level: 'village',
            kind: isCommunity ? '社区' : '村',
            ...(station() ? { hasStation: true } : {}),
            demo: true,
          });
        }
      }
    }
  });
  return units;
}
