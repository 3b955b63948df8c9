import { lightOf, taskLightInput, type Light, type LightThresholds } from './lights';
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
  light: Light;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

export function ratesOf(counts: RollupCounts, t: LightThresholds): Rates {
  return {
    completionRate: percent(counts.done, counts.total),
    onTimeRate: percent(counts.done - counts.doneLate, counts.done + counts.overdue),
    light: lightOf(counts, t),
  };
}

/** Ranks units by on-time rate, then completion rate (both descending; none last), then id for a stable order. */
export function rankUnits<T extends { unitId: string; rates: Rates }>(units: T[]): Array<T & { rank: number }> {
  const key = (v: number | null) => (v === null ? -1 : v);
  const sorted = [...units].sort(
    (a, b) =>
      key(b.rates.onTimeRate) - key(a.rates.onTimeRate) ||
      key(b.rates.completionRate) - key(a.rates.completionRate) ||
      a.unitId.localeCompare(b.unitId),
  );
  // Equal rates share a rank (1, 2, 2, 4), as a 通报 lists them.
  let rank = 0;
  return sorted.map((unit, i) => {
    const prev = sorted[i - 1];
    if (!prev || key(prev.rates.onTimeRate) !== key(unit.rates.onTimeRate) || key(prev.rates.completionRate) !== key(unit.rates.completionRate)) {
      rank = i + 1;
    }
    return { ...unit, rank };
  });
}
