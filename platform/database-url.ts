import type { AppConfig } from './config';
import { ensureDatabase, startPostgres } from './postgres-server';

/** The read model's database on the embedded server. */
export const EMBEDDED_DATABASE = 'duban';

/**
 * The read model's connection string: DATABASE_URL when set; otherwise the embedded PostgreSQL in the data folder,
 * started when no process has started it yet (npm start, or the first of the worker and API run on their own).
 */
export async function databaseUrl(
  config: Pick<AppConfig, 'databaseUrl' | 'embeddedPostgres'>,
  log?: (line: string) => void,
  options: { attached?: boolean } = {},
): Promise<string> {
  if (config.databaseUrl) return config.databaseUrl;
  const server = await startPostgres({ ...config.embeddedPostgres, ...options, ...(log ? { log } : {}) });
  await ensureDatabase(server.url(), EMBEDDED_DATABASE);
  return server.url(EMBEDDED_DATABASE);
}
