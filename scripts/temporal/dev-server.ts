import { TypedSearchAttributes } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';
import { startServerProcess, type ServerProcess } from './processes';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** The Web UI's port; false for none. */
  uiPort: number | false;
  /** A SQLite file that keeps the server's state across restarts; in memory when absent. */
  dbFile?: string;
  namespace?: string;
  echo?: boolean;
}

/** The arguments of `temporal server start-dev`, with the project's search attributes and update support. */
export function devServerArgs({ port, uiPort, dbFile, namespace = 'default' }: Omit<DevServerOptions, 'cliPath'>): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    ...(uiPort === false ? ['--headless'] : ['--ui-port', String(uiPort)]),
    ...(dbFile ? ['--db-filename', dbFile, '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL'] : []),
    ...SEARCH_ATTRIBUTES.flatMap((key) => [
      '--search-attribute',
      `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`,
    ]),
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableExecuteMultiOperation=true',
  ];
}

export function startDevServer(options: DevServerOptions): Promise<ServerProcess> {
  return startServerProcess('temporal dev server', options.cliPath, devServerArgs(options), '127.0.0.1', options.port, {
    echo: options.echo ?? false,
  });
}
