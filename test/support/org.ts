import type { OrgUnit } from '../../domain/org';

/** A small tree: a city, two counties, one town with two villages. */
export const SMALL_ORG: OrgUnit[] = [
  { id: 'c1', parentId: null, name: '测试市', level: 'city' },
  { id: 'k1', parentId: 'c1', name: '甲县', level: 'county' },
  { id: 'k2', parentId: 'c1', name: '乙区', level: 'county' },
  { id: 't1', parentId: 'k1', name: '甲县东镇', level: 'town', kind: '乡镇' },
  { id: 'v1', parentId: 't1', name: '东河村委会', level: 'village', kind: '村' },
  { id: 'v2', parentId: 't1', name: '东山社区居民委员会', level: 'village', kind: '社区' },
];
