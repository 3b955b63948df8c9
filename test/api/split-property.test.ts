import { DateTime } from 'luxon';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../support/http';
import { SPLIT_ORG } from '../support/split-org';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/temporal';

const CARE_FUND = 'care-fund-establishment';
const STEPS = ['brief-donors', 'secure-support', 'establish-fund', 'report-to-city'];
const childrenOf = (unitId: string) => SPLIT_ORG.filter((u) => u.parentId === unitId).map((u) => u.id);
const pathOf = (unitId: string): string => {
  const unit = SPLIT_ORG.find((u) => u.id === unitId);
  return unit?.parentId ? `${pathOf(unit.parentId)}${unitId}/` : `/${unitId}/`;
};

/** The test's own account of one task, kept beside the product's. */
interface Modelled {
  id: string;
  unitId: string;
  parent?: string;
  subTasks: string[];
  steps: string[];
  stepsDone: number;
  done: boolean;
  closed: boolean;
}

/** An action picks its task among those it applies to by `pick`; `mask` chooses units or steps. */
type Action = { kind: 'split' | 'complete' | 'close'; pick: number; mask: number };
const actions = fc.array(
  fc.record({ kind: fc.constantFrom<Action['kind']>('split', 'split', 'complete', 'close'), pick: fc.nat(99), mask: fc.integer({ min: 1, max: 15 }) }),
  { minLength: 4, maxLength: 14 },
);

const COUNTED_KEYS = ['total', 'done', 'open', 'overdue', 'stepsDone', 'stepsTotal'] as const;
type Counts = Record<(typeof COUNTED_KEYS)[number], number>;
const countsOf = (c: Record<string, number>): Counts => Object.fromEntries(COUNTED_KEYS.map((k) => [k, c[k]])) as Counts;
const sum = (list: Counts[]): Counts => Object.fromEntries(COUNTED_KEYS.map((k) => [k, list.reduce((n, c) => n + c[k], 0)])) as Counts;

