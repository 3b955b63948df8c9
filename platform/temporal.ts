import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection } from '@temporalio/worker';

/**
 * Connection settings come from Temporal's own environment names and config profile (TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE), so a cluster is configured the same way
 * as for the temporal CLI. `address` overrides the address, for the embedded dev server.
 */
export function temporalSettings(address?: string) {
  const { connectionOptions, namespace } = loadClientConnectConfig();
  return {
    connectionOptions: { ...connectionOptions, ...(address ? { address } : {}) },
    namespace: namespace ?? 'default',
  };
}

export interface ClientConnectOptions {
  /** Overrides the configured address (the embedded dev server). */
  address?: string;
  /** The payload encryption (platform/payload-keys.ts); the client must use the same one as the workers. */
  dataConverter: DataConverter;
}

export async function connectClient({ address, dataConverter }: ClientConnectOptions): Promise<Client> {
  const { connectionOptions, namespace } = temporalSettings(address);
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace, dataConverter });
}

/**
 * The worker's connection. Payload encryption is not a property of the connection: pass the same dataConverter to
 * createWorker (worker/create-worker.ts).
 */
export async function connectWorker(address?: string): Promise<{ connection: NativeConnection; namespace: string }> {
  const { connectionOptions, namespace } = temporalSettings(address);
  return { connection: await NativeConnection.connect(connectionOptions), namespace };
}
