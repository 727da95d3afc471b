import pino, { type DestinationStream, type Level, type Logger } from 'pino';

/** LOG_LEVEL takes Nest's level names (config.ts); pino calls them differently. */
export type LogLevelName = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

export const PINO_LEVELS: Record<LogLevelName, Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export interface LoggerOptions {
  /** `api` or `worker`: one field tells the two processes' lines apart in a shared log store. */
  service: string;
  level: LogLevelName;
  /**
   * Fields of whatever the current async context is doing (the HTTP request, the activity), read
   * when each line is written, so code that logs need not pass them along.
   */
  context?: () => Record<string, unknown>;
  /** Where lines go; stdout (synchronously, so nothing is lost at process.exit) by default. */
  destination?: DestinationStream;
}

/**
 * One JSON object per line: `time` (ISO 8601), `level` (a name, not pino's number, so a reader
 * needs no table), `service`, `msg`, then the fields of the context and the call.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: PINO_LEVELS[options.level],
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: options.context,
      // Nothing logs these on purpose; the paths guard against a careless `{ headers }` or `{ body }`.
      redact: {
        paths: ['authorization', '*.authorization', 'headers.authorization', 'apiKey', '*.apiKey'],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

/**
 * Start-up and shutdown lines are written whatever LOG_LEVEL says: readiness checks and people
 * wait for them, and they are a handful per process lifetime.
 */
export function lifecycleLogger(logger: Logger): Logger {
  return logger.isLevelEnabled('info') ? logger : logger.child({}, { level: 'info' });
}
