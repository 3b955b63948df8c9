import { defineConfig } from 'vitest/config';

// Temporal's native bridge crashes under worker threads, so tests run in forked processes; one file at a time,
// because the time-skipping server's clock is shared by everything connected to it.
export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/setup/global-temporal.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
