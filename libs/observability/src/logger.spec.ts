import { createLogger, lifecycleLogger, type LoggerOptions } from './logger';
import { PinoNestLogger } from './nest-logger';
import { PinoTemporalLogger } from './temporal-logger';

/** A logger writing into an array, one parsed JSON object per line. */
function capture(options: Partial<LoggerOptions> = {}) {
  const lines: Record<string, any>[] = [];
  const logger = createLogger({
    service: 'test',
    level: 'log',
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    ...options,
  });
  return { logger, lines };
}

describe('JSON logs', () => {
  it('writes one JSON object per line with time, level name, service and the context of the moment', () => {
    let context: Record<string, unknown> = { reqId: 'r-1', principal: { id: 'p-1', role: 'admin' } };
    const { logger, lines } = capture({ context: () => context });
    logger.info({ route: '/v1/rounds' }, 'request completed');
    context = {};
    logger.warn('later');
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'test',
      reqId: 'r-1',
      principal: { id: 'p-1', role: 'admin' },
      route: '/v1/rounds',
      msg: 'request completed',
    });
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
    expect(lines[1]).not.toHaveProperty('reqId');
  });

  it("maps LOG_LEVEL's names to pino's and keeps warn quiet, except for lifecycle lines", () => {
    const { logger, lines } = capture({ level: 'warn' });
    logger.info('not written');
    logger.warn('written');
    lifecycleLogger(logger).info('Uplift worker RUNNING');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'written'],
      ['info', 'Uplift worker RUNNING'],
    ]);
    expect(capture({ level: 'verbose' }).logger.level).toBe('trace');
    expect(capture({ level: 'log' }).logger.level).toBe('info');
  });

  it('never writes an authorization header or an API key', () => {
    const { logger, lines } = capture();
    logger.info({ headers: { authorization: 'Bearer upl_secret' }, apiKey: 'upl_secret' }, 'careless');
    expect(JSON.stringify(lines[0])).not.toContain('upl_secret');
  });
});

describe("Nest's Logger over pino", () => {
  it('takes the context Nest appends, a stack and extra values apart', () => {
    const { logger, lines } = capture({ level: 'debug' });
    const nest = new PinoNestLogger(logger);
    nest.log('Mapped {/health, GET} route', 'RouterExplorer');
    nest.error('could not record', new Error('boom').stack, 'Audit');
    nest.error('no stack given', undefined, 'Errors');
    nest.warn({ message: 'an object', rows: 3 }, 'Import');
    nest.debug('plain');
    nest.verbose('below debug: not written', 'Ctx');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        context: 'RouterExplorer',
        msg: 'Mapped {/health, GET} route',
      }),
      expect.objectContaining({
        level: 'error',
        context: 'Audit',
        msg: 'could not record',
        stack: expect.stringContaining('Error: boom'),
      }),
      expect.objectContaining({ level: 'error', context: 'Errors', msg: 'no stack given' }),
      expect.objectContaining({ level: 'warn', context: 'Import', msg: 'an object', rows: 3 }),
      expect.objectContaining({ level: 'debug', msg: 'plain' }),
    ]);
    expect(lines[2]).not.toHaveProperty('details');
  });

  it('writes an Error given as the message with its stack', () => {
    const { logger, lines } = capture();
    new PinoNestLogger(logger).error(new Error('bad'), 'ExceptionHandler');
    expect(lines[0]).toMatchObject({ context: 'ExceptionHandler', msg: 'bad', err: { message: 'bad' } });
    expect(lines[0].err.stack).toContain('Error: bad');
  });
});

describe("the Temporal SDK's logger over pino", () => {
  it("keeps the execution's fields and the error's stack", () => {
    const { logger, lines } = capture();
    const temporal = new PinoTemporalLogger(logger);
    temporal.warn('Activity failed', {
      sdkComponent: 'activity',
      workflowId: 'journey-1',
      activityType: 'sendNotification',
      error: new Error('SMTP down'),
    });
    temporal.debug('Activity started', { workflowId: 'journey-1' });
    temporal.log('INFO', 'Worker state changed', { state: 'RUNNING' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      msg: 'Activity failed',
      sdkComponent: 'activity',
      workflowId: 'journey-1',
      activityType: 'sendNotification',
      err: { message: 'SMTP down' },
    });
    expect(lines[1]).toMatchObject({ level: 'info', state: 'RUNNING' });
  });
});
