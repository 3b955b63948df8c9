import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { BacklogGate } from '../../activities/backlog-gate';
import { devServerEnv, eventually, testDataConverter, uniqueId } from '../support/temporal';

const QUEUED = 30;

describe('the fan-out’s backlog gate (dev server)', () => {
  it('holds while more workflow tasks are queued than the limit, and opens once a worker has run them down', { timeout: 180_000 }, async () => {
    const env = await devServerEnv();
    const taskQueue = uniqueId('backlog');
    // No worker polls the queue yet: each start leaves its first workflow task waiting there.
    const handles = await Promise.all(
      Array.from({ length: QUEUED }, (_, i) => env.client.workflow.start('backlogProbe', { taskQueue, workflowId: `${taskQueue}-${i}` })),
    );

    const gate = new BacklogGate(env.client, taskQueue, 10, 100);
    let waits = 0;
    let opened = false;
    const opening = gate.open(() => (waits += 1)).then(() => {
      opened = true;
    });
    await eventually(() => waits, (w) => w >= 3);
    expect(opened).toBe(false);

    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      dataConverter: testDataConverter,
      workflowsPath: join(__dirname, '../support/backlog-probe-workflow.ts'),
    });
    await worker.runUntil(async () => {
      await opening;
      await Promise.all(handles.map((h) => h.result()));
    });
    expect(opened).toBe(true);

    // Unchecked when the limit is 0: open at once, without asking the server.
    let asked = 0;
    await new BacklogGate(env.client, taskQueue, 0).open(() => (asked += 1));
    expect(asked).toBe(0);
  });
});
