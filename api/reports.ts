import type { Directive } from '../domain/catalog';
import type { LightThresholds } from '../domain/lights';
import {
  tallyAcknowledgement,
  tallyAcknowledgementGroups,
  type AcknowledgementFacts,
  type AcknowledgementFigures,
  type AcknowledgementGroup,
} from '../domain/acknowledgement';
import { addInto, countTask, emptyCounts, pathIds, rankUnits, ratesOf, rollup, type RollupCounts } from '../domain/rollup';
import {
  addCompliance,
  complianceLight,
  complianceRate,
  emptyCompliance,
  evaluateAttestation,
  standardApplies,
  type ComplianceCounts,
} from '../domain/standards';
import type { OverdueFilter, ReadModel, StoredUnit, TaskRecord } from '../readmodel';
import { overdueView, type Directives } from './views';

/** Counts as the API shows them: the exact integers, the rates and the light; the float stepsExpected is dropped. */
export function countsView(counts: RollupCounts, t: LightThresholds) {
  const { stepsExpected: _expected, ...exact } = counts;
  return { ...exact, ...ratesOf(counts, t) };
}

/**
 * A unit's report: per directive in its subtree, and its child units ranked (通报/排名, in domain/rollup.ts
 * rankUnits' order). Both come from the maintained roll-up of the subtree's tasks (readmodel/rollup-tables.ts), their
 * statuses as at `now`.
 */
