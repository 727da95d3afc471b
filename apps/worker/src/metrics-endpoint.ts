import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { UpliftConfig } from '@uplift/config';
import { serveMetrics } from '@uplift/observability';
import type { WorkerMetrics } from './worker-metrics';

/**
 * The worker's scrape target on WORKER_METRICS_PORT: its own registry followed by the Temporal SDK's
 * metrics, read from the Core exporter on the loopback interface at each scrape. A port in use is
 * logged and the worker runs on: a missing metrics endpoint must not stop the journeys.
 */
export async function startMetricsEndpoint(
  config: UpliftConfig,
  metrics: WorkerMetrics,
  sdkMetricsAddress: string | undefined,
  logger: Logger,
): Promise<Server | undefined> {
  const sources = [() => metrics.registry.metrics()];
  if (sdkMetricsAddress) {
    sources.push(async () => {
      const res = await fetch(`http://${sdkMetricsAddress}/metrics`, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`the Temporal SDK's exporter answered ${res.status}`);
      return res.text();
    });
  }
  try {
    const server = await serveMetrics({
      port: config.WORKER_METRICS_PORT,
      host: config.HOST,
      token: config.METRICS_TOKEN,
      contentType: metrics.registry.contentType,
      sources,
      onSourceError: (err) => logger.warn({ err }, 'a metrics source failed; the scrape goes on without it'),
    });
    return server;
  } catch (err) {
    logger.error({ err }, `worker metrics could not listen on ${config.HOST}:${config.WORKER_METRICS_PORT}`);
    return undefined;
  }
}
