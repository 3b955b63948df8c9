import { randomBytes } from 'node:crypto';
import type { DataConverter } from '@temporalio/common';
import { devSecret } from './dev-secret';
import { logger } from './logger';
import { AesGcmPayloadCodec, KEY_BYTES, type PayloadKeys } from './payload-codec';

export const PAYLOAD_KEYS_ENV = 'DUBAN_PAYLOAD_KEYS';
/** The key id of the development key kept in the data folder. */
export const DEV_KEY_ID = 'dev';
const DEV_KEY_FILE = 'payload-key';
const KEY_ID = /^[\w.-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface LoadedPayloadKeys extends PayloadKeys {
  /** Set when DUBAN_PAYLOAD_KEYS is unset and the development key in the data folder is used. */
  devKeyFile?: string;
}

const invalid = (problem: string) => new Error(`invalid environment: ${PAYLOAD_KEYS_ENV}: ${problem}`);

/**
 * Parses `keyId:base64key[,keyId:base64key…]`: the first entry encrypts, every entry decrypts. Errors name the entry
 * and, once it is known to be well formed, its key id; never a key.
 */
export function parsePayloadKeys(value: string): PayloadKeys {
  const entries = value.split(',').map((e) => e.trim());
  if (entries.length === 1 && entries[0] === '') {
    throw invalid(`is empty; set keyId:base64key entries (npm run payload:key makes one), or unset it for the development key`);
  }
  const keys = new Map<string, Buffer>();
  let current: string | undefined;
  entries.forEach((entry, i) => {
    const n = `entry ${i + 1}`;
    if (entry === '') throw invalid(`${n} is empty (a stray comma?)`);
    const colon = entry.indexOf(':');
    if (colon < 0) throw invalid(`${n} has no ':'; each entry is keyId:base64key`);
    const id = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) throw invalid(`${n}: the key id must be 1-64 letters, digits, '_', '.' or '-'`);
    if (keys.has(id)) throw invalid(`key id '${id}' appears more than once`);
    if (encoded === '' || !BASE64.test(encoded)) throw invalid(`key '${id}' is not valid base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES) {
      throw invalid(`key '${id}' is ${key.length} bytes after base64 decoding; AES-256 needs exactly ${KEY_BYTES}`);
    }
    keys.set(id, key);
    current ??= id;
  });
  return { current: current as string, keys };
}

/**
 * The payload key ring from DUBAN_PAYLOAD_KEYS, or, when that is unset, a development key made once in the data
 * folder (key id `dev`), so that `npm start`, a restarted worker and a separate API process agree on a machine
 * without configuration. The caller warns about the latter (`devKeyFile` is set).
 */
export function loadPayloadKeys(env: NodeJS.ProcessEnv, dataDir: string): LoadedPayloadKeys {
  const value = env[PAYLOAD_KEYS_ENV];
  if (value !== undefined) return parsePayloadKeys(value);
  const { value: key, file } = devSecret(dataDir, DEV_KEY_FILE, KEY_BYTES);
  if (key.length !== KEY_BYTES) {
    throw new Error(`the development payload key in ${file} is not ${KEY_BYTES} bytes of base64; set ${PAYLOAD_KEYS_ENV}`);
  }
  return { current: DEV_KEY_ID, keys: new Map([[DEV_KEY_ID, key]]), devKeyFile: file };
}

/** The data converter every Client and Worker of the project uses: the default converters, then encryption. */
export function dataConverterFor(keys: PayloadKeys): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)] };
}

/** For the processes' main(): the key ring from the environment, with a warning when it is the development key. */
export function payloadDataConverter(dataDir: string, env: NodeJS.ProcessEnv = process.env): DataConverter {
  const keys = loadPayloadKeys(env, dataDir);
  if (keys.devKeyFile) {
    logger.warn(
      { keyFile: keys.devKeyFile },
      `workflow payloads are encrypted with the development key in the data folder; set ${PAYLOAD_KEYS_ENV} in production (npm run payload:key)`,
    );
  }
  return dataConverterFor(keys);
}

/** A fresh `keyId:base64key` entry for DUBAN_PAYLOAD_KEYS; the id defaults to today's date, e.g. `k20261122`. */
export function newPayloadKeyEntry(id = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`): string {
  if (!KEY_ID.test(id)) throw new Error(`a key id must be 1-64 letters, digits, '_', '.' or '-'`);
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}
