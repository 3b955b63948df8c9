import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type LogEntry, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type DataConverter } from '@temporalio/common';
import { DateTime } from 'luxon';
import { afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import { freePort, startServerProcess } from '../../scripts/temporal/processes';
import { ensureSearchAttributes } from '../../scripts/temporal/search-attributes';
import type { OrgUnit } from '../../domain/org';
import type { PayloadKeys } from '../../platform/payload-codec';
import { dataConverterFor } from '../../platform/payload-keys';
import { ReadModel } from '../../readmodel';
import { bundleProductWorkflows } from '../../worker/workflow-bundle';

/**
 * The SDK's own warnings and errors go through console, so vitest shows them with the test that failed and hides
 * them otherwise; the native core's are cut to errors (it warns on every Worker that the Java test server's version
 * lacks features the project does not use).
 */
const throughConsole = ({ level, message, meta }: LogEntry) => console.error(`[temporal ${level}] ${message}`, meta ?? '');
Runtime.install({
  logger: new DefaultLogger('WARN', throughConsole),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
});

/**
 * The tests' payload key ring: a random key per test process, so payloads are encrypted in tests exactly as in
 * production. Every Client and Worker of a file must use `testDataConverter` (the envs' clients below do).
 */
export const testPayloadKeys: PayloadKeys = { current: 'test', keys: new Map([['test', randomBytes(32)]]) };
export const testDataConverter = dataConverterFor(testPayloadKeys);

type CreateOptions = {
  server: { type: 'existing' };
  address: string;
  namespace: string;
  supportsTimeSkipping: boolean;
  client: { dataConverter: DataConverter };
};

/**
 * A time-skipping test server of its own, its clock starting at `startAt` (ISO-8601 with an offset). Not shared,
 * because the server's clock is global to everything connected to it: a workflow another test left behind, or a test
 * that skipped time ahead, would change what the next one sees. The pinned start makes the calendar the tests meet —
 * holidays, 调休, year ends — the same whatever day the suite runs.
 */
export async function startTimeSkippingServer(startAt: string): Promise<{ env: TestWorkflowEnvironment; stop(): Promise<void> }> {
  const start = DateTime.fromISO(startAt, { setZone: true });
  if (!start.isValid || !/(Z|[+-]\d\d:\d\d)$/.test(startAt)) throw new Error(`startAt must be ISO-8601 with an offset: ${startAt}`);
  const port = await freePort();
  const server = await startServerProcess('time-skipping test server', inject('temporalTestServerPath'), [String(port), String(start.toMillis())], '127.0.0.1', port);
  try {
    const env = await timeSkippingEnv(server.address);
    // The test server knows no custom search attributes until told, and rejects workflows that set them.
    await ensureSearchAttributes(env.connection, 'default');
    return {
      env,
      stop: async () => {
        await env.teardown();
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/**
 * Connects to a time-skipping server with time skipping on. The public factory for an existing server hard-codes
 * it off, so this uses the static `create` behind it; the workflow tests' month-long deadlines passing in seconds is
 * what shows it works.
 */
function timeSkippingEnv(address: string): Promise<TestWorkflowEnvironment> {
  const create = (TestWorkflowEnvironment as unknown as { create(o: CreateOptions): Promise<TestWorkflowEnvironment> })
    .create;
  return create.call(TestWorkflowEnvironment, {
    server: { type: 'existing' },
    address,
    namespace: 'default',
    supportsTimeSkipping: true,
    client: { dataConverter: testDataConverter },
  });
}

export function devServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({
    address: inject('temporalDevAddress'),
    client: { dataConverter: testDataConverter },
  });
}

/** Bundling takes about a second; once per file, then every test's Worker reuses it. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleProductWorkflows();
}

// The read models live in ./read-model (no Temporal runtime there, so test/setup can import it); re-exported for
// the files that import them from here.
export { closeTempReadModels, postgresDatabaseUrl, tempReadModel } from './read-model';

let counter = 0;
/** Unique per test, so a workflow left running by a failed test never meets the next one. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

/**
 * Polls until the check passes or the time is up; returns the last value either way. The default is a ceiling for
 * a machine busy with other work, not an expectation of speed: a passing check returns at once.
 */
export async function eventually<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * For a describe block whose tests each run on a time-skipping server of their own, its clock starting at `startAt`
 * (see startTimeSkippingServer); the workflow bundle is built once for the block. A server per test, not per file:
 * the Java server can keep its time-skipping lock after a test ends (a workflow terminated while its worker is gone
 * and work was pending), and a lock left behind freezes the clock for every later test on that server. Read
 * `suite.env` and `suite.bundle` inside tests (they are set before each test).
 */
export function onTimeSkippingServer(startAt: string): { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap } {
  const suite = {} as { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap };
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    suite.bundle = await bundleWorkflows();
  });
  beforeEach(async () => {
    const server = await startTimeSkippingServer(startAt);
    stop = server.stop;
    suite.env = server.env;
  });
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });
  return suite;
}

/** The ApplicationFailure a workflow's update validator refused with; fails the test if the update went through. */
export async function updateRefusal(update: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}
