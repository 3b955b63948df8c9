import { createServer } from 'node:net';

/**
 * Every port of a cluster, from one base port (offsets fixed, so a folder's ports are known from its base alone):
 *
 *   base+0  Temporal frontend gRPC (TEMPORAL_ADDRESS)   base+5..8  membership: frontend, history, matching, worker
 *   base+1  Temporal frontend HTTP                       base+10    metrics of the frontend+worker process
 *   base+2  history gRPC                                 base+11    metrics of the history+matching process
 *   base+3  matching gRPC                                base+20    PostgreSQL
 *   base+4  Temporal's worker service gRPC               base+30…   the duban APIs, one port each
 */
export interface ClusterPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  temporalWorker: number;
  membership: { frontend: number; history: number; matching: number; worker: number };
  metrics: { frontend: number; history: number };
  postgres: number;
  apis: number[];
}

export const DEFAULT_BASE_PORT = 7300;
/** Temporal keeps membership ports in a PostgreSQL smallint (cluster_membership.rpc_port): above it, a server dies. */
export const MAX_MEMBERSHIP_PORT = 32767;

export function checkBasePort(base: number, apis: number): void {
  const ports = clusterPorts(base, apis);
  if (!Number.isInteger(base) || base < 1024 || Math.max(...Object.values(ports.membership)) > MAX_MEMBERSHIP_PORT || Math.max(...allPorts(ports)) > 65535) {
    throw new Error(`base port ${base}: choose one from 1024 to ${MAX_MEMBERSHIP_PORT - 8} (Temporal stores membership ports as a smallint)`);
  }
}
/** The span of ports a cluster with `apis` APIs uses above its base. */
export const portSpan = (apis: number) => 30 + apis;

export function clusterPorts(base: number, apis: number): ClusterPorts {
  return {
    frontend: base,
    frontendHttp: base + 1,
    history: base + 2,
    matching: base + 3,
    temporalWorker: base + 4,
    membership: { frontend: base + 5, history: base + 6, matching: base + 7, worker: base + 8 },
    metrics: { frontend: base + 10, history: base + 11 },
    postgres: base + 20,
    apis: Array.from({ length: apis }, (_, i) => base + 30 + i),
  };
}

export function allPorts(ports: ClusterPorts): number[] {
  return [
    ports.frontend,
    ports.frontendHttp,
    ports.history,
    ports.matching,
    ports.temporalWorker,
    ...Object.values(ports.membership),
    ...Object.values(ports.metrics),
    ports.postgres,
    ...ports.apis,
  ];
}

export function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, host, () => server.close(() => done(true)));
  });
}

/** The ports among these that something already listens on. */
export async function busyPorts(ports: number[]): Promise<number[]> {
  const free = await Promise.all(ports.map((port) => portFree(port)));
  return ports.filter((_, i) => !free[i]);
}

/** A base port whose whole span is free, for tests and throwaway clusters. */
export async function freeBasePort(apis = 2): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 10000 + Math.floor(Math.random() * 220) * 100; // 10000–31900: below MAX_MEMBERSHIP_PORT
    if ((await busyPorts(allPorts(clusterPorts(base, apis)))).length === 0) return base;
  }
  throw new Error('no free range of ports found for a cluster');
}
