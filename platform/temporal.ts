import { Client, Connection } from '@temporalio/client';
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

export async function connectClient(address?: string): Promise<Client> {
  const { connectionOptions, namespace } = temporalSettings(address);
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace });
}

export async function connectWorker(address?: string): Promise<{ connection: NativeConnection; namespace: string }> {
  const { connectionOptions, namespace } = temporalSettings(address);
  return { connection: await NativeConnection.connect(connectionOptions), namespace };
}
