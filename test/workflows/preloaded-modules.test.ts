import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { LIBRARY_CALENDAR } from '../../domain/work-calendar';
import { PRELOADED_MODULES, PRODUCT_BUNDLE } from '../../worker/workflow-bundle';
import { devServerEnv, testDataConverter, uniqueId } from '../support/temporal';

interface Probe {
  shared: boolean;
  breaks2026: string[];
  makeUp2026: number;
}

describe('modules preloaded into the workflow context', () => {
  it('are shared by a worker’s workflow runs (built once, frozen) and still answer there', { timeout: 120_000 }, async () => {
    const env = await devServerEnv();
    const probe = async (preloadModules: string[]): Promise<Probe> => {
      const taskQueue = uniqueId('preload');
      const workflowBundle = await bundleWorkflowCode({
        workflowsPath: join(__dirname, '../support/preload-probe-workflow.ts'),
        preloadModules,
        logger: new DefaultLogger('WARN'),
      });
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, dataConverter: testDataConverter, workflowBundle });
      return worker.runUntil(env.client.workflow.execute('preloadProbe', { taskQueue, workflowId: taskQueue }));
    };
    // The 2026 arrangement, as the same calendar gives it outside a workflow: 春节 15–23 Feb, 国庆节 1–7 Oct.
    const expected = {
      breaks2026: LIBRARY_CALENDAR.holidayBreaks(2026).map((b) => `${b.name} ${b.start}–${b.end}`),
      makeUp2026: LIBRARY_CALENDAR.makeUpWorkdays(2026).length,
    };
    expect(expected.breaks2026).toContain('春节 2026-02-15–2026-02-23');

    expect(await probe(PRODUCT_BUNDLE.preloadModules)).toEqual({ shared: true, ...expected });
    expect(await probe([])).toEqual({ shared: false, ...expected });
  });

  it('name only files of domain/', () => {
    for (const path of PRELOADED_MODULES) expect(path).toMatch(/[\\/]domain[\\/][a-z-]+\.ts$/);
  });
});
