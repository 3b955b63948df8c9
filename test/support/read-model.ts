import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { OrgUnit } from '../../domain/org';
import { ensureDatabase } from '../../platform/postgres-server';
import { ReadModel } from '../../readmodel';

const opened: { readModel: ReadModel; database: string }[] = [];

/** A real read model: a fresh PostgreSQL database, copied from the run's migrated template (test/setup). */
export async function tempReadModel(units: readonly OrgUnit[] = []): Promise<ReadModel> {
  const database = `t_${process.pid}_${opened.length}_${randomBytes(3).toString('hex')}`;
  await ensureDatabase(inject('postgresUrl'), database, inject('postgresTemplate'));
  const readModel = await ReadModel.open(postgresDatabaseUrl(database));
  opened.push({ readModel, database });
  if (units.length) await readModel.org.insertUnits(units);
  return readModel;
}

/** The connection string of a database on the run's PostgreSQL server. */
export function postgresDatabaseUrl(database: string): string {
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

/** Closes the file's read models and drops their databases (test/setup/read-models.ts, after each file). */
export async function closeTempReadModels(): Promise<void> {
  const server = new pg.Client({ connectionString: inject('postgresUrl') });
  await server.connect();
  try {
    for (const { readModel, database } of opened.splice(0)) {
      await readModel.close().catch(() => undefined);
      await server.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    }
  } finally {
    await server.end();
  }
}
