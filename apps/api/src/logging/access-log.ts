import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { requestFields } from './request-context';

/** Probed every few seconds by load balancers and Prometheus: worth a line only when debugging. */
const PROBES = new Set(['/health', '/metrics']);

/**
 * One line per answer: request id, caller, workflow, method, route pattern, status and time taken.
 * The route pattern, never the URL: an evaluation link's URL is its secret token.
 */
export function registerAccessLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    logger[PROBES.has(route) ? 'debug' : 'info'](
      {
        ...requestFields(request),
        method: request.method,
        route,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
  });
}
