import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopCluster } from '../../scripts/cluster/cluster';
import { pidAlive } from '../../scripts/cluster/process';
import { provisionTemporalServer } from '../../scripts/cluster/server-binaries';
import { readState, runningProcesses } from '../../scripts/cluster/state';
import { rateLine, summary, table } from '../../scripts/chaos/report';
import {
  clean,
  FULL_OPTIONS,
  historyKill,
  postgresRestart,
  temporalOutage,
  workerKillMidFanOut,
  type ScenarioOptions,
  type ScenarioResult,
  type Shared,
} from '../../scripts/chaos/scenarios';
import { startChaosEnv, type ChaosEnv } from '../../scripts/chaos/setup';

/**
 * Issue 15 part 4 at a small size: the scenarios of `npm run chaos` (the same functions) on a cluster of their own,
 * each asserting nothing lost, nothing duplicated and no 5xx but 503. No speed is asserted: rates and recovery times
 * are printed, not checked, so a busy machine only makes it slower.
 */
const VILLAGES = 300;
const OPTIONS: ScenarioOptions = { ...FULL_OPTIONS, outageSeconds: 10, warmupSeconds: 8, tailSeconds: 5, maxAfterSeconds: 60, killAtShare: 0.2 };
const log = (line: string) => console.log(`[chaos] ${line}`);

describe('npm run chaos at a small size: faults lose nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-chaos-test-'));
  let env: ChaosEnv | undefined;
  const shared: Shared = {};
  const results: ScenarioResult[] = [];

  // On a fresh machine this builds the server from its Go module (see test/scripts/cluster.test.ts), once.
  beforeAll(async () => {
    await provisionTemporalServer();
  }, 30 * 60_000);

  beforeAll(async () => {
    // A slower fan-out than the default, so (a)'s kill lands while the tasks are still being started.
    env = await startChaosEnv({ dir, villages: VILLAGES, log, env: { DUBAN_FANOUT_STARTS_PER_SECOND: '10' } });
  }, 300_000);

  afterAll(async () => {
    if (results.length) {
      log(`\n${table(results)}\n${results.map(rateLine).join('\n')}\n${JSON.stringify(summary(results))}`);
    }
    await env?.close();
    await stopCluster(dir, log);
    const left = runningProcesses(readState(dir));
    rmSync(dir, { recursive: true, force: true });
    expect(left.filter((p) => p.pid !== null && pidAlive(p.pid))).toEqual([]);
  }, 120_000);

  const expectClean = (r: ScenarioResult) => {
    expect({ id: r.id, lost: r.lost, duplicated: r.duplicated, unexpected5xx: r.unexpected5xx, details: clean(r) ? undefined : r.details }).toEqual({
      id: r.id,
      lost: 0,
      duplicated: 0,
      unexpected5xx: 0,
      details: undefined,
    });
  };

  it('(a) kill -9 of a worker mid fan-out: one task per village in Temporal and the read model', async () => {
    const r = await workerKillMidFanOut(env as ChaosEnv, OPTIONS, shared);
    results.push(r);
    expectClean(r);
    expect(r.details.tasks).toMatchObject({ readModel: { tasks: VILLAGES, units: VILLAGES }, temporal: { tasks: VILLAGES, units: VILLAGES } });
  }, 900_000);

  it('(b) kill -9 of the history process under completing clients: every acknowledged completion kept, audited once', async () => {
    const r = await historyKill(env as ChaosEnv, OPTIONS, shared);
    results.push(r);
    expectClean(r);
    expect(r.size).toBeGreaterThan(0);
  }, 600_000);

  it('(c) PostgreSQL restarted under completing clients: the same, and no 5xx but 503', async () => {
    const r = await postgresRestart(env as ChaosEnv, OPTIONS, shared);
    results.push(r);
    expectClean(r);
    expect(r.size).toBeGreaterThan(0);
  }, 600_000);

  it('(d) Temporal away from the API: no 5xx but 503 meanwhile (a short outage may be ridden out by the retries within), every acknowledged completion kept', async () => {
    const r = await temporalOutage(env as ChaosEnv, OPTIONS, shared);
    results.push(r);
    expectClean(r);
    expect(r.size).toBeGreaterThan(0);
  }, 600_000);
});
