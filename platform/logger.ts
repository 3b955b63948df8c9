import pino from 'pino';

/** Structured JSON logs; one logger for the process, children per component. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'duban' },
  timestamp: pino.stdTimeFunctions.isoTime,
});
