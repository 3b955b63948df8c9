import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { logger } from '../../platform/logger';
import { SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';
import { INSTALL_HINT, resolveTemporalCli } from './binaries';
import { startDevServer } from './dev-server';

/** The dev server with its state in `dataDir`, as `npm start` and the benchmark run it. */
export async function startEmbeddedTemporal(dataDir: string, port: number, echo = true) {
  mkdirSync(dataDir, { recursive: true });
  const dbFile = join(dataDir, 'temporal.sqlite');
  const uiPort = port + 1000;
  const cli = await resolveTemporalCli();
  if (cli) {
    logger.info({ cli: cli.path, source: cli.source }, 'starting the Temporal dev server');
    const server = await startDevServer({ cliPath: cli.path, port, uiPort, dbFile, echo });
    return { address: server.address, ui: `http://localhost:${uiPort}`, stop: () => server.stop() };
  }
  logger.warn(`no Temporal CLI could be built; trying the SDK's own download. ${INSTALL_HINT}`);
  const env = await TestWorkflowEnvironment.createLocal({
    server: { dbFilename: dbFile, port, ui: true, uiPort, searchAttributes: [...SEARCH_ATTRIBUTES] },
  });
  return { address: env.address, ui: `http://localhost:${uiPort}`, stop: () => env.teardown() };
}

