import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '../../contracts/unit-task';
import { taskWorkflowId } from '../../domain/ids';
import { generateProvinceDemo, PROVINCE_DEMO_ID } from '../../domain/province-demo';
import { recordHistory } from '../support/histories';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/temporal';

const VILLAGES = 60;

const { EventType } = temporal.api.enums.v1;

async function eventTypes(stack: Stack, taskId: string): Promise<number[]> {
  const history = await stack.env.client.workflow.getHandle(taskWorkflowId(taskId)).fetchHistory();
  return (history.events ?? []).map((e) => Number(e.eventType));
}

describe('a fan-out writes each task’s first state with its start (dev server, real worker)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(generateProvinceDemo({ villages: VILLAGES }));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows every started task at version 1 with its 签收 deadline; the first run projects nothing, a change projects locally', async () => {
    const { api, readModel, env } = stack;
    const created = await api.post('/api/assignments', { directiveId: 'pce-13-display-items', scopeUnitId: PROVINCE_DEMO_ID, targetLevel: 'village' });
    expect(created.status).toBe(201);
    expect(created.body.taskCount).toBe(VILLAGES);
    const assignmentId = created.body.id as string;

    // Started means written: no waiting for a projection.
    const rows = (await readModel.db
      .prepare(
        `SELECT t.id, t.version, t.started, a.state, a.acknowledge_by AS "acknowledgeBy", a.version AS "ackVersion"
         FROM tasks t LEFT JOIN task_acknowledgements a ON a.task_id = t.id WHERE t.assignment_id = ? ORDER BY t.id`,
      )
      .all(assignmentId)) as Array<{ id: string; version: number; started: number; state: string | null; acknowledgeBy: number | null; ackVersion: number | null }>;
    expect(rows).toHaveLength(VILLAGES);
    for (const row of rows) {
      expect(row).toMatchObject({ version: 1, started: 1, state: 'pending', ackVersion: 1 });
      expect(row.acknowledgeBy).toBeGreaterThan(Date.now() - 60_000);
    }

    // The read model holds what the workflow holds.
    const first = rows[0]!.id;
    const handle = env.client.workflow.getHandle(taskWorkflowId(first));
    const held = await handle.query(getTask);
    const stored = await readModel.tasks.getTask(first);
    expect(held.version).toBe(1);
    expect(stored).toMatchObject({ version: held.version, status: held.status, dueAt: held.dueAt, steps: held.steps, history: held.history });
    expect(held.history.acknowledgement?.acknowledgeBy).toBe(rows[0]!.acknowledgeBy);

    // Its first run sets its timer and schedules no projection activity.
    const firstRun = await eventually(() => eventTypes(stack, first), (types) => types.includes(EventType.EVENT_TYPE_TIMER_STARTED));
    expect(firstRun).not.toContain(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);

    // The first change is projected as version 2, with its audit entry.
    const village = (await readModel.tasks.getTask(first))!.unitId;
    const acknowledged = await api.as({ role: 'staff', unitId: village, name: '村专干' }).post(`/api/tasks/${first}/acknowledge`, {});
    expect(acknowledged.status).toBe(200);
    expect(await readModel.tasks.getTask(first)).toMatchObject({ version: 2 });
    const trail = (await api.get(`/api/tasks/${first}/history`)).body.entries as Array<{ action: string }>;
    expect(trail.map((e) => e.action)).toContain('task.acknowledge');
    // Written by a local activity, in the workflow task that made the change: a marker, no activity task.
    const changed = await eventTypes(stack, first);
    expect(changed).toContain(EventType.EVENT_TYPE_MARKER_RECORDED);
    expect(changed).not.toContain(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    await recordHistory('unit-task-fanned-out', handle);
  });
});
