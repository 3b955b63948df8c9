import { loadConfig } from '../platform/config';
import { databaseUrl } from '../platform/database-url';
import { logger } from '../platform/logger';
import { payloadDataConverter } from '../platform/payload-keys';
import { connectClient, connectWorker } from '../platform/temporal';
import { ReadModel } from '../readmodel';
import { createWorker } from './create-worker';

// The worker alone, for scale-out: run as many as needed against TEMPORAL_ADDRESS and the same read model.
async function main(): Promise<void> {
  const config = loadConfig();
  // The embedded PostgreSQL is started here when no process has started it yet, and outlives this worker.
  const readModel = await ReadModel.open(await databaseUrl(config, (line) => logger.info(line)));
  const dataConverter = payloadDataConverter(config.dataDir);
  const { connection, namespace } = await connectWorker();
  const client = await connectClient({ dataConverter });
  const worker = await createWorker({ connection, namespace, taskQueue: config.taskQueue, readModel, client, dataConverter, webhook: config.webhook, acknowledgeWorkingDays: config.acknowledgeWorkingDays, limits: config.workerLimits, lights: config.lights });
  logger.info({ taskQueue: config.taskQueue, namespace }, 'worker started');
  await worker.run();
  await readModel.close();
  await client.connection.close();
  await connection.close();
}

main().catch((err) => {
  logger.fatal({ err }, 'worker failed');
  process.exit(1);
});
