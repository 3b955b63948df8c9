import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvinceDemo, PROVINCE_DEMO_ID } from '../../domain/province-demo';
import type { ReadModel } from '../../readmodel';
import { SYNC_FAN_OUT } from '../../contracts/assignment';
import type { Api } from '../support/http';
import { startStack, type Stack } from '../support/stack';
import { eventually, uniqueId } from '../support/temporal';

const VILLAGES = 3000;
const FAN_OUT_WAIT_MS = 480_000;

describe(`fan-out to a generated province of ${VILLAGES} villages (dev server, real worker)`, () => {
  let stack: Stack;
  let env: TestWorkflowEnvironment;
  let readModel: ReadModel;
  let api: Api;

  beforeAll(async () => {
    stack = await startStack(generateProvinceDemo({ villages: VILLAGES }));
    ({ env, readModel, api } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  // Minutes on a busy two-core machine: the budget is generous because it bounds a hang, not a speed.
  it('starts exactly one task workflow per village, shows progress, rolls up exactly, and creates nothing twice', { timeout: FAN_OUT_WAIT_MS + 120_000 }, async () => {
    const key = uniqueId('key');
    const body = { directiveId: 'pce-13-display-items', scopeUnitId: PROVINCE_DEMO_ID, targetLevel: 'village' };
    const created = await api.post('/api/assignments', body, { 'Idempotency-Key': key });
    // More than SYNC_FAN_OUT tasks: the answer comes once recorded, with where to watch the rest.
    expect(VILLAGES).toBeGreaterThan(SYNC_FAN_OUT);
    expect(created.status).toBe(202);
    expect(created.body.taskCount).toBe(VILLAGES);
    expect(created.headers.get('location')).toBe(`/api/assignments/${created.body.id}`);
    const id = created.body.id as string;

    // Watched in the read model, where the fan-out marks each task as its workflow starts.
    const seen: number[] = [];
    const done = await eventually(
      async () => {
        const a = (await api.get(`/api/assignments/${id}`)).body;
        seen.push(a.fanOut.started ?? 0);
        return a.fanOut;
      },
      (f) => f.complete,
      FAN_OUT_WAIT_MS,
    );
    expect(done).toMatchObject({ taskCount: VILLAGES, started: VILLAGES, complete: true });
    // Progress only ever grows.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    // Temporal holds exactly one task workflow per village (visibility catches up within a few seconds).
    const count = await eventually(
      async () => (await env.client.workflow.count(`DubanAssignmentId = "${id}"`)).count,
      (n) => n === VILLAGES,
    );
    expect(count).toBe(VILLAGES);

    // The same request again: the first answer, and not one more workflow.
    const again = await api.post('/api/assignments', body, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toMatchObject({ id, taskCount: VILLAGES, started: VILLAGES });
    expect((await env.client.workflow.count(`DubanAssignmentId = "${id}"`)).count).toBe(VILLAGES);

    // Exact at every level: province → city → county → town → village.
    const { tree } = (await api.get(`/api/assignments/${id}/rollup?depth=4`)).body;
    expect(tree.counts.total).toBe(VILLAGES);
    let leaves = 0;
    const check = (node: { level: string; counts: Record<string, number>; children?: any[] }) => {
      if (node.level === 'village') {
        expect(node.counts.total).toBe(1);
        leaves += 1;
        return;
      }
      expect(node.children?.length).toBeGreaterThan(0);
      for (const key of ['total', 'open', 'done', 'overdue', 'stepsTotal']) {
        expect(node.children!.reduce((n: number, c: any) => n + c.counts[key], 0)).toBe(node.counts[key]);
      }
      node.children!.forEach(check);
    };
    check(tree);
    expect(leaves).toBe(VILLAGES);

    const summary = (await api.get(`/api/units/${PROVINCE_DEMO_ID}/summary`)).body;
    expect(summary.totals.total).toBe(VILLAGES);
    expect(summary.ranking.reduce((n: number, r: { total: number }) => n + r.total, 0)).toBe(VILLAGES);
  });
});
