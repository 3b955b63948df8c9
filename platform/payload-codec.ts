import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** The `encoding` of a payload this codec made; anything else passes decode() untouched. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata naming the key a payload was encrypted with, so a ring of keys can decrypt it after rotation. */
export const KEY_ID_METADATA = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The keys a codec knows: `current` encrypts, every key in `keys` (current included) decrypts. */
export interface PayloadKeys {
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** A payload that cannot be decrypted. The message names the key id, never the key or any of the data. */
export class PayloadDecryptionError extends Error {
  constructor(
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

const utf8 = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/**
 * Encrypts every payload (workflow and activity arguments and results, update and query arguments and results,
 * signals, memos, failure details) with AES-256-GCM before it leaves the process, so the Temporal server, its
 * database and its UI hold only ciphertext. The whole serialized payload, its metadata included, is what is
 * encrypted, with a fresh random 12-byte IV each time; the result's data is iv | ciphertext | tag, and the key id is
 * also the cipher's additional authenticated data, so a payload relabelled with another key id fails to decrypt.
 *
 * Payloads not encrypted by this codec (histories from before it was enabled, recorded plaintext fixtures) decode
 * unchanged. Search attributes never pass through a codec: they must stay free of personal data.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly current: { id: string; key: Buffer; idBytes: Buffer };

  constructor(private readonly ring: PayloadKeys) {
    for (const [id, key] of ring.keys) {
      if (key.length !== KEY_BYTES) throw new Error(`payload key '${id}' is ${key.length} bytes; AES-256 needs ${KEY_BYTES}`);
    }
    const key = ring.keys.get(ring.current);
    if (!key) throw new Error(`the current payload key '${ring.current}' is not in the key ring`);
    this.current = { id: ring.current, key, idBytes: Buffer.from(ring.current, 'utf8') };
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key, idBytes } = this.current;
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(idBytes);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING, 'utf8'),
        [KEY_ID_METADATA]: Buffer.from(id, 'utf8'),
      },
      data: Buffer.concat([iv, body, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    if (utf8(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = utf8(payload.metadata?.[KEY_ID_METADATA]);
    if (keyId === undefined) throw new PayloadDecryptionError(`cannot decrypt a payload: it names no ${KEY_ID_METADATA}`);
    const key = this.ring.keys.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `cannot decrypt a payload encrypted with key id '${keyId}': no such key in the key ring (DUBAN_PAYLOAD_KEYS)`,
        keyId,
      );
    }
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`cannot decrypt a payload encrypted with key id '${keyId}': it is truncated`, keyId);
    }
    const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `cannot decrypt a payload encrypted with key id '${keyId}': authentication failed (a different key under that id, or altered data)`,
        keyId,
      );
    }
    const inner = temporal.api.common.v1.Payload.decode(plain);
    return { metadata: inner.metadata, data: inner.data };
  }
}
