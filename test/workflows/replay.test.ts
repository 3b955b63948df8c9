import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../support/temporal';

/**
 * Histories recorded from earlier versions of the workflows. Today's code must replay each of them exactly;
 * a change that would break a running workflow fails here and needs patching (workflow.patched) instead.
 * Record a new one with RECORD_HISTORIES=1 npm test.
 */
const DIR = join(__dirname, '../fixtures/histories');
const histories = readdirSync(DIR).filter((f) => f.endsWith('.json'));

describe('replay of recorded histories', () => {
  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThan(0);
  });

  it.each(histories)('%s replays without nondeterminism', async (file) => {
    const bundle = await bundleWorkflows();
    const history = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle, replayName: file }, history),
    ).resolves.toBeUndefined();
  });
});
