import type { AppConfig } from '../platform/config';
import { databaseLabel } from '../platform/database-label';
import { databaseUrl } from '../platform/database-url';
import { runningPid, stopPostgres } from '../platform/postgres-server';
import { ReadModel } from '../readmodel';

export interface CommandReadModel {
  readModel: ReadModel;
  /** Where it is, for the command's output (platform/database-label.ts). */
  label: string;
  /** Closes the connection, and stops the embedded server again when the command started it. */
  close(): Promise<void>;
}

/**
 * The read model for a one-off command (`npm run token`, `npm run org:import`): DATABASE_URL's, or the embedded
 * PostgreSQL in the data folder. A command leaves the machine as it found it: the embedded server is started for it
 * when no process runs it (initialised first in a fresh data folder), and stopped again when it is done.
 */
export async function openCommandReadModel(config: AppConfig): Promise<CommandReadModel> {
  const label = databaseLabel(config);
  const embedded = config.databaseUrl ? undefined : config.embeddedPostgres;
  const startedHere = embedded !== undefined && runningPid(embedded.dir) === undefined;
  const stop = async () => {
    if (startedHere) await stopPostgres(embedded.dir);
  };
  let readModel: ReadModel;
  try {
    readModel = await ReadModel.open(await databaseUrl(config));
  } catch (err) {
    await stop();
    throw new Error(`cannot open the read model (${label}): ${(err as Error).message}`, { cause: err });
  }
  return {
    readModel,
    label,
    close: async () => {
      try {
        await readModel.close();
      } finally {
        await stop();
      }
    },
  };
}
