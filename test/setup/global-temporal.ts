import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestProject } from 'vitest/node';
import { SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';
import { INSTALL_HINT, resolveTemporalCli, resolveTestServer } from '../../scripts/temporal/binaries';
import { startDevServer } from '../../scripts/temporal/dev-server';
import { freePort } from '../../scripts/temporal/processes';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalDevAddress: string;
    /** The launcher of the time-skipping test server; each file that needs one starts its own (test/support/temporal.ts). */
    temporalTestServerPath: string;
  }
}

/**
 * One dev server for the whole run, started here rather than by each file: on two cores its start can take longer
 * than the SDK's 5 s allowance, and files never share state on it (unique ids and task queues). The time-skipping
 * server is not shared: its clock is global to everything connected to it, so each file starts its own.
 */
export default async function setup(project: TestProject) {
  const testServer = await resolveTestServer();
  if (!testServer) throw new Error(`the Temporal time-skipping test server is not available. ${INSTALL_HINT}`);
  project.provide('temporalTestServerPath', testServer.path);

  const cli = await resolveTemporalCli();
  if (cli) {
    const server = await startDevServer({ cliPath: cli.path, port: await freePort(), uiPort: false });
    project.provide('temporalDevAddress', server.address);
    return server.stop;
  }
  const env = await TestWorkflowEnvironment.createLocal({ server: { searchAttributes: [...SEARCH_ATTRIBUTES] } });
  project.provide('temporalDevAddress', env.address);
  return () => env.teardown();
}
