import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A random secret kept in the data folder, for a demo or a developer's machine that set none in the environment:
 * made once (readable by the owner only) and read back by every later process, so `npm start`, `npm run token` and
 * a restarted worker agree. Production sets the secret in the environment instead; `created` lets the caller warn.
 */
export function devSecret(dataDir: string, fileName: string, bytes = 32): { value: Buffer; file: string; created: boolean } {
  const file = join(dataDir, fileName);
  try {
    return { value: Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), file, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(bytes);
  try {
    // 'wx': two processes starting together keep whichever secret was written first.
    writeFileSync(file, `${value.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return devSecret(dataDir, fileName, bytes);
    throw err;
  }
  return { value, file, created: true };
}
