import { defineConfig } from 'vitest/config';

// Temporal's native bridge crashes under worker threads, so tests run in forked processes. Files run one at a time:
// on two cores that may be busy with other work, parallel files only add load on the one dev server they share.
export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/setup/global-temporal.ts', 'test/setup/global-postgres.ts'],
    setupFiles: ['test/setup/read-models.ts'],
    include: ['test/**/*.test.ts'],
    // Logs of passing tests are hidden; a failing test's are shown with it (LOG_LEVEL=debug shows more).
    silent: 'passed-only',
    env: { DUBAN_LOG_TO_CONSOLE: '1' },
    // Bounds for a hang, not expectations of speed: a busy two-core machine can be several times slower than idle.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    // expect.poll waits for a page or a projection to catch up; vitest's 1 s default is a speed expectation that a
    // busy machine misses (a browser test's list page once took longer), so it waits as long as a locator does.
    expect: { poll: { timeout: 30_000 } },
  },
});