export async function unitSummary(
  readModel: ReadModel,
  unit: StoredUnit,
  filter: { directiveId?: string },
  now: number,
  t: LightThresholds,
) {
  // The three reads are independent: side by side on the pool, so the request waits for the slowest, not the sum.
  const [groups, children, acknowledgement] = await Promise.all([
    readModel.tasks.rollupGroups(unit.path, filter, now),
    readModel.org.children(unit.id),
    acknowledgementByChild(readModel, unit, filter, now),
  ]);
  const byDirective = new Map<string, RollupCounts>();
  const byChild = new Map<string, RollupCounts>();
  const totals = emptyCounts();
  for (const group of groups) {
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
  const noFigures = tallyAcknowledgement([], now);
  const ranking = rankUnits(
    children.map((child) => {
      const counts = byChild.get(child.id) ?? emptyCounts();
      return { unitId: child.id, name: child.name, level: child.level, counts, rates: ratesOf(counts, t) };
    }),
  ).map(({ counts, rates: _rates, ...rest }) => ({
    ...rest,
    ...countsView(counts, t),
    acknowledgement: acknowledgement.byUnit.get(rest.unitId) ?? noFigures,
  }));
  const names = await readModel.directives.namedMany([...byDirective.keys()]);
  const directives = [...byDirective.entries()].map(([directiveId, counts]) => {
    const named = names.get(directiveId);
    return {
      directiveId,
      code: named?.code,
      title: named?.title.zh,
      ...countsView(counts, t),
      acknowledgement: acknowledgement.byDirective.get(directiveId) ?? noFigures,
    };
  });
  return {
    totals: countsView(totals, t),
    /** 签收率 and the rest (acknowledgementFigures), beside the status counts. */
    acknowledgement: acknowledgement.totals,
    directives: directives.sort((a, b) => (a.code ?? a.directiveId).localeCompare(b.code ?? b.directiveId)),
    ranking,
  };
}

/**
 * acknowledgementFigures as a unit summary needs them — totals, per directive and per child unit — from the
 * read model's groups (one row per directive, child and shared inputs) rather than a row per task.
 */
async function acknowledgementByChild(
  readModel: ReadModel,
  unit: StoredUnit,
  filter: { directiveId?: string | undefined },
  now: number,
): Promise<{ totals: AcknowledgementFigures; byDirective: Map<string, AcknowledgementFigures>; byUnit: Map<string, AcknowledgementFigures> }> {
  const all: AcknowledgementGroup[] = [];
  const byDirective = new Map<string, AcknowledgementGroup[]>();
  const byUnit = new Map<string, AcknowledgementGroup[]>();
  const push = (map: Map<string, AcknowledgementGroup[]>, key: string, group: AcknowledgementGroup) => {
    const list = map.get(key);
    if (list) list.push(group);
    else map.set(key, [group]);
  };
  for (const group of await readModel.acknowledgements.groupsInSubtree(unit.path, filter)) {
    all.push(group);
    push(byDirective, group.directiveId, group);
    if (group.childId !== '') push(byUnit, group.childId, group);
  }
  const tally = (map: Map<string, AcknowledgementGroup[]>) => new Map([...map].map(([k, groups]) => [k, tallyAcknowledgementGroups(groups, now)]));
  return { totals: tallyAcknowledgementGroups(all, now), byDirective: tally(byDirective), byUnit: tally(byUnit) };
}

/**
 * 签收 figures (domain/acknowledgement.ts tallyAcknowledgement) of a unit's subtree at `now`: its totals, per directive
 * and per child unit; optionally of one directive or one assignment. The one function every report of 签收 reads —
 * the unit summary, the assignment roll-up and the bulletin (通报).
 */
export async function acknowledgementFigures(
  readModel: ReadModel,
  unit: StoredUnit,
  filter: { directiveId?: string | undefined; assignmentId?: string | undefined },
  now: number,
): Promise<{ totals: AcknowledgementFigures; byDirective: Map<string, AcknowledgementFigures>; byUnit: Map<string, AcknowledgementFigures> }> {
  const all: AcknowledgementFacts[] = [];
  const byDirective = new Map<string, AcknowledgementFacts[]>();
  // Every unit below the scope with a task in or under it, as the roll-up tree has them.
  const byUnit = new Map<string, AcknowledgementFacts[]>();
  const depth = pathIds(unit.path).length;
  const push = <K>(map: Map<K, AcknowledgementFacts[]>, key: K, facts: AcknowledgementFacts) => {
    const list = map.get(key);
    if (list) list.push(facts);
    else map.set(key, [facts]);
  };
  for (const row of await readModel.acknowledgements.rowsInSubtree(unit.path, filter)) {
    all.push(row);
    push(byDirective, row.directiveId, row);
    for (const id of pathIds(row.unitPath).slice(depth)) push(byUnit, id, row);
  }
  const tally = <K>(map: Map<K, AcknowledgementFacts[]>) => new Map([...map].map(([k, rows]) => [k, tallyAcknowledgement(rows, now)]));
  return { totals: tallyAcknowledgement(all, now), byDirective: tally(byDirective), byUnit: tally(byUnit) };
}

export interface RollupNode {
  unitId: string;
  name: string;
  level: string;
  counts: ReturnType<typeof countsView>;
  acknowledgement: AcknowledgementFigures;
  children?: RollupNode[];
}

/** An assignment's progress as a tree from `root` down `depth` levels; every node's counts sum its children's. */
export async function assignmentRollup(
  readModel: ReadModel,
  assignmentId: string,
  root: StoredUnit,
  depth: number,
  now: number,
  t: LightThresholds,
): Promise<RollupNode> {
  const counts = rollup(await readModel.tasks.rollupRows(root.path, { assignmentId }, now), now, t);
  const acknowledgement = await acknowledgementFigures(readModel, root, { assignmentId }, now);
  const node = async (unit: StoredUnit, remaining: number): Promise<RollupNode> => ({
    unitId: unit.id,
    name: unit.name,
    level: unit.level,
    counts: countsView(counts.get(unit.id) ?? emptyCounts(), t),
    acknowledgement: unit.id === root.id ? acknowledgement.totals : (acknowledgement.byUnit.get(unit.id) ?? tallyAcknowledgement([], now)),
    ...(remaining > 0
      ? {
          children: await Promise.all(
            (await readModel.org.children(unit.id)).filter((c) => counts.has(c.id)).map((c) => node(c, remaining - 1)),
          ),
        }
      : {}),
  });
  return node(root, depth);
}

/**
 * Overdue tasks in a subtree as `GET /api/overdue` lists them (longest overdue first, with daysOverdue at `now`),
 * one page of them and the total.
 */
export async function overdueTasks(readModel: ReadModel, scope: StoredUnit, filter: OverdueFilter) {
  const { total, tasks } = await readModel.tasks.overdueInSubtree(scope.path, filter);
  // The page's directives in one lookup, not one per row.
  const found = await readModel.directives.forTasks(tasks);
  const directives: Directives = { forTask: async (t) => found.get((t as TaskRecord).id) };
  return { total, rows: await Promise.all(tasks.map((t) => overdueView(t, filter.now, directives))) };
}

const complianceView = (counts: ComplianceCounts) => ({
  ...counts,
  complianceRate: complianceRate(counts),
  light: complianceLight(counts),
});

/**
 * Each standard of a directive over a subtree: every bound unit is compliant, non-compliant or missing by its latest
 * attestation, counted at the subtree's root and at each of its children.
 */
export async function standardsRollup(readModel: ReadModel, root: StoredUnit, directive: Directive) {
  const latest = await readModel.attestations.latestInSubtree(root.path, directive.id);
  const depth = pathIds(root.path).length;
  const children = await readModel.org.children(root.id);
  return Promise.all(directive.standards.map(async (standard) => {
    const total = emptyCompliance();
    const byChild = new Map(children.map((c) => [c.id, emptyCompliance()]));
    const bound = (await readModel.org.unitsAtLevel(root.id, standard.appliesTo.level)).filter((u) => standardApplies(standard, u));
    for (const unit of bound) {
      const attestation = latest.get(unit.id);
      const result = attestation && evaluateAttestation(directive, unit, attestation.values).find((r) => r.standardId === standard.id);
      const counts: ComplianceCounts = {
        applicable: 1,
        compliant: result?.compliant ? 1 : 0,
        nonCompliant: result && !result.compliant ? 1 : 0,
        missing: result ? 0 : 1,
      };
      addCompliance(total, counts);
      const child = byChild.get(pathIds(unit.path)[depth] ?? '');
      if (child) addCompliance(child, counts);
    }
    return {
      standardId: standard.id,
      title: standard.title,
      appliesTo: standard.appliesTo,
      min: standard.min,
      max: standard.max,
      unit: standard.unit,
      ...complianceView(total),
      children: children.map((c) => ({ unitId: c.id, name: c.name, ...complianceView(byChild.get(c.id) ?? emptyCompliance()) })),
    };
  }));
}

/**
 * Standing-standard compliance over a unit's subtree (`GET /api/units/:unitId/standards`): each directive with
 * standards (or the one asked for), each standard counted over the units it binds, by their standing attestations.
 */
export async function standardsReport(readModel: ReadModel, unit: StoredUnit, directive?: Directive) {
  const directives = directive ? [directive] : (await readModel.directives.published({ kind: 'standing' })).filter((d) => d.standards.length > 0);
  return Promise.all(
    directives.map(async (d) => ({ directiveId: d.id, code: d.code, title: d.title.zh, standards: await standardsRollup(readModel, unit, d) })),
  );
}
