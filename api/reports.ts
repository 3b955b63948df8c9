import type { LightThresholds } from '../domain/lights';
import { addInto, countTask, emptyCounts, rankUnits, ratesOf, rollup, type RollupCounts } from '../domain/rollup';
import type { ReadModel, StoredUnit } from '../readmodel';

/** Counts as the API shows them: the exact integers, the rates and the light; the float stepsExpected is dropped. */
export function countsView(counts: RollupCounts, t: LightThresholds) {
  const { stepsExpected: _expected, ...exact } = counts;
  return { ...exact, ...ratesOf(counts, t) };
}

/**
 * A unit's report: per directive in its subtree, and its child units ranked (通报/排名, in domain/rollup.ts
 * rankUnits' order). Both come from one read of the subtree's tasks, their statuses as at `now`.
 */
export function unitSummary(
  readModel: ReadModel,
  unit: StoredUnit,
  filter: { directiveId?: string },
  now: number,
  t: LightThresholds,
) {
  const byDirective = new Map<string, RollupCounts>();
  const byChild = new Map<string, RollupCounts>();
  const totals = emptyCounts();
  for (const group of readModel.tasks.rollupGroups(unit.path, filter, now)) {
    const counts = countTask(group, now, t);
    addInto(totals, counts, group.count);
    let d = byDirective.get(group.directiveId);
    if (!d) byDirective.set(group.directiveId, (d = emptyCounts()));
    addInto(d, counts, group.count);
    if (group.childId !== '') {
      let c = byChild.get(group.childId);
      if (!c) byChild.set(group.childId, (c = emptyCounts()));
      addInto(c, counts, group.count);
    }
  }
  const children = readModel.org.children(unit.id);
  const ranking = rankUnits(
    children.map((child) => {
      const counts = byChild.get(child.id) ?? emptyCounts();
      return { unitId: child.id, name: child.name, level: child.level, counts, rates: ratesOf(counts, t) };
    }),
  ).map(({ counts, rates: _rates, ...rest }) => ({ ...rest, ...countsView(counts, t) }));
  return {
    totals: countsView(totals, t),
    directives: [...byDirective.entries()]
      .map(([directiveId, counts]) => ({
        directiveId,
        code: readModel.directives.named(directiveId)?.code,
        title: readModel.directives.named(directiveId)?.title.zh,
        ...countsView(counts, t),
      }))
      .sort((a, b) => (a.code ?? a.directiveId).localeCompare(b.code ?? b.directiveId)),
    ranking,
  };
}

export interface RollupNode {
  unitId: string;
  name: string;
  level: string;
  counts: ReturnType<typeof countsView>;
  children?: RollupNode[];
}

/** An assignment's progress as a tree from `root` down `depth` levels; every node's counts sum its children's. */
export function assignmentRollup(
  readModel: ReadModel,
  assignmentId: string,
  root: StoredUnit,
  depth: number,
  now: number,
  t: LightThresholds,
): RollupNode {
  const counts = rollup(readModel.tasks.rollupRows(root.path, { assignmentId }, now), now, t);
  const node = (unit: StoredUnit, remaining: number): RollupNode => ({
    unitId: unit.id,
    name: unit.name,
    level: unit.level,
    counts: countsView(counts.get(unit.id) ?? emptyCounts(), t),
    ...(remaining > 0
      ? { children: readModel.org.children(unit.id).filter((c) => counts.has(c.id)).map((c) => node(c, remaining - 1)) }
      : {}),
  });
  return node(root, depth);
}
