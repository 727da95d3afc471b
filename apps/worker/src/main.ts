import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { loadConfig } from '@uplift/config';
import { createLogger, lifecycleLogger, PinoNestLogger } from '@uplift/observability';
import { JourneyWorkerService } from './journey-worker.service';
import { startMetricsEndpoint } from './metrics-endpoint';
import { activityLogContext, installTemporalRuntime, loopbackPort } from './temporal-runtime';
import { WorkerMetrics } from './worker-metrics';
import { WorkerModule } from './worker.module';

let logger: Logger | undefined;

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  logger = createLogger({ service: 'worker', level: config.LOG_LEVEL, context: activityLogContext });
  const metricsOn = config.WORKER_METRICS_PORT > 0;
  // The Core SDK's exporter listens on loopback only: scrapes reach it through the worker's /metrics.
  const sdkAddress = metricsOn ? `127.0.0.1:${await loopbackPort()}` : undefined;
  const sdkMetrics = installTemporalRuntime(logger, config.LOG_LEVEL, sdkAddress);

  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: new PinoNestLogger(logger),
  });
  // SIGTERM/SIGINT: the worker stops polling, activities in flight finish (SHUTDOWN_GRACE_SECONDS),
  // then the connections and the database pool close, and the process exits 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });

  const lifecycle = lifecycleLogger(logger);
  if (metricsOn) {
    const server = await startMetricsEndpoint(
      config,
      app.get(WorkerMetrics),
      sdkMetrics ? sdkAddress : undefined,
      logger,
    );
    if (server)
      lifecycle.info(`Uplift worker metrics on http://${config.HOST}:${config.WORKER_METRICS_PORT}/metrics`);
  }
  // Written whatever LOG_LEVEL says: the test harness waits for RUNNING before it sends work.
  const { state } = app.get(JourneyWorkerService);
  lifecycle.info(
    { state, taskQueue: config.TEMPORAL_TASK_QUEUE },
    `Uplift worker ${state}: polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`,
  );
}

bootstrap().catch((err) => {
  if (logger)
    logger.fatal({ err }, `Uplift worker could not start: ${err instanceof Error ? err.message : err}`);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