describe('分解, property: random splits, completions and closes on real servers', () => {
  let stack: Stack;
  let api: Api;
  const staff = (unitId: string) => api.as({ role: 'staff', unitId, name: `${unitId}专干` });
  const assignments: string[] = [];

  beforeAll(async () => {
    stack = await startStack(SPLIT_ORG);
    ({ api } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function run(plan: Action[]): Promise<void> {
    const dueAt = `${DateTime.now().setZone('Asia/Shanghai').plus({ days: 60 }).toISODate()}T23:59:59.999+08:00`;
    const created = await api.post('/api/assignments', { directiveId: CARE_FUND, scopeUnitId: 'c1', dueAt });
    expect(created.status).toBe(201);
    const a = created.body.id as string;
    assignments.push(a);
    const tasks = new Map<string, Modelled>();
    for (const unitId of ['k1', 'k2']) {
      tasks.set(`${a}.${unitId}`, { id: `${a}.${unitId}`, unitId, subTasks: [], steps: [...STEPS], stepsDone: 0, done: false, closed: false });
    }
    await eventually(async () => (await api.get(`/api/tasks?assignmentId=${a}`)).body.tasks, (list: unknown[]) => list.length === 2);

    const openSubTasks = (t: Modelled) => t.subTasks.map((id) => tasks.get(id) as Modelled).filter((s) => !s.done && !s.closed);
    const among = <T>(list: T[], pick: number) => list[pick % list.length];
    const sorted = () => [...tasks.values()].sort((x, y) => x.id.localeCompare(y.id));

    for (const { kind, pick, mask } of plan) {
      if (kind === 'split') {
        const taken = (t: Modelled) => new Set(t.subTasks.map((id) => (tasks.get(id) as Modelled).unitId));
        const free = (t: Modelled) => childrenOf(t.unitId).filter((u) => !taken(t).has(u));
        const task = among(sorted().filter((t) => !t.done && !t.closed && free(t).length > 0), pick);
        if (!task) continue;
        const units = free(task).filter((_, i) => mask & (1 << i));
        const unitIds = units.length > 0 ? units : free(task).slice(0, 1);
        const stepIds = task.steps.filter((_, i) => mask & (1 << i));
        const chosen = stepIds.length > 0 ? stepIds : task.steps.slice(0, 1);
        const res = await staff(task.unitId).post(`/api/tasks/${task.id}/split`, { unitIds, stepIds: chosen });
        expect(res.status).toBe(201);
        for (const unitId of unitIds) {
          const id = `${a}.${unitId}`;
          task.subTasks.push(id);
          tasks.set(id, { id, unitId, parent: task.id, subTasks: [], steps: [...chosen], stepsDone: 0, done: false, closed: false });
        }
      } else if (kind === 'complete') {
        const task = among(sorted().filter((t) => !t.done && !t.closed), pick);
        if (!task) continue;
        for (const stepId of task.steps.slice(task.stepsDone)) {
          const last = task.stepsDone === task.steps.length - 1;
          const blocked = last && openSubTasks(task).length > 0;
          const res = await staff(task.unitId).post(`/api/tasks/${task.id}/steps/${stepId}/complete`, {});
          expect(res.status).toBe(blocked ? 409 : 200);
          if (blocked) break;
          task.stepsDone += 1;
          task.done = task.stepsDone === task.steps.length;
        }
      } else {
        const task = among(sorted().filter((t) => t.parent !== undefined && !t.closed), pick);
        if (!task) continue;
        const refused = task.done || task.subTasks.some((id) => !(tasks.get(id) as Modelled).closed);
        const parent = tasks.get(task.parent as string) as Modelled;
        const res = await staff(parent.unitId).post(`/api/tasks/${task.id}/close`, { reason: '无需办理' });
        expect(res.status).toBe(refused ? 409 : 200);
        if (!refused) task.closed = true;
      }
    }

    // Counted: not closed, and no sub-task that is not closed (domain/split.ts).
    const counted = sorted().filter((t) => !t.closed && t.subTasks.every((id) => (tasks.get(id) as Modelled).closed));
    const progress = (await api.get(`/api/assignments/${a}/progress`)).body;
    expect(progress).toMatchObject({ total: counted.length, done: counted.filter((t) => t.done).length, overdue: 0 });
    const byPath = (x: Modelled, y: Modelled) => pathOf(x.unitId).localeCompare(pathOf(y.unitId));
    expect(progress.units.map((u: { id: string }) => u.id)).toEqual([...counted].sort(byPath).map((t) => t.id));

    // Every node of the roll-up is its own counted task, or exactly the sum of its children.
    type Node = { unitId: string; counts: Record<string, number>; children?: Node[] };
    const root: Node = (await api.get(`/api/assignments/${a}/rollup?depth=4`)).body.tree;
    const check = (node: Node) => {
      const own = counted.filter((t) => t.unitId === node.unitId);
      const kids = node.children ?? [];
      const ownCounts = own.map((t) => ({ total: 1, done: t.done ? 1 : 0, open: t.done ? 0 : 1, overdue: 0, stepsDone: t.stepsDone, stepsTotal: t.steps.length }));
      expect(own.length === 0 || kids.length === 0).toBe(true);
      expect(countsOf(node.counts)).toEqual(sum([...ownCounts, ...kids.map((k) => countsOf(k.counts))]));
      kids.forEach(check);
    };
    check(root);
    expect(root.counts.total).toBe(counted.length);

    // Every split parent's progress is its sub-tasks' sum.
    for (const task of tasks.values()) {
      if (task.subTasks.every((id) => (tasks.get(id) as Modelled).closed)) continue;
      const detail = (await api.get(`/api/tasks/${task.id}`)).body;
      const standing = detail.subTasks.filter((s: { closedByHolder?: unknown }) => s.closedByHolder === undefined);
      expect(countsOf(detail.subTaskProgress)).toEqual(sum(standing.map((s: { progress: Record<string, number> }) => countsOf(s.progress))));
      expect(detail.subTasks.map((s: { id: string }) => s.id).sort()).toEqual([...task.subTasks].sort());
    }
  }

  it('keeps every parent equal to its children and every total equal to the number of distinct pieces of work', async () => {
    await fc.assert(fc.asyncProperty(actions, run), { numRuns: 6, endOnFailure: true });

    // The unit summary and its ranking agree with the assignments' progress, summed over every run.
    const progress = await Promise.all(assignments.map(async (a) => (await api.get(`/api/assignments/${a}/progress`)).body));
    const summary = (await api.get(`/api/units/c1/summary?directiveId=${CARE_FUND}`)).body;
    expect(summary.totals).toMatchObject({
      total: progress.reduce((n, p) => n + p.total, 0),
      done: progress.reduce((n, p) => n + p.done, 0),
      open: progress.reduce((n, p) => n + p.open, 0),
    });
    for (const county of ['k1', 'k2']) {
      const trees = await Promise.all(assignments.map(async (a) => (await api.get(`/api/assignments/${a}/rollup?unitId=${county}&depth=0`)).body.tree));
      const ranked = summary.ranking.find((r: { unitId: string }) => r.unitId === county);
      expect(ranked.total).toBe(trees.reduce((n, t) => n + t.counts.total, 0));
      expect(ranked.done).toBe(trees.reduce((n, t) => n + t.counts.done, 0));
    }
  });
});
