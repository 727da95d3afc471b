import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/** What Nest's `Logger` and its own internals pass after the message: `[...params, stack?, context?]`. */
function isStack(value: unknown): value is string {
  return typeof value === 'string' && /\n\s+at .+/.test(value);
}

/**
 * Nest's LoggerService over pino, so `new Logger('Ctx').warn(...)` in any module and Nest's own
 * start-up lines come out as the same JSON as everything else, with `context` as a field.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    // Nest appends the logger's context last (after an `undefined` stack placeholder for errors).
    const last = rest[rest.length - 1];
    if (typeof last === 'string' && !isStack(last)) fields.context = rest.pop();
    const stack = rest.findIndex((p) => isStack(p));
    if (stack >= 0) fields.stack = rest.splice(stack, 1)[0];
    const extra = rest.filter((p) => p !== undefined);
    if (extra.length > 0) fields.details = extra.length === 1 ? extra[0] : extra;

    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { message: text, msg, ...object } = message as Record<string, unknown>;
      this.logger[level]({ ...fields, ...object }, String(text ?? msg ?? ''));
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
