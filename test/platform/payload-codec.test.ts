import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadDecryptionError, type PayloadKeys } from '../../platform/payload-codec';
import { dataConverterFor, loadPayloadKeys, newPayloadKeyEntry, parsePayloadKeys } from '../../platform/payload-keys';
import { tempDir } from '../support/temp-dir';

const K1 = randomBytes(32);
const K2 = randomBytes(32);
const ring = (current: string, keys: Record<string, Buffer>): PayloadKeys => ({ current, keys: new Map(Object.entries(keys)) });
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const b64 = (b: Buffer) => b.toString('base64');

const PERSON = { petitioner: '张三丰', contact: '13800000000', summary: '反映优抚金发放不及时' };
const payloadOf = (value: unknown) => defaultPayloadConverter.toPayload(value) as Payload;
/** The error a rejected decode threw (failing the test if it resolved). */
const decodeError = (codec: AesGcmPayloadCodec, payloads: Payload[]) =>
  codec.decode(payloads).then(
    () => expect.unreachable('decode should have failed'),
    (e: unknown) => e as Error,
  );

describe('AES-256-GCM payload codec', () => {
  const codec = new AesGcmPayloadCodec(ring('k1', { k1: K1 }));

  it('encrypts the whole payload, metadata included, and decrypts it back exactly', async () => {
    const originals = [payloadOf(PERSON), payloadOf(null), payloadOf(undefined), payloadOf(new Uint8Array([0, 1, 2, 255]))];
    const encoded = await codec.encode(originals);
    expect(encoded).toHaveLength(originals.length);
    for (const p of encoded) {
      expect(Object.keys(p.metadata ?? {}).sort()).toEqual(['encoding', KEY_ID_METADATA]);
      expect(text(p.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
      expect(text(p.metadata?.[KEY_ID_METADATA])).toBe('k1');
    }
    const raw = Buffer.from(encoded[0]!.data!);
    for (const s of [PERSON.petitioner, PERSON.contact, 'json/plain']) expect(raw.includes(Buffer.from(s))).toBe(false);

    const decoded = await codec.decode(encoded);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([PERSON, null, undefined, new Uint8Array([0, 1, 2, 255])]);
    decoded.forEach((p, i) => {
      expect(text(p.metadata?.encoding)).toBe(text(originals[i]!.metadata?.encoding));
      expect(Buffer.from(p.data ?? [])).toEqual(Buffer.from(originals[i]!.data ?? []));
    });
    expect(await codec.encode([])).toEqual([]);
  });

  it('uses a fresh IV each time: the same payload encrypts differently', async () => {
    const same = payloadOf(PERSON);
    const [a, b] = await codec.encode([same, same]);
    expect(Buffer.from(a!.data!).subarray(0, 12)).not.toEqual(Buffer.from(b!.data!).subarray(0, 12));
    expect(Buffer.from(a!.data!)).not.toEqual(Buffer.from(b!.data!));
    const [da, db] = await codec.decode([a!, b!]);
    expect(defaultPayloadConverter.fromPayload(da!)).toEqual(PERSON);
    expect(defaultPayloadConverter.fromPayload(db!)).toEqual(PERSON);
  });

  it('rotates: payloads of the old key still decrypt after the new key is put first; new ones use the new key', async () => {
    const [old] = await new AesGcmPayloadCodec(ring('k1', { k1: K1 })).encode([payloadOf('from before')]);
    const rotated = new AesGcmPayloadCodec(ring('k2', { k2: K2, k1: K1 }));
    const [fresh] = await rotated.encode([payloadOf('from after')]);
    expect(text(fresh!.metadata?.[KEY_ID_METADATA])).toBe('k2');
    const decoded = await rotated.decode([old!, fresh!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['from before', 'from after']);

    // Once k1 is dropped from the ring, its payloads are unreadable, and the error says which key is missing.
    const err = await decodeError(new AesGcmPayloadCodec(ring('k2', { k2: K2 })), [old!]);
    expect(err).toBeInstanceOf(PayloadDecryptionError);
    expect(err.message).toContain("'k1'");
  });

  it('refuses altered ciphertext, IV or tag, a relabelled key id, and a different key under the same id', async () => {
    const [good] = await codec.encode([payloadOf(PERSON)]);
    const data = Buffer.from(good!.data!);
    const flip = (at: number) => {
      const copy = Buffer.from(data);
      copy[at]! ^= 0x01;
      return { metadata: good!.metadata, data: copy };
    };
    const both = new AesGcmPayloadCodec(ring('k1', { k1: K1, k2: K1 }));
    const cases: Array<[AesGcmPayloadCodec, Payload, string]> = [
      [codec, flip(0), 'k1'], // IV
      [codec, flip(20), 'k1'], // ciphertext
      [codec, flip(data.length - 1), 'k1'], // tag
      [codec, { metadata: good!.metadata, data: data.subarray(0, 20) }, 'k1'], // truncated
      // The same key bytes under another id: the key id is authenticated data, so relabelling fails.
      [both, { metadata: { ...good!.metadata, [KEY_ID_METADATA]: Buffer.from('k2') }, data }, 'k2'],
      [new AesGcmPayloadCodec(ring('k1', { k1: K2 })), good!, 'k1'],
    ];
    for (const [c, payload, keyId] of cases) {
      const err = await decodeError(c, [payload]);
      expect(err).toBeInstanceOf(PayloadDecryptionError);
      expect(err.message).toContain(`'${keyId}'`);
      for (const s of [PERSON.petitioner, PERSON.contact, b64(K1), b64(K2)]) expect(err.message).not.toContain(s);
    }
  });

  it('names an unknown key id in its error, and a payload without one', async () => {
    const [other] = await new AesGcmPayloadCodec(ring('k9', { k9: K2 })).encode([payloadOf(PERSON)]);
    const err = await decodeError(codec, [other!]);
    expect(err).toBeInstanceOf(PayloadDecryptionError);
    expect(err.message).toMatch(/key id 'k9'.*no such key/);
    expect((err as PayloadDecryptionError).keyId).toBe('k9');
    expect(err.message).not.toContain(PERSON.petitioner);

    const anonymous = { metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING) }, data: other!.data };
    expect((await decodeError(codec, [anonymous])).message).toContain(KEY_ID_METADATA);
  });

  it('passes payloads it did not encrypt through decode unchanged (plaintext histories keep replaying)', async () => {
    const plain = [payloadOf(PERSON), payloadOf(null), { metadata: {}, data: new Uint8Array([1]) }, {}];
    const decoded = await codec.decode(plain);
    decoded.forEach((p, i) => expect(p).toBe(plain[i]));
  });

  it('refuses a key ring whose current key is missing or a key of the wrong size', () => {
    expect(() => new AesGcmPayloadCodec(ring('k2', { k1: K1 }))).toThrow("current payload key 'k2'");
    expect(() => new AesGcmPayloadCodec(ring('k1', { k1: randomBytes(16) }))).toThrow("payload key 'k1' is 16 bytes");
  });
});

describe('payload keys from the environment', () => {
  const env = (value: string | undefined) => (value === undefined ? {} : { DUBAN_PAYLOAD_KEYS: value });
  const dataDir = () => tempDir('duban-keys-');

  it('reads keyId:base64key entries: the first encrypts, all decrypt', () => {
    const keys = loadPayloadKeys(env(` k2:${b64(K2)} , k1:${b64(K1)}\n`), dataDir());
    expect(keys.current).toBe('k2');
    expect([...keys.keys.keys()]).toEqual(['k2', 'k1']);
    expect(keys.keys.get('k1')).toEqual(K1);
    expect(keys.devKeyFile).toBeUndefined();
    expect(parsePayloadKeys(`a.b_c-1:${b64(K1)}`).current).toBe('a.b_c-1');
    const converter = dataConverterFor(keys);
    expect(converter.payloadCodecs).toHaveLength(1);
    expect(converter.payloadCodecs?.[0]).toBeInstanceOf(AesGcmPayloadCodec);
  });

  it('names what is wrong with a bad value, and never prints a key', () => {
    const short = b64(randomBytes(16));
    const bad: Array<[string, RegExp]> = [
      ['', /is empty/],
      ['   ', /is empty/],
      [`k1:${b64(K1)},`, /entry 2 is empty/],
      [b64(K1), /entry 1 has no ':'/],
      [`k1:${b64(K1)},k2:not base64!`, /key 'k2' is not valid base64/],
      [`k1:${b64(K1).slice(0, -1)}`, /key 'k1' is not valid base64/],
      ['k1:', /key 'k1' is not valid base64/],
      [`k1:${short}`, /key 'k1' is 16 bytes after base64 decoding; AES-256 needs exactly 32/],
      [`k1:${b64(randomBytes(33))}`, /key 'k1' is 33 bytes/],
      [`k1:${b64(K1)},k1:${b64(K2)}`, /key id 'k1' appears more than once/],
      [`bad id:${b64(K1)}`, /entry 1: the key id must be 1-64 letters/],
      [`:${b64(K1)}`, /entry 1: the key id must be/],
      [`${'x'.repeat(65)}:${b64(K1)}`, /entry 1: the key id must be/],
      [`k1:${b64(K1)},k/2:${b64(K2)}`, /entry 2: the key id must be/],
    ];
    for (const [value, message] of bad) {
      let err: Error | undefined;
      try {
        loadPayloadKeys(env(value), dataDir());
      } catch (e) {
        err = e as Error;
      }
      expect(err, value).toBeInstanceOf(Error);
      expect(err!.message).toMatch(/^invalid environment: DUBAN_PAYLOAD_KEYS: /);
      expect(err!.message).toMatch(message);
      for (const key of [b64(K1), b64(K2), short]) expect(err!.message).not.toContain(key);
    }
  });

  it('without DUBAN_PAYLOAD_KEYS uses a development key made once in the data folder, readable by its owner only', () => {
    const dir = dataDir();
    const first = loadPayloadKeys(env(undefined), dir);
    expect(first.current).toBe('dev');
    expect(first.keys.get('dev')).toHaveLength(32);
    expect(first.devKeyFile).toBe(join(dir, 'payload-key'));
    expect(statSync(first.devKeyFile!).mode & 0o777).toBe(0o600);
    // A second process (the worker beside the API) reads the same key.
    expect(loadPayloadKeys(env(undefined), dir).keys.get('dev')).toEqual(first.keys.get('dev'));
  });

  it('npm run payload:key prints a fresh entry that DUBAN_PAYLOAD_KEYS accepts', () => {
    expect(newPayloadKeyEntry()).toMatch(/^k\d{8}:[A-Za-z0-9+/]{43}=$/);
    expect(newPayloadKeyEntry('k1')).not.toBe(newPayloadKeyEntry('k1'));
    expect(() => newPayloadKeyEntry('no spaces')).toThrow(/key id/);

    const root = resolve(__dirname, '../..');
    const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/payload-key.ts', 'k2026'], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/^k2026:[A-Za-z0-9+/]{43}=\n$/);
    const keys = parsePayloadKeys(out.trim());
    expect(keys.current).toBe('k2026');
    expect(keys.keys.get('k2026')).toHaveLength(32);
  });
});
