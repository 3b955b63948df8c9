import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import * as bundleExports from '../../workflows';
import { HISTORIES_DIR } from '../support/histories';
import { bundleWorkflows } from '../support/temporal';

/**
 * Histories recorded from real runs of the workflows. Today's code must replay each of them exactly; a change that
 * would break a running workflow fails here. Every workflow type has one.
 *
 * They are recorded, never written by hand, by the tests that drive each workflow through its paths (each calls
 * recordHistory from test/support/histories.ts at its end):
 *   RECORD_HISTORIES=1 npx vitest run test/workflows/unit-task-follow-up.test.ts test/workflows/petition-campaign.test.ts test/api/recurring.test.ts test/api/split.test.ts test/api/bulletins.test.ts test/api/fanout-first-state.test.ts
 * writes unit-task.json; petition-case.json, rescreening-campaign.json and assignment.json; recurring-occurrence.json;
 * unit-task-split.json and unit-task-subtask.json (分解: a split task, and a sub-task that tells its parent); bulletin.json;
 * unit-task-fanned-out.json (a task whose first state its fan-out wrote).
 */
const histories = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
const load = (file: string) => JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'));
const workflowTypeOf = (history: { events: Array<{ workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }> }) =>
  history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

describe('replay of recorded histories', () => {
  it('has a history of every workflow type', () => {
    const recorded = new Set(histories.map((file) => workflowTypeOf(load(file))));
    expect([...recorded].sort()).toEqual(Object.keys(bundleExports).sort());
  });

  it.each(histories)('%s replays without nondeterminism', async (file) => {
    const bundle = await bundleWorkflows();
    await expect(Worker.runReplayHistory({ workflowBundle: bundle, replayName: file }, load(file))).resolves.toBeUndefined();
  });
});
