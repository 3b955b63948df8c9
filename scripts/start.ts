import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { apiSettings } from '../api/deps';
import { startRecurring } from '../api/recurring-schedule';
import { findDirective } from '../domain/catalog';
import { generateDemoOrg } from '../domain/demo-org';
import { loadConfig } from '../platform/config';
import { logger } from '../platform/logger';
import { payloadDataConverter } from '../platform/payload-keys';
import { connectClient, connectWorker } from '../platform/temporal';
import { ReadModel, type StoredUnit } from '../readmodel';
import { ROLE_NAMES, type Role } from '../domain/access';
import { issueToken, type TokenSettings } from '../platform/tokens';
import { createWorker } from '../worker/create-worker';
import { startEmbeddedTemporal } from './temporal/embedded';
import { ensureSearchAttributes } from './temporal/search-attributes';

/**
 * `npm start`: the whole product on one machine — the Temporal dev server (state kept in .data/), the worker and
 * the API, with the demo org loaded on first start. With TEMPORAL_ADDRESS set, no server is started and the
 * worker and API connect there instead.
 */
async function main(): Promise<void> {
  const config = loadConfig();
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

  const readModel = ReadModel.open(config.dbFile);
  if (readModel.org.count() === 0) {
    const inserted = readModel.org.insertUnits(generateDemoOrg());
    logger.info({ units: inserted }, 'demo org loaded: 延安市 (real counties, generated towns and villages)');
  }

  const { connection, namespace } = await connectWorker(address);
  const worker = await createWorker({ connection, namespace, taskQueue: config.taskQueue, readModel, client, dataConverter, webhook: config.webhook });
  const app = createApp({ client, readModel, taskQueue: config.taskQueue, ...apiSettings(config) });
  const server = app.listen(config.port);
  await new Promise<void>((ready, fail) => server.once('listening', ready).once('error', fail));

  const root = readModel.org.root();
  if (root && readModel.recurring.list({}).length === 0) await startDemoDuties(client, readModel, root.id, config.taskQueue);
  if (config.devTokenSecret) logger.warn('DUBAN_JWT_SECRET is not set: tokens are signed with a development key kept in the data folder');
  const people = root ? await demoPeople(readModel, root, config.tokens) : [];
  process.stdout.write(
    [
      '',
      '督办 duban is running',
      `  API          http://localhost:${config.port}   (try /api/catalog, /api/org)`,
      `  Temporal     ${address ?? process.env.TEMPORAL_ADDRESS} (namespace ${namespace})`,
      ...(embedded ? [`  Temporal UI  ${embedded.ui}`] : []),
      `  Org          ${root?.name ?? '(none)'} ${root?.id ?? ''}: ${readModel.org.count()} units`,
      `  Data         ${config.dataDir}`,
      ...(people.length
        ? [
            '  Demo sign-in (valid 12 h; more with npm run token -- --role ROLE --unit UNIT_ID):',
            ...people.flatMap((p) => [`    ${p.label}`, `      ${p.token}`]),
            `  e.g. curl -H "Authorization: Bearer <token>" http://localhost:${config.port}/api/org`,
          ]
        : []),
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
  readModel.close();
  await embedded?.stop();
}

/**
 * Ready tokens for a demo leader and supervisor at the root and staff at the first county's first town. The
 * supervisor sits with the leader: the demo's work is assigned by the city, and its 退回 and 验收 belong to the
 * assigning level (domain/access.ts oversees), not to a county holding a task of its own.
 */
async function demoPeople(readModel: ReadModel, root: StoredUnit, tokens: TokenSettings) {
  const county = readModel.org.children(root.id)[0];
  const town = county && readModel.org.children(county.id)[0];
  const seats: Array<[Role, StoredUnit | undefined, string]> = [
    ['leader', root, '王局长'],
    ['supervisor', root, '李督办'],
    ['staff', town, '张专干'],
  ];
  const people = [];
  for (const [role, unit, name] of seats) {
    if (!unit) continue;
    const token = await issueToken(tokens, { subject: `demo/${unit.id}/${role}`, name, role, unitId: unit.id, issuedBy: 'npm start (demo)' });
    people.push({ label: `${role.padEnd(10)} ${name} (${ROLE_NAMES[role]}) at ${unit.name} ${unit.id}`, token });
  }
  return people;
}

/**
 * The recurring duties of the speeches, running for the demo org from the first start: monthly rounds by every
 * town, holiday visits by every village, the care fund by every county each year. Each is a Schedule in the UI.
 */
async function startDemoDuties(client: Client, readModel: ReadModel, rootId: string, taskQueue: string): Promise<void> {
  const duties = [
    { id: 'demo-rounds', directiveId: 'monthly-village-rounds' },
    { id: 'demo-holiday-visits', directiveId: 'major-holiday-visits' },
    { id: 'demo-care-fund', directiveId: 'care-fund-establishment' },
  ];
  for (const duty of duties) {
    const directive = findDirective(duty.directiveId);
    if (!directive?.cadence) continue;
    await startRecurring(client, readModel, {
      id: duty.id,
      directiveId: directive.id,
      scopeUnitId: rootId,
      targetLevel: directive.targetLevel,
      cadence: directive.cadence.rule,
      createdAt: Date.now(),
    }, taskQueue, { issueCurrentPeriod: true });
  }
  logger.info({ schedules: duties.map((d) => d.id) }, 'demo recurring duties scheduled');
}

main().catch((err) => {
  logger.fatal({ err }, 'duban failed to start');
  process.exit(1);
});
