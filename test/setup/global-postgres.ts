import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDatabase, startPostgres } from '../../platform/postgres-server';
import { ReadModel } from '../../readmodel';
import { freePort } from '../../scripts/temporal/processes';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostgreSQL server (no database in the URL's path is meant: tests make their own). */
    postgresUrl: string;
    /** A database migrated and seeded once, which each test's read model is copied from (CREATE DATABASE … TEMPLATE). */
    postgresTemplate: string;
  }
}

export const TEMPLATE_DATABASE = 'duban_template';

/**
 * One PostgreSQL server for the whole run, the embedded one `npm start` runs, in a temporary folder and without
 * durability (fsync off). Every read model a test opens is a fresh database copied from a migrated template, so
 * tests share a server and nothing else.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'duban-pg-'));
  const server = await startPostgres({ dir: join(dir, 'data'), port: await freePort(), fast: true });
  await ensureDatabase(server.url(), TEMPLATE_DATABASE);
  const template = await ReadModel.open(server.url(TEMPLATE_DATABASE));
  await template.close();
  project.provide('postgresUrl', server.url());
  project.provide('postgresTemplate', TEMPLATE_DATABASE);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
