import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { decryptHistory } from './payloads';

/** Where replay fixtures live; test/workflows/replay.test.ts replays every file here. */
export const HISTORIES_DIR = join(__dirname, '../fixtures/histories');

/**
 * Replay fixtures are recorded from real runs, never written by hand: a test that drives a workflow through its
 * paths calls this at its end. With RECORD_HISTORIES=1 it writes the workflow's history (payloads decrypted, so
 * replay needs no key) to test/fixtures/histories/<name>.json; otherwise it does nothing.
 */
export async function recordHistory(name: string, handle: Pick<WorkflowHandle, 'fetchHistory'>): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), historyToJSON(await decryptHistory(await handle.fetchHistory())));
}
