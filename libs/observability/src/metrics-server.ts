import { createServer, type Server } from 'node:http';
import { metricsAllowed, joinExpositions } from './metrics';

export interface MetricsServerOptions {
  port: number;
  host: string;
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  token?: string;
  contentType: string;
  /** Each gives a Prometheus text exposition; a failing one is left out of that scrape. */
  sources: (() => Promise<string>)[];
  onSourceError?: (err: unknown) => void;
}

/**
 * `GET /metrics` on a port of its own, for a process without an HTTP server (the worker). One
 * scrape target gathers all the sources, so Prometheus needs one job per process, not one per library.
 */
export async function serveMetrics(options: MetricsServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try GET /metrics\n');
      return;
    }
    if (!metricsAllowed(req.headers.authorization, options.token)) {
      res
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
        .end('unauthorized\n');
      return;
    }
    void Promise.all(
      options.sources.map((source) =>
        source().catch((err: unknown) => {
          options.onSourceError?.(err);
          return '';
        }),
      ),
    ).then((parts) =>
      res.writeHead(200, { 'content-type': options.contentType }).end(joinExpositions(parts)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A scrape in progress must not hold the process up at shutdown.
  server.unref();
  return server;
}
