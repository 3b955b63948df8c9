import pino from 'pino';

const options: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'duban' },
  timestamp: pino.stdTimeFunctions.isoTime,
};

/**
 * `DUBAN_LOG_TO_CONSOLE=1` (the test runner sets it) writes lines through console, so vitest shows them beside the
 * test that failed and hides them for tests that passed; otherwise pino writes to stdout itself.
 */
const throughConsole = { write: (line: string) => console.log(line.trimEnd()) };

/** Structured JSON logs; one logger for the process, children per component. */
export const logger = process.env.DUBAN_LOG_TO_CONSOLE === '1' ? pino(options, throughConsole) : pino(options);
