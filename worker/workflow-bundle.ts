import { resolve } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

/** The workflow bundle's entry; the explicit .ts lets the bundler find it under tsx and vitest alike. */
export const WORKFLOWS_PATH = resolve(__dirname, '../workflows/index.ts');

/**
 * Modules the reusable V8 context evaluates once per worker instead of once per workflow run. Without this, every
 * task's first workflow task (and every replay after a cache eviction) rebuilt the holiday tables of chinese-days
 * and ours and initialised luxon: two thirds of the workflow thread's time in a fan-out. Only modules whose state is
 * constant data or a memo of a pure function may be listed — a shared module holding per-workflow state would leak
 * between workflows. Their imports are shared with them.
 */
export const PRELOADED_MODULES = [
  'time', // luxon
  'calendar-day',
  'statutory-holidays', // a per-year memo of the law's fixed days
  'holiday-arrangement', // chinese-days' holiday data as tables
  'festivals', // chinese-days' lunar calendar; a per-year memo of 春节
  'work-calendar',
  'deadline',
  'recurrence',
  'task-policy',
].map((name) => resolve(__dirname, `../domain/${name}.ts`));

/** What every bundle of the product's workflows is built with: the worker's own, the tests' and the bench's. */
export const PRODUCT_BUNDLE = { workflowsPath: WORKFLOWS_PATH, preloadModules: PRELOADED_MODULES };

export function bundleProductWorkflows() {
  return bundleWorkflowCode({ ...PRODUCT_BUNDLE, logger: new DefaultLogger('WARN') });
}
