import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';
import type { Level, Logger } from 'pino';

const LEVELS: Record<LogLevel, Level> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal SDK's Runtime logger over pino. The SDK hands workflow and activity lines their
 * execution's fields (`workflowId`, `runId`, `activityType`, `sdkComponent`, ...) as metadata, which
 * become fields of the JSON line; an `error` becomes pino's `err`, so its stack is kept.
 */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const pinoLevel = LEVELS[level] ?? 'info';
    if (!this.logger.isLevelEnabled(pinoLevel)) return;
    const { error, ...fields } = meta as Record<string, unknown>;
    this.logger[pinoLevel](error === undefined ? fields : { ...fields, err: error }, message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }

  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }

  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }

  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }

  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
