import { spawn, spawnSync } from 'node:child_process';

/**
 * Runs the whole suite again and again while another process keeps one core busy, as a busy CI machine would,
 * and prints each run's result and duration. `npm run test:soak -- --runs 10 [--busy-cores 1]`.
 */
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}

const runs = option('runs', 10);
const busyCores = option('busy-cores', 1);
// Busy loops in their own processes: the load the suite must tolerate, not part of it.
const load = Array.from({ length: busyCores }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopLoad = () => load.forEach((child) => child.kill('SIGKILL'));
process.on('exit', stopLoad);
process.on('SIGINT', () => process.exit(130));

const results: Array<{ run: number; passed: boolean; seconds: number }> = [];
for (let run = 1; run <= runs; run += 1) {
  const started = Date.now();
  const { status } = spawnSync('npx', ['vitest', 'run'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const seconds = Math.round((Date.now() - started) / 1000);
  results.push({ run, passed: status === 0, seconds });
  process.stdout.write(`[soak] run ${run}/${runs}: ${status === 0 ? 'passed' : 'FAILED'} in ${seconds}s\n`);
}
stopLoad();

const failed = results.filter((r) => !r.passed).length;
process.stdout.write(
  `[soak] ${runs - failed}/${runs} runs passed with ${busyCores} core(s) kept busy; durations ${results.map((r) => `${r.seconds}s`).join(', ')}\n`,
);
process.exit(failed === 0 ? 0 : 1);
