import type { OrgUnit } from '../../domain/org';

/** For 分解: a city, two counties, three towns under the first and one under the second, villages under two towns. */
export const SPLIT_ORG: OrgUnit[] = [
  { id: 'c1', parentId: null, name: '分解市', level: 'city' },
  { id: 'k1', parentId: 'c1', name: '甲县', level: 'county' },
  { id: 'k2', parentId: 'c1', name: '乙区', level: 'county' },
  { id: 't1', parentId: 'k1', name: '东镇', level: 'town', kind: '乡镇' },
  { id: 't2', parentId: 'k1', name: '西镇', level: 'town', kind: '乡镇' },
  { id: 't3', parentId: 'k1', name: '南街道', level: 'town', kind: '街道' },
  { id: 't4', parentId: 'k2', name: '北镇', level: 'town', kind: '乡镇' },
  { id: 'v1', parentId: 't1', name: '东一村', level: 'village', kind: '村' },
  { id: 'v2', parentId: 't1', name: '东二村', level: 'village', kind: '村' },
  { id: 'v3', parentId: 't1', name: '东三社区', level: 'village', kind: '社区' },
  { id: 'v4', parentId: 't2', name: '西一村', level: 'village', kind: '村' },
];
