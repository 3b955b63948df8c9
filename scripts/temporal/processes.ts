import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

/** A port that was free a moment ago, for servers that cannot be told to pick their own. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export function portAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

export interface ServerProcess {
  address: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a server process and waits until its port accepts connections, failing early (with what it printed) if
 * it exits first. Output is kept for that message and otherwise dropped unless `echo` is set.
 */
export async function startServerProcess(
  name: string,
  command: string,
  args: string[],
  host: string,
  port: number,
  { timeoutMs = 90_000, echo = false } = {},
): Promise<ServerProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
    if (echo) process.stderr.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  child.once('error', (err) => {
    exited = String(err);
  });

  const deadline = Date.now() + timeoutMs;
  while (!(await portAccepts(host, port))) {
    if (exited) throw new Error(`${name} ${exited} before it listened on ${host}:${port}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen on ${host}:${port} within ${timeoutMs / 1000}s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    address: `${host}:${port}`,
    child,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
