import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Finding and running the external commands that provision the Temporal binaries (pip, go, mvn, …). */

export const log = (message: string) => process.stderr.write(`[temporal] ${message}\n`);

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Runs a slow command, printing a line every few seconds with the elapsed time and how many lines of `countLines`
 * it has printed, so a first build never looks hung. Resolves with its exit code and the output's tail.
 */
export function runWithProgress(
  label: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  countLines: RegExp,
  unit: string,
): Promise<{ code: number; tail: string }> {
  return new Promise((done) => {
    const started = Date.now();
    let counted = 0;
    let tail = '';
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      counted += text.split('\n').filter((line) => countLines.test(line)).length;
      tail = (tail + text).slice(-4000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setInterval(() => {
      log(`${label}: ${Math.round((Date.now() - started) / 1000)}s, ${counted} ${unit}`);
    }, 10_000);
    child.on('error', (err) => {
      clearInterval(timer);
      done({ code: -1, tail: String(err) });
    });
    child.on('close', (code) => {
      clearInterval(timer);
      log(`${label}: finished in ${Math.round((Date.now() - started) / 1000)}s (exit ${code})`);
      done({ code: code ?? -1, tail });
    });
  });
}
