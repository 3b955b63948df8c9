import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { POSTGRES_USER, TEMPORAL_DATABASE, VISIBILITY_DATABASE } from './server-config';
import type { TemporalServerFiles } from './server-binaries';

const run = promisify(execFile);

/** The newest version among a versioned schema folder's `v1.2`, `v1.10` … subfolders. */
export function latestSchemaVersion(versionedDir: string): string {
  const versions = readdirSync(versionedDir)
    .filter((name) => /^v\d+\.\d+$/.test(name))
    .map((name) => name.slice(1).split('.').map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const last = versions.at(-1);
  if (!last) throw new Error(`no schema versions in ${versionedDir}`);
  return `${last[0]}.${last[1]}`;
}

/** The schema version temporal-sql-tool recorded in a database; undefined when the database or its table is missing. */
export async function currentSchemaVersion(port: number, database: string): Promise<string | undefined> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: POSTGRES_USER, database });
  try {
    await client.connect();
  } catch (err) {
    if ((err as { code?: string }).code === '3D000') return undefined; // no such database
    throw err;
  }
  try {
    const { rows } = await client.query<{ curr_version: string }>(
      'SELECT curr_version FROM schema_version WHERE version_partition = 0 AND db_name = $1',
      [database],
    );
    return rows[0]?.curr_version;
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return undefined; // no schema_version table yet
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * Sets up or upgrades the `temporal` and `temporal_visibility` databases with temporal-sql-tool (create-database,
 * setup-schema -v 0.0, update-schema to the module's newest version), skipping a database already at that version.
 * Returns what was done per database, for the log.
 */
export async function ensureTemporalSchema(files: TemporalServerFiles, port: number): Promise<string[]> {
  const done: string[] = [];
  for (const [database, versioned] of [
    [TEMPORAL_DATABASE, files.schemaDir],
    [VISIBILITY_DATABASE, files.visibilitySchemaDir],
  ] as const) {
    const target = latestSchemaVersion(versioned);
    const current = await currentSchemaVersion(port, database);
    if (current === target) {
      done.push(`${database} already at ${target}`);
      continue;
    }
    const tool = (...args: string[]) =>
      run(files.sqlTool, ['--ep', '127.0.0.1', '-p', String(port), '-u', POSTGRES_USER, '--pl', 'postgres12', '--db', database, ...args], {
        maxBuffer: 16 << 20,
      }).catch((err: Error & { stderr?: string; stdout?: string }) => {
        throw new Error(`temporal-sql-tool ${args.join(' ')} on ${database} failed: ${err.stderr || err.stdout || err.message}`);
      });
    if (current === undefined) {
      // create-database fails when the database exists (a setup interrupted before its schema): that is fine.
      await tool('create-database').catch((err: Error) => {
        if (!/already exists/.test(err.message)) throw err;
      });
      await tool('setup-schema', '-v', '0.0');
    }
    await tool('update-schema', '-d', versioned);
    done.push(`${database} ${current ?? 'new'} → ${target}`);
  }
  return done;
}
