import type { ConnectionLike } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';

const GRPC_UNIMPLEMENTED = 12;

/**
 * Registers the project's search attributes that a namespace lacks. The dev server applies its
 * --search-attribute flags only when it creates a namespace, so a persisted database needs this on every start;
 * the time-skipping test server knows none until told, and cannot list them, so there all are added.
 */
export async function ensureSearchAttributes(connection: ConnectionLike, namespace: string): Promise<string[]> {
  const registered: string[] = await connection.operatorService
    .listSearchAttributes({ namespace })
    .then(({ customAttributes }) => Object.keys(customAttributes ?? {}))
    .catch((err: { code?: number }) => {
      if (err.code === GRPC_UNIMPLEMENTED) return [];
      throw err;
    });
  const missing = SEARCH_ATTRIBUTES.filter((key) => !registered.includes(key.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      // The SDK's type names are the proto enum's names without its prefix (KEYWORD → INDEXED_VALUE_TYPE_KEYWORD).
      missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`]]),
    ),
  });
  return missing.map((key) => key.name);
}
