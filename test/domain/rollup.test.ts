import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIGHT_THRESHOLDS as T, expectedPercent, lagLight, lightOf, taskLightInput } from '../../domain/lights';
import { addInto, countTask, emptyCounts, pathIds, rankUnits, ratesOf, rollup, type RollupTask } from '../../domain/rollup';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 5, 15);

/** A random tree as parent indices (unit i's parent is an earlier unit), and tasks placed on random units. */
const treeAndTasks = fc
  .integer({ min: 1, max: 60 })
  .chain((size) =>
    fc.record({
      parents: fc.tuple(...Array.from({ length: size }, (_, i) => (i === 0 ? fc.constant(-1) : fc.integer({ min: 0, max: i - 1 })))),
      tasks: fc.array(
        fc.record({
          unit: fc.integer({ min: 0, max: size - 1 }),
          status: fc.constantFrom('open', 'overdue', 'done'),
          late: fc.boolean(),
          createdAgo: fc.integer({ min: 0, max: 60 * DAY }),
          dueIn: fc.integer({ min: -30 * DAY, max: 60 * DAY }),
          stepsTotal: fc.integer({ min: 1, max: 8 }),
          stepsDoneShare: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { maxLength: 300 },
      ),
    }),
  );

function build({ parents, tasks }: { parents: number[]; tasks: Array<Record<string, any>> }) {
  const paths: string[] = [];
  parents.forEach((p, i) => paths.push(`${p < 0 ? '/' : paths[p]}u${i}/`));
  const rollupTasks: RollupTask[] = tasks.map((t) => {
    const stepsDone = t.status === 'done' ? t.stepsTotal : Math.floor(t.stepsDoneShare * t.stepsTotal);
    const dueAt = NOW + t.dueIn;
    // A status consistent with the clock, as the workflows keep it.
    const status = t.status === 'done' ? 'done' : dueAt <= NOW ? 'overdue' : 'open';
    return { unitPath: paths[t.unit] as string, status, late: status === 'done' && t.late, createdAt: NOW - t.createdAgo, dueAt, stepsDone, stepsTotal: t.stepsTotal };
  });
  return { paths, rollupTasks };
}

const INTEGER_KEYS = ['total', 'done', 'doneLate', 'open', 'overdue', 'atRisk', 'dueSoon', 'stepsDone', 'stepsTotal'] as const;

describe('rollups', () => {
  it('gives every unit its own tasks plus exactly the sum of its children, at every level', () => {
    fc.assert(
      fc.property(treeAndTasks, (input) => {
        const { paths, rollupTasks } = build(input);
        const byUnit = rollup(rollupTasks, NOW, T);
        paths.forEach((path, i) => {
          const own = emptyCounts();
          for (const task of rollupTasks.filter((t) => t.unitPath === path)) addInto(own, countTask(task, NOW, T));
          const sum = own;
          input.parents.forEach((p, child) => {
            if (p === i) addInto(sum, byUnit.get(`u${child}`) ?? emptyCounts());
          });
          const node = byUnit.get(`u${i}`) ?? emptyCounts();
          for (const key of INTEGER_KEYS) expect(node[key], `${path} ${key}`).toBe(sum[key]);
          expect(node.stepsExpected).toBeCloseTo(sum.stepsExpected, 6);
        });
        // The root holds every task once.
        expect(byUnit.get('u0')?.total ?? 0).toBe(rollupTasks.length);
      }),
      { numRuns: 150 },
    );
  });

  it('partitions every unit’s tasks into done, open and overdue, with late and at-risk inside them', () => {
    fc.assert(
      fc.property(treeAndTasks, (input) => {
        for (const counts of rollup(build(input).rollupTasks, NOW, T).values()) {
          expect(counts.done + counts.open + counts.overdue).toBe(counts.total);
          expect(counts.doneLate).toBeLessThanOrEqual(counts.done);
          expect(counts.atRisk).toBeLessThanOrEqual(counts.open);
          expect(counts.dueSoon).toBeLessThanOrEqual(counts.atRisk);
          const { onTimeRate, completionRate } = ratesOf(counts, T);
          if (onTimeRate !== null) expect(onTimeRate).toBeGreaterThanOrEqual(0);
          if (completionRate !== null) expect(completionRate).toBeLessThanOrEqual(100);
        }
      }),
    );
  });

  it('reads unit ids from a path, root first', () => {
    expect(pathIds('/610600/610602/')).toEqual(['610600', '610602']);
  });
});

describe('红黄绿灯', () => {
  const task = (over: Partial<Parameters<typeof taskLightInput>[0]>) =>
    lightOf(taskLightInput({ status: 'open', createdAt: NOW - 10 * DAY, dueAt: NOW + 30 * DAY, stepsDone: 1, stepsTotal: 4, ...over }, NOW, T), T);

  it('turns yellow within three days of the deadline and red once it has passed', () => {
    expect(task({ dueAt: NOW + 3 * DAY + 1, createdAt: NOW - DAY, stepsDone: 4 })).toBe('green');
    expect(task({ dueAt: NOW + 3 * DAY, createdAt: NOW - DAY, stepsDone: 3 })).toBe('yellow');
    expect(task({ status: 'overdue', dueAt: NOW - 1 })).toBe('red');
    expect(task({ status: 'done', dueAt: NOW - DAY, stepsDone: 4 })).toBe('green');
  });

  it('compares progress with the elapsed share of the window: 10–30 points behind is yellow, more is red', () => {
    expect(expectedPercent(NOW - 50 * DAY, NOW + 50 * DAY, NOW)).toBe(50);
    expect(lagLight(40.1, 50, T)).toBe('green');
    expect(lagLight(40, 50, T)).toBe('yellow');
    expect(lagLight(20, 50, T)).toBe('yellow');
    expect(lagLight(19.9, 50, T)).toBe('red');
    // Half the window gone, a quarter of the steps done: 25 behind.
    expect(task({ createdAt: NOW - 20 * DAY, dueAt: NOW + 20 * DAY, stepsDone: 1 })).toBe('yellow');
    // Half gone, nothing done: 50 behind.
    expect(task({ createdAt: NOW - 20 * DAY, dueAt: NOW + 20 * DAY, stepsDone: 0 })).toBe('red');
  });

  it('takes configured thresholds', () => {
    const strict = { ...T, lagYellow: 5, lagRed: 8 };
    const input = taskLightInput({ status: 'open', createdAt: NOW - 20 * DAY, dueAt: NOW + 20 * DAY, stepsDone: 9, stepsTotal: 20 }, NOW, strict);
    expect(lightOf(input, T)).toBe('green');
    expect(lightOf(input, strict)).toBe('yellow');
  });
});

describe('on-time rate and ranking', () => {
  it('counts on-time completions against tasks whose outcome is decided', () => {
    const counts = { ...emptyCounts(), total: 10, done: 6, doneLate: 2, overdue: 2, open: 2 };
    // 4 on time of 8 decided (6 done + 2 overdue); the 2 still open are not yet judged.
    expect(ratesOf(counts, T)).toMatchObject({ onTimeRate: 50, completionRate: 60 });
    expect(ratesOf(emptyCounts(), T)).toMatchObject({ onTimeRate: null, completionRate: null });
  });

  it('ranks by on-time rate, then completion rate, then progress, sharing ranks on ties; units with nothing are unranked', () => {
    const unit = (unitId: string, onTimeRate: number | null, completionRate: number | null, progressRate: number | null = completionRate) => ({
      unitId,
      rates: { onTimeRate, completionRate, progressRate, light: 'green' as const },
    });
    const ranked = rankUnits([unit('a', 50, 50), unit('b', 100, 20), unit('c', null, null), unit('d', 50, 50), unit('e', 50, 80)]);
    expect(ranked.map((u) => [u.unitId, u.rank])).toEqual([
      ['b', 1],
      ['e', 2],
      ['a', 3],
      ['d', 3],
      ['c', null],
    ]);
  });

  it('ranks a unit with nothing due yet above one with overdue work, and a town that visited 4 of 17 above one that visited none', () => {
    const counts = (patch: Partial<ReturnType<typeof emptyCounts>>) => ({ ...emptyCounts(), ...patch });
    const units = {
      // Everything still open, deadline ahead: nothing decided, nothing late.
      notDue: counts({ total: 1, open: 1, stepsTotal: 17 }),
      overdue: counts({ total: 1, overdue: 1, stepsTotal: 17, stepsDone: 10 }),
      visited4: counts({ total: 1, open: 1, stepsTotal: 17, stepsDone: 4 }),
      nothing: emptyCounts(),
    };
    const ranked = rankUnits(Object.entries(units).map(([unitId, c]) => ({ unitId, rates: ratesOf(c, T) })));
    expect(ranked.map((u) => [u.unitId, u.rank])).toEqual([
      ['visited4', 1],
      ['notDue', 2],
      ['overdue', 3],
      ['nothing', null],
    ]);
    expect(ratesOf(units.visited4, T).progressRate).toBe(23.5);
  });

  it('shows no light for a unit with nothing in scope, rather than a green one', () => {
    expect(ratesOf(emptyCounts(), T).light).toBeNull();
    expect(ratesOf({ ...emptyCounts(), total: 1, open: 1 }, T).light).toBe('green');
  });
});
