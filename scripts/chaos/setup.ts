import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { generateProvinceDemo } from '../../domain/province-demo';
import { issueToken, type TokenSettings } from '../../platform/tokens';
import { ReadModel, type StoredUnit } from '../../readmodel';
import { startCluster, type Cluster } from '../cluster/cluster';
import { freeBasePort } from '../cluster/ports';
import { ApiCaller } from './http';

/** What every scenario works on: its own cluster, the generated org loaded, tokens, and a way to call the APIs. */
export interface ChaosEnv {
  cluster: Cluster;
  /** A read model of its own on the cluster's database, for the checks (never the APIs'). */
  readModel: ReadModel;
  /** Plain (no payload codec): only visibility is asked. */
  temporal: Client;
  villages: number;
  root: StoredUnit;
  leader: string;
  staffToken(unitId: string): Promise<string>;
  api: ApiCaller;
  log: (line: string) => void;
  /** Closes this process's connections; the cluster is stopped by its owner. */
  close(): Promise<void>;
}

export interface ChaosSetupOptions {
  dir: string;
  villages: number;
  log: (line: string) => void;
  /** More environment for the workers and APIs (e.g. back-pressure settings). */
  env?: NodeJS.ProcessEnv;
}

export async function startChaosEnv({ dir, villages, log, env }: ChaosSetupOptions): Promise<ChaosEnv> {
  const secret = randomBytes(32);
  const tokens: TokenSettings = { secret: new Uint8Array(secret), issuer: 'duban', audience: 'duban-api' };
  const cluster = await startCluster({
    dir,
    basePort: await freeBasePort(2),
    workers: 2,
    apis: 2,
    log: (line) => log(`[cluster] ${line}`),
    env: {
      DUBAN_JWT_SECRET: secret.toString('base64'),
      // 32 clients each signed in as their own unit's staff, many requests a minute: the write limit is not measured here.
      DUBAN_WRITE_RATE_LIMIT: '100000',
      DUBAN_ANONYMOUS_WRITE_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  let readModel: ReadModel | undefined;
  let connection: Connection | undefined;
  try {
    readModel = await ReadModel.open(cluster.databaseUrl);
    const started = Date.now();
    const units = generateProvinceDemo({ villages });
    await readModel.org.insertUnits(units);
    const root = await readModel.org.root();
    if (!root) throw new Error('no org root after the import');
    log(`org: ${units.length} units (${villages} villages) under ${root.name} loaded in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    connection = await Connection.connect({ address: cluster.temporalAddress });
    const temporal = new Client({ connection, namespace: cluster.namespace });
    const leader = await issueToken(tokens, { subject: 'chaos/leader', name: 'chaos leader', role: 'leader', unitId: root.id });
    const staff = new Map<string, Promise<string>>();
    const rm = readModel;
    const conn = connection;
    return {
      cluster,
      readModel: rm,
      temporal,
      villages,
      root,
      leader,
      staffToken(unitId) {
        let token = staff.get(unitId);
        if (!token) {
          token = issueToken(tokens, { subject: `chaos/staff-${unitId}`, name: `staff ${unitId}`, role: 'staff', unitId });
          staff.set(unitId, token);
        }
        return token;
      },
      api: new ApiCaller(cluster.apis.map((a) => `http://127.0.0.1:${a.ports[0]}`)),
      log,
      async close() {
        await conn.close().catch(() => undefined);
        await rm.close().catch(() => undefined);
      },
    };
  } catch (err) {
    await connection?.close().catch(() => undefined);
    await readModel?.close().catch(() => undefined);
    await cluster.stop();
    throw err;
  }
}
