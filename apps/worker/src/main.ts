import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../../../libs/config/src/config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const { LOG_LEVEL } = loadConfig();
  const levels = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: levels.slice(0, levels.indexOf(LOG_LEVEL) + 1),
  });
  // SIGTERM/SIGINT let in-flight tasks finish and the worker leave its task queue cleanly.
  app.enableShutdownHooks();
}

bootstrap().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
