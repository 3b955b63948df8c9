import { lightOf, lightOfScope, taskLightInput, type Light, type LightThresholds } from './lights';
import type { TaskStatus } from './task';

/**
 * Exact rollups: every task counts once at its own unit and once at every ancestor, so a unit's counts are its own
 * tasks plus the sum of its children's — nothing estimated, nothing double-counted.
 */
export interface RollupCounts {
  total: number;
  /** Completed, on time or late. */
  done: number;
  /** Completed after the deadline (a subset of done). */
  doneLate: number;
  /** Not completed, deadline ahead. */
  open: number;
  /** Not completed, deadline passed. */
  overdue: number;
  /** Open tasks whose own light is not green: due soon or behind 序时进度. */
  atRisk: number;
  /** Open tasks within the due-soon window (feeds the time light). */
  dueSoon: number;
  stepsDone: number;
  stepsTotal: number;
  stepsExpected: number;
}

export interface RollupTask {
  unitPath: string;
  status: TaskStatus;
  late: boolean;
  createdAt: number;
  dueAt: number;
  stepsDone: number;
  stepsTotal: number;
}

export function emptyCounts(): RollupCounts {
  return { total: 0, done: 0, doneLate: 0, open: 0, overdue: 0, atRisk: 0, dueSoon: 0, stepsDone: 0, stepsTotal: 0, stepsExpected: 0 };
}

/** One task's contribution. */
export function countTask(task: RollupTask, now: number, t: LightThresholds): RollupCounts {
  const light = taskLightInput(task, now, t);
  const counts = emptyCounts();
  counts.total = 1;
  if (task.status === 'done') {
    counts.done = 1;
    counts.doneLate = task.late ? 1 : 0;
  } else if (light.overdue) {
    counts.overdue = 1;
  } else {
    counts.open = 1;
    counts.dueSoon = light.dueSoon;
    counts.atRisk = lightOf(light, t) === 'green' ? 0 : 1;
  }
  counts.stepsDone = task.stepsDone;
  counts.stepsTotal = task.stepsTotal;
  counts.stepsExpected = light.stepsExpected;
  return counts;
}

/** Adds `times` copies of `from` (identical tasks counted at once). */
export function addInto(into: RollupCounts, from: RollupCounts, times = 1): void {
  for (const key of Object.keys(into) as Array<keyof RollupCounts>) into[key] += from[key] * times;
}

/** The unit ids on a materialised path, root first: '/a/b/c/' → ['a', 'b', 'c']. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Counts for every unit that has a task in or below it. */
export function rollup(tasks: Iterable<RollupTask>, now: number, t: LightThresholds): Map<string, RollupCounts> {
  const byUnit = new Map<string, RollupCounts>();
  for (const task of tasks) {
    const counts = countTask(task, now, t);
    for (const id of pathIds(task.unitPath)) {
      let node = byUnit.get(id);
      if (!node) byUnit.set(id, (node = emptyCounts()));
      addInto(node, counts);
    }
  }
  return byUnit;
}

export interface Rates {
  /** done / total, percent with one decimal; null when there is nothing to do. */
  completionRate: number | null;
  /** 按期率: completed on time / tasks whose outcome is decided (done, or past due); null when none is. */
  onTimeRate: number | null;
  /** Progress within the window: steps done / steps in scope (villages visited of a round's villages), percent. */
  progressRate: number | null;
  /** Null when there is nothing in scope: no light rather than a green one. */
  light: Light | null;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

export function ratesOf(counts: RollupCounts, t: LightThresholds): Rates {
  return {
    completionRate: percent(counts.done, counts.total),
    onTimeRate: percent(counts.done - counts.doneLate, counts.done + counts.overdue),
    progressRate: percent(counts.stepsDone, counts.stepsTotal),
    light: lightOfScope(counts, t),
  };
}

/**
 * 通报/排名, the one ranking order: units are compared key by key, each descending —
 *   1. 按期率 (on-time rate); a unit with nothing decided yet (no task done or past due) has nothing late and counts
 *      as on time, so it ranks above any unit with overdue or late work;
 *   2. completion rate (tasks done of tasks in scope);
 *   3. progress within the window (steps done of steps in scope: a town that visited 4 of 17 villages ranks above one
 *      that visited none).
 * Units equal on all three share a rank (1, 2, 2, 4), as a 通报 lists them, listed by unit id. A unit with nothing in
 * scope is not ranked (rank null) and comes last.
 */
export function rankUnits<T extends { unitId: string; rates: Rates }>(units: T[]): Array<T & { rank: number | null }> {
  const keys = (r: Rates) => [r.onTimeRate ?? 100, r.completionRate ?? 0, r.progressRate ?? 0];
  const compare = (a: Rates, b: Rates) => {
    const [ka, kb] = [keys(a), keys(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (kb[i] as number) - (ka[i] as number);
    return 0;
  };
  const inScope = (u: T) => u.rates.completionRate !== null;
  const ranked = units.filter(inScope).sort((a, b) => compare(a.rates, b.rates) || a.unitId.localeCompare(b.unitId));
  let rank = 0;
  return [
    ...ranked.map((unit, i) => {
      const prev = ranked[i - 1];
      if (!prev || compare(prev.rates, unit.rates) !== 0) rank = i + 1;
      return { ...unit, rank };
    }),
    ...units
      .filter((u) => !inScope(u))
      .sort((a, b) => a.unitId.localeCompare(b.unitId))
      .map((unit) => ({ ...unit, rank: null })),
  ];
}
