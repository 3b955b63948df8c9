import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type DataConverter } from '@temporalio/common';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { OrgUnit } from '../../domain/org';
import type { PayloadKeys } from '../../platform/payload-codec';
import { dataConverterFor } from '../../platform/payload-keys';
import { ReadModel } from '../../readmodel';
import { WORKFLOWS_PATH } from '../../worker/create-worker';

Runtime.install({ logger: new DefaultLogger('WARN') });

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
 * Connects to the run's time-skipping server with time skipping on. The public factory for an existing server
 * hard-codes it off, so this uses the static `create` behind it; the workflow tests' month-long deadlines passing
 * in seconds is what shows it works.
 */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const create = (TestWorkflowEnvironment as unknown as { create(o: CreateOptions): Promise<TestWorkflowEnvironment> })
    .create;
  return create.call(TestWorkflowEnvironment, {
    server: { type: 'existing' },
    address: inject('temporalTestServerAddress'),
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
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
}

/** A real SQLite read model in a fresh temporary folder. */
export function tempReadModel(units: readonly OrgUnit[] = []): ReadModel {
  const readModel = ReadModel.open(join(mkdtempSync(join(tmpdir(), 'duban-test-')), 'readmodel.sqlite'));
  if (units.length) readModel.org.insertUnits(units);
  return readModel;
}

let counter = 0;
/** Unique per test, so a workflow left running by a failed test never meets the next one. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

/** Polls until the check passes or the time is up; returns the last value either way. */
export async function eventually<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * For a describe block on the time-skipping server: one environment and one workflow bundle for the block, torn
 * down after it. Read `suite.env` and `suite.bundle` inside tests (they are set in beforeAll).
 */
export function onTimeSkippingServer(): { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap } {
  const suite = {} as { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap };
  beforeAll(async () => {
    [suite.env, suite.bundle] = await Promise.all([timeSkippingEnv(), bundleWorkflows()]);
  });
  afterAll(async () => {
    await suite.env?.teardown();
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
