import { loadConfig } from '../platform/config';
import { databaseUrl } from '../platform/database-url';
import { logger } from '../platform/logger';
import { payloadDataConverter } from '../platform/payload-keys';
import { connectClient } from '../platform/temporal';
import { ReadModel } from '../readmodel';
import { createApp } from './app';
import { apiSettings } from './deps';
import { demoSwitchFrom } from '../scripts/startup';

// The API alone, for scale-out: as many processes as needed against TEMPORAL_ADDRESS and the same read model.
async function main(): Promise<void> {
  const config = loadConfig();
  // The embedded PostgreSQL is started here when no process has started it yet, and outlives this API.
  const readModel = await ReadModel.open(await databaseUrl(config, (line) => logger.info(line)));
  const client = await connectClient({ dataConverter: payloadDataConverter(config.dataDir) });
  const app = createApp({ client, readModel, taskQueue: config.taskQueue, ...apiSettings(config), demoSwitch: demoSwitchFrom(process.argv.slice(2), process.env) });
  const server = app.listen(config.port, () => logger.info({ port: config.port }, `API listening on http://localhost:${config.port}`));

  // A stop signal: no new connections; once the requests under way are answered, the pool and Temporal are let go.
  await new Promise<void>((resolve) => {
    const stop = () => {
      logger.info('shutting down');
      server.close(() => resolve());
    };
    process.once('SIGINT', stop).once('SIGTERM', stop);
  });
  await readModel.close();
  await client.connection.close();
}

main().catch((err) => {
  logger.fatal({ err }, 'API failed to start');
  process.exit(1);
});
