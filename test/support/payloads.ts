import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { AesGcmPayloadCodec } from '../../platform/payload-codec';
import { testPayloadKeys } from './temporal';

export interface FoundPayload {
  /** Where in the message it sits, e.g. `events.0.workflowExecutionStartedEventAttributes.input.payloads.0`. */
  path: string;
  payload: Payload;
}

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

function isPayload(v: object): v is Payload {
  const { metadata, data } = v as { metadata?: unknown; data?: unknown };
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    !Array.isArray(metadata) &&
    Object.values(metadata).every(isBytes) &&
    (data === undefined || data === null || isBytes(data))
  );
}

/**
 * Every Payload in a decoded protobuf message (a history, a describe response), found by shape wherever it sits:
 * event inputs and results, update and signal arguments, activity inputs and results, failure details, memos,
 * headers, search attributes.
 */
export function payloadsIn(message: unknown, path = ''): FoundPayload[] {
  if (message === null || typeof message !== 'object' || isBytes(message)) return [];
  if (isPayload(message)) return [{ path, payload: message }];
  const entries = Array.isArray(message) ? message.map((v, i) => [String(i), v] as const) : Object.entries(message);
  return entries.flatMap(([key, value]) => payloadsIn(value, path ? `${path}.${key}` : key));
}

/**
 * Decrypts, in place, every payload of a history fetched from the server with the tests' key ring: for recording a
 * replay fixture (test/fixtures/histories), which must not depend on a key that exists for one test run only.
 */
export async function decryptHistory(history: temporal.api.history.v1.IHistory): Promise<temporal.api.history.v1.IHistory> {
  const codec = new AesGcmPayloadCodec(testPayloadKeys);
  for (const { payload } of payloadsIn(history)) {
    const [plain] = await codec.decode([payload]);
    payload.metadata = plain?.metadata;
    payload.data = plain?.data;
  }
  return history;
}
