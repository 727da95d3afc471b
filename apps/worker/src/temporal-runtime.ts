import { asyncLocalStorage as activityContext } from '@temporalio/activity';
import type { LogLevel } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import { createServer } from 'node:net';
import type { Logger } from 'pino';
import { type LogLevelName, PinoTemporalLogger } from '@uplift/observability';

/** The Core SDK (Rust) is chatty at INFO: its lines are kept from `debug` on. */
const CORE_LEVELS: Record<LogLevelName, LogLevel> = {
  error: 'ERROR',
  warn: 'WARN',
  log: 'WARN',
  debug: 'INFO',
  verbose: 'DEBUG',
};

/**
 * The activity being run, for the logger's mixin: a line written by any code an activity calls
 * (a repository's Nest `Logger`, say) names the workflow it works for.
 */
export function activityLogContext(): Record<string, unknown> {
  const info = activityContext.getStore()?.info;
  if (!info) return {};
  return {
    workflowId: info.workflowExecution?.workflowId,
    activityType: info.activityType,
    activityId: info.activityId,
  };
}

/** A port on the loopback interface nobody listens on now, for the Core SDK's own exporter. */
export function loopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Installs the Temporal Runtime before any connection exists: SDK, workflow and activity lines (and
 * the Core SDK's, forwarded) go to pino; with `sdkMetricsAddress`, the Core SDK's metrics (task
 * latencies, slots, polls, `temporal_*`) are exported in Prometheus form there, read back by the
 * worker's own /metrics. Answers whether that exporter is running.
 */
export function installTemporalRuntime(
  logger: Logger,
  level: LogLevelName,
  sdkMetricsAddress?: string,
): boolean {
  const install = (metricsAddress?: string) =>
    Runtime.install({
      logger: new PinoTemporalLogger(logger),
      // Nest's shutdown hooks own SIGTERM and SIGINT, so the worker drains before the database closes.
      shutdownSignals: [],
      telemetryOptions: {
        logging: { filter: { core: CORE_LEVELS[level], other: 'ERROR' }, forward: {} },
        ...(metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {}),
      },
    });
  if (!sdkMetricsAddress) {
    install();
    return false;
  }
  try {
    install(sdkMetricsAddress);
    return true;
  } catch (err) {
    // Metrics are worth a line, not the worker: run on without the SDK's.
    logger.error({ err }, `Temporal SDK metrics could not be exported on ${sdkMetricsAddress}`);
    install();
    return false;
  }
}
