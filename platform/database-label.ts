import type { AppConfig } from './config';

/**
 * Where the read model is, for a person reading the console: the embedded server's folder and port, or DATABASE_URL's
 * host, port and database — never its user or password.
 */
export function databaseLabel(config: Pick<AppConfig, 'databaseUrl' | 'embeddedPostgres'>): string {
  if (!config.databaseUrl) return `PostgreSQL 127.0.0.1:${config.embeddedPostgres.port} (embedded, data in ${config.embeddedPostgres.dir})`;
  try {
    const url = new URL(config.databaseUrl);
    return `PostgreSQL ${url.host}${url.pathname} (DATABASE_URL)`;
  } catch {
    return 'PostgreSQL at DATABASE_URL';
  }
}
