/**
 * The tiers of the org tree, top down: (省 →) 市 → 县区 → 乡镇/街道 → 村/社区. A tree's root may be a province or a
 * city; below the root every unit sits exactly one tier below its parent.
 */
export const ORG_LEVELS = ['province', 'city', 'county', 'town', 'village'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** What a town or village is officially: a 乡镇 or a 街道; a 村 or a 社区. Counties and cities carry none. */
export type UnitKind = '乡镇' | '街道' | '村' | '社区';

export interface OrgUnit {
  id: string;
  parentId: string | null;
  name: string;
  level: OrgLevel;
  kind?: UnitKind;
  /** Hosts a veterans service center (县区) or station (乡镇/村): 两中心两站. */
  hasStation?: boolean;
  /** Generated demo data, not a real division. */
  demo?: boolean;
}

/** The level's name as people in the product write it, and as org files spell it. */
export const LEVEL_NAMES: Record<OrgLevel, string> = {
  province: '省',
  city: '市',
  county: '县区',
  town: '乡镇街道',
  village: '村社区',
};

export function levelIndex(level: OrgLevel): number {
  return ORG_LEVELS.indexOf(level);
}

/**
 * The materialised path of a unit: ancestor ids from the root, each followed by '/'. A subtree is then every unit
 * whose path starts with the root's path, which a SQL index can answer without recursion.
 */
export function unitPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

/**
 * The half-open range of paths in a subtree, for an index range scan: every path that starts with `path` sorts
 * between `path` itself and `path` with its final '/' replaced by '0', the next character up.
 */
export function subtreeRange(path: string): [from: string, to: string] {
  return [path, `${path.slice(0, -1)}0`];
}
