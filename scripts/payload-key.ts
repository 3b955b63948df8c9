import { newPayloadKeyEntry } from '../platform/payload-keys';

/**
 * `npm run payload:key [-- ID]`: prints a fresh `id:base64key` entry for DUBAN_PAYLOAD_KEYS (32 random bytes; the id
 * defaults to today's date, e.g. k20261122). To rotate, put it first and keep the old entries after it.
 */
try {
  process.stdout.write(`${newPayloadKeyEntry(...process.argv.slice(2, 3))}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
