import { Connection, type ConnectionOptions } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimeSkippingServer } from '../support/temporal';

const HOUR = 60 * 60 * 1000;
const START = '2026-01-05T09:00:00+08:00';

/**
 * The project's launcher of the Java time-skipping server (scripts/temporal/PinnedTestServer.java): its clock starts
 * where a test file says, and it tolerates the SDK client's keepalive pings during a long sleep — without that, the
 * server answers GOAWAY "too many pings" after about 30 s, the sleep is cancelled and retried, and the server's
 * time-skipping lock stays held: the frozen clock that made the suite flake on busy machines.
 */
describe('time-skipping test server launcher', () => {
  let server: Awaited<ReturnType<typeof startTimeSkippingServer>>;
  beforeAll(async () => {
    server = await startTimeSkippingServer(START);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const testService = (connection: Connection) => connection.testService as NonNullable<Connection['testService']>;
  const now = async (connection: Connection) => tsToMs((await testService(connection).getCurrentTime({})).time);

  it('starts its clock at the instant asked for', async () => {
    const at = await now(server.env.connection);
    expect(at).toBeGreaterThanOrEqual(Date.parse(START));
    expect(at - Date.parse(START)).toBeLessThan(HOUR); // only the real time since start-up has passed
  });

  it('keeps a sleep held open for over 30 s through the client’s keepalive pings, and ends it where asked', { timeout: 120_000 }, async () => {
    // A client that pings every 10 s, so three pings fall inside the hold below.
    const connection = await Connection.connect({
      address: server.env.address,
      channelArgs: { 'grpc.keepalive_time_ms': 10_000, 'grpc.keepalive_permit_without_calls': 1 },
      // How the SDK's own test environment asks for the test service.
      [InternalConnectionOptionsSymbol]: { supportsTestService: true },
    } as ConnectionOptions);
    const test = testService(connection);
    try {
      // Time skipping is locked until a sleep unlocks it; locking once more holds the clock for the sleep below.
      await test.lockTimeSkipping({});
      const before = await now(connection);
      let finished = false;
      const sleep = test.unlockTimeSkippingWithSleep({ duration: msToTs(100 * 24 * HOUR) }).then(() => {
        finished = true;
      });
      await new Promise((r) => setTimeout(r, 35_000));
      expect(finished).toBe(false);
      await test.unlockTimeSkipping({});
      await sleep;
      const after = await now(connection);
      // 100 days skipped from the sleep's own start, not from a retry's.
      expect(after - before).toBeGreaterThanOrEqual(100 * 24 * HOUR);
      expect(after - before - 100 * 24 * HOUR).toBeLessThan(5 * 60 * 1000);
    } finally {
      await connection.close();
    }
  });
});
