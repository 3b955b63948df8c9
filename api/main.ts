import { loadConfig } from '../platform/config';
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
  const readModel = ReadModel.open(config.dbFile);
  const client = await connectClient({ dataConverter: payloadDataConverter(config.dataDir) });
  const app = createApp({ client, readModel, taskQueue: config.taskQueue, ...apiSettings(config), demoSwitch: demoSwitchFrom(process.argv.slice(2), process.env) });
  app.listen(config.port, () => logger.info({ port: config.port }, `API listening on http://localhost:${config.port}`));
}

main().catch((err) => {
  logger.fatal({ err }, 'API failed to start');
  process.exit(1);
});
