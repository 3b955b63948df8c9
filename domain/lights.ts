/**
 * 红黄绿灯: how a task, or a unit's tasks together, stand against their deadlines. Two measures, the worse wins:
 * - time left: red once overdue, yellow within `dueSoonMs` of the deadline;
 * - 序时进度 lag: the share of steps done against the share of the window elapsed; `lagYellow`–`lagRed` points
 *   behind is yellow, more is red.
 * Every light in the product — workflow, API, dashboard — comes from these functions and one set of thresholds.
 */
export type Light = 'green' | 'yellow' | 'red';

export interface LightThresholds {
  dueSoonMs: number;
  /** Percentage points behind the elapsed share at which a unit turns yellow… */
  lagYellow: number;
  /** …and beyond which it is red. */
  lagRed: number;
}

export const DEFAULT_LIGHT_THRESHOLDS: LightThresholds = {
  dueSoonMs: 3 * 24 * 60 * 60 * 1000,
  lagYellow: 10,
  lagRed: 30,
};

const RANK: Record<Light, number> = { green: 0, yellow: 1, red: 2 };

export function worst(...lights: Light[]): Light {
  return lights.reduce<Light>((a, b) => (RANK[b] > RANK[a] ? b : a), 'green');
}

/** The elapsed share of a task's window [createdAt, dueAt] at `now`, in percent, clamped to 0–100. */
export function expectedPercent(createdAt: number, dueAt: number, now: number): number {
  if (dueAt <= createdAt) return now >= dueAt ? 100 : 0;
  return Math.min(100, Math.max(0, ((now - createdAt) / (dueAt - createdAt)) * 100));
}

export function lagLight(actualPercent: number, expected: number, t: LightThresholds): Light {
  const lag = expected - actualPercent;
  if (lag > t.lagRed) return 'red';
  if (lag >= t.lagYellow) return 'yellow';
  return 'green';
}

export interface LightInput {
  /** Tasks not done whose deadline has passed. */
  overdue: number;
  /** Tasks not done, deadline ahead but within dueSoonMs. */
  dueSoon: number;
  stepsDone: number;
  stepsTotal: number;
  /** Σ over tasks of (elapsed share × steps): what stepsDone should be by now. */
  stepsExpected: number;
}

export function timeLight(input: Pick<LightInput, 'overdue' | 'dueSoon'>): Light {
  if (input.overdue > 0) return 'red';
  if (input.dueSoon > 0) return 'yellow';
  return 'green';
}

/** The light of one task or of many together, from their counts. */
export function lightOf(input: LightInput, t: LightThresholds): Light {
  if (input.stepsTotal === 0) return timeLight(input);
  const actual = (input.stepsDone / input.stepsTotal) * 100;
  const expected = (input.stepsExpected / input.stepsTotal) * 100;
  return worst(timeLight(input), lagLight(actual, expected, t));
}

/**
 * The light of a set of tasks that may be empty: a unit with nothing in scope has no light (null), not a green one —
 * green would say its work is on track when it has none.
 */
export function lightOfScope(input: LightInput & { total: number }, t: LightThresholds): Light | null {
  return input.total === 0 ? null : lightOf(input, t);
}

/**
 * The counts of one task, for lightOf and for rollups. Its status is the one read at `now` (domain/task.ts
 * taskStatusAt, as the read model applies it): overdue is taken from it, not judged again here.
 */
export function taskLightInput(
  task: { status: 'open' | 'overdue' | 'done'; dueAt: number; createdAt: number; stepsDone: number; stepsTotal: number },
  now: number,
  t: LightThresholds,
): LightInput {
  const pending = task.status !== 'done';
  const pastDue = task.status === 'overdue';
  return {
    overdue: pastDue ? 1 : 0,
    dueSoon: pending && !pastDue && task.dueAt - now <= t.dueSoonMs ? 1 : 0,
    stepsDone: task.stepsDone,
    stepsTotal: task.stepsTotal,
    // A finished task is exactly where it should be; otherwise it should be as far as the elapsed share.
    stepsExpected: pending ? (expectedPercent(task.createdAt, task.dueAt, now) / 100) * task.stepsTotal : task.stepsDone,
  };
}
