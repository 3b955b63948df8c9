import { loadavg } from 'node:os';

export const say = (line: string) => process.stdout.write(`${line}\n`);
export const seconds = (ms: number) => (ms / 1000).toFixed(1);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export interface Latency {
  p50: number;
  p99: number;
  status: number;
}

/** `n` sequential GETs after 10 of warm-up: p50 and p99 in ms, and the last status. */
export async function latency(url: string, n: number, authorization: string): Promise<Latency> {
  const times: number[] = [];
  let status = 0;
  const init = { headers: { authorization } };
  for (let i = 0; i < 10; i++) await (await fetch(url, init)).arrayBuffer();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, init);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    status = res.status;
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), status };
}

export interface Throughput {
  count: number;
  perSec: number;
  p50: number;
  p99: number;
  seconds: number;
}

/**
 * One loop per client, side by side, each through its own list of jobs, every job timed. Throughput is jobs done over
 * the wall time of the whole run.
 */
export async function concurrently<J>(jobs: { clients: J[][] }, clients: number, run: (job: J, client: number) => Promise<void>): Promise<Throughput> {
  const times: number[] = [];
  const start = performance.now();
  await Promise.all(
    jobs.clients.slice(0, clients).map(async (list, client) => {
      for (const job of list) {
        const t0 = performance.now();
        await run(job, client);
        times.push(performance.now() - t0);
      }
    }),
  );
  const ms = performance.now() - start;
  times.sort((a, b) => a - b);
  return { count: times.length, perSec: round(times.length / (ms / 1000)), p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), seconds: round(ms / 1000) };
}

/** The 1-minute load average, sampled every 10 s while a run lasts: its mean and maximum. */
export class LoadSampler {
  private readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 10_000);
    this.timer.unref();
  }

  private sample(): void {
    this.samples.push(loadavg()[0] as number);
  }

  stop(): { mean: number; max: number; samples: number } {
    clearInterval(this.timer);
    this.sample();
    const mean = this.samples.reduce((a, b) => a + b, 0) / this.samples.length;
    return { mean: round(mean, 2), max: round(Math.max(...this.samples), 2), samples: this.samples.length };
  }
}
