import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestProject } from 'vitest/node';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { resolveTemporalCli, resolveTestServer } from '../../scripts/temporal/binaries';
import { startDevServer } from '../../scripts/temporal/dev-server';
import { freePort, startServerProcess } from '../../scripts/temporal/processes';
import { ensureSearchAttributes } from '../../scripts/temporal/search-attributes';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalDevAddress: string;
    temporalTestServerAddress: string;
  }
}

/**
 * One dev server and one time-skipping test server for the whole run, started here rather than by each file: on
 * two cores a JVM can take longer than the SDK's 5 s start-up allowance. Both are real servers; when no binary
 * can be had from the registries, the SDK's own download is the fallback.
 */
export default async function setup(project: TestProject) {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
  try {
    await startServers(project, stops);
  } catch (err) {
    await stopAll();
    throw err;
  }
  return stopAll;
}

async function startServers(project: TestProject, stops: Array<() => Promise<void>>): Promise<void> {
  const cli = await resolveTemporalCli();
  if (cli) {
    const server = await startDevServer({ cliPath: cli.path, port: await freePort(), uiPort: false });
    stops.push(server.stop);
    project.provide('temporalDevAddress', server.address);
  } else {
    const env = await TestWorkflowEnvironment.createLocal({ server: { searchAttributes: [...SEARCH_ATTRIBUTES] } });
    stops.push(() => env.teardown());
    project.provide('temporalDevAddress', env.address);
  }

  const testServer = await resolveTestServer();
  if (testServer) {
    const port = await freePort();
    const server = await startServerProcess('time-skipping test server', testServer.path, [String(port)], '127.0.0.1', port);
    stops.push(server.stop);
    project.provide('temporalTestServerAddress', server.address);
  } else {
    const env = await TestWorkflowEnvironment.createTimeSkipping();
    stops.push(() => env.teardown());
    project.provide('temporalTestServerAddress', env.address);
  }

  // The test server knows no custom search attributes until told, and rejects workflows that set them.
  const connection = await Connection.connect({ address: project.getProvidedContext().temporalTestServerAddress });
  await ensureSearchAttributes(connection, 'default');
  await connection.close();
}
