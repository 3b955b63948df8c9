import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createApp } from '../api/app';
import { apiSettings } from '../api/deps';
import { startBulletinSchedule } from '../api/bulletin-schedule';
import { refreshRecurringSchedules } from '../api/recurring-schedule';
import { loadConfig } from '../platform/config';
import { databaseLabel } from '../platform/database-label';
import { databaseUrl } from '../platform/database-url';
import { logger } from '../platform/logger';
import { payloadDataConverter } from '../platform/payload-keys';
import { stopPostgres } from '../platform/postgres-server';
import { connectClient, connectWorker } from '../platform/temporal';
import { ReadModel } from '../readmodel';
import { createWorker } from '../worker/create-worker';
import { bulletinScope, demoSwitchFrom, prepareInstallation } from './startup';
import { startEmbeddedTemporal } from './temporal/embedded';
import { ensureSearchAttributes } from './temporal/search-attributes';
import { ensureWebBuilt } from './web-build';

/**
 * `npm start`: the whole product on one machine — the Temporal dev server and the read model's PostgreSQL (state
 * kept in .data/), the worker and the API. A fresh data folder gets the demo org, its duties and ready tokens; an
 * imported real org gets none of that (scripts/startup.ts; `--demo`/`DUBAN_DEMO=1` or `--no-demo`/`DUBAN_DEMO=0`
 * decide explicitly). With TEMPORAL_ADDRESS set, no dev server is started and the worker and API connect there
 * instead; with DATABASE_URL set, no PostgreSQL is started and the read model is kept there.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // A fresh clone (or changed web/ sources): build the web app the API serves at /, showing Vite's progress. A failed
  // build does not keep the API from starting: `/` then says the app is not built.
  await ensureWebBuilt().catch((err: unknown) => logger.error({ err }, 'the web app could not be built (npm run build:web shows why)'));
  // Before the dev server starts: a bad DUBAN_PAYLOAD_KEYS stops here.
  const dataConverter = payloadDataConverter(config.dataDir);
  // The SDK's info lines (webpack's bundle report among them) would bury the banner below.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const embedded = config.externalTemporal ? undefined : await startEmbeddedTemporal(config.dataDir, config.temporalPort);
  const address = embedded?.address;

  const client = await connectClient({ address, dataConverter });
  const added = await ensureSearchAttributes(client.connection, client.options.namespace).catch((err: Error) => {
    logger.warn({ err: err.message }, 'could not register search attributes; register them on the cluster');
    return [];
  });
  if (added.length) logger.info({ added }, 'search attributes registered');

  // The read model's PostgreSQL before the worker and API: the embedded server in the data folder (started unless a
  // process already has, and stopped on exit like the dev server), or the one DATABASE_URL names, left as it is.
  const embeddedPostgres = config.databaseUrl ? undefined : config.embeddedPostgres;
  if (embeddedPostgres) logger.info({ dir: embeddedPostgres.dir, port: embeddedPostgres.port }, 'starting PostgreSQL (the read model)');
  const readModel = await ReadModel.open(await databaseUrl(config, (line) => logger.info(line)));
  const demoSwitch = demoSwitchFrom(process.argv.slice(2), process.env);

  const { connection, namespace } = await connectWorker(address);
  const worker = await createWorker({ connection, namespace, taskQueue: config.taskQueue, readModel, client, dataConverter, webhook: config.webhook, acknowledgeWorkingDays: config.acknowledgeWorkingDays, limits: config.workerLimits, lights: config.lights });
  const app = createApp({ client, readModel, taskQueue: config.taskQueue, ...apiSettings(config), demoSwitch });
  const server = app.listen(config.port);
  await new Promise<void>((ready, fail) => server.once('listening', ready).once('error', fail));

  const refreshed = await refreshRecurringSchedules(client, readModel, Date.now());
  if (refreshed.length) logger.info({ schedules: refreshed }, 'recurring Schedules brought up to the calendar');
  const startup = await prepareInstallation({ client, readModel, taskQueue: config.taskQueue, tokens: config.tokens, demoSwitch, port: config.port });
  logger.info({ demo: startup.mode.demo, why: startup.mode.why }, startup.mode.demo ? 'demo installation' : 'real installation: no demo duties or tokens');
  if (startup.mode.loadDemoOrg) logger.info({ units: await readModel.org.count() }, 'demo org loaded: 延安市 (real counties, generated towns and villages)');
  if (startup.scheduled.length) logger.info({ schedules: startup.scheduled }, 'demo recurring duties scheduled');
  const bulletins = await bulletinScope(readModel, startup.mode, config.bulletinScope);
  if (bulletins && (await startBulletinSchedule(client, bulletins.id, config.taskQueue))) {
    logger.info({ scopeUnitId: bulletins.id }, `monthly 通报 of ${bulletins.name} scheduled`);
  }
  const root = await readModel.org.root();
  const units = await readModel.org.count();
  if (config.devTokenSecret) logger.warn('DUBAN_JWT_SECRET is not set: tokens are signed with a development key kept in the data folder');
  process.stdout.write(
    [
      '',
      '督办 duban is running',
      `  API          http://localhost:${config.port}   (try /api/catalog, /api/org)`,
      `  Temporal     ${address ?? process.env.TEMPORAL_ADDRESS} (namespace ${namespace})`,
      ...(embedded ? [`  Temporal UI  ${embedded.ui}`] : []),
      `  Read model   ${databaseLabel(config)}`,
      `  Org          ${root?.name ?? '(none)'} ${root?.id ?? ''}: ${units} units`,
      `  Data         ${config.dataDir}`,
      ...startup.signIn,
      '  Ctrl-C stops everything; state is kept for the next start.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down');
    server.close();
    worker.shutdown();
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);

  await worker.run();
  await connection.close();
  await client.connection.close();
  await readModel.close();
  await embedded?.stop();
  if (embeddedPostgres) await stopPostgres(embeddedPostgres.dir);
}

main().catch((err) => {
  logger.fatal({ err }, 'duban failed to start');
  process.exit(1);
});
