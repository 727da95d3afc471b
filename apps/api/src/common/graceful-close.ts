import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * What happens between SIGTERM and the exit, on the HTTP side (Nest's shutdown hooks call Fastify's
 * close): the port stops accepting, idle keep-alive connections are closed, requests in flight
 * finish. Their answers say `Connection: close`, or a keep-alive client would hold the shutdown until
 * its connection timed out; and after `graceSeconds` whatever is still open is cut off.
 */
export function registerGracefulClose(fastify: FastifyInstance, graceSeconds: number, logger: Logger): void {
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
    logger.info(`Uplift API stopping: finishing requests in flight (at most ${graceSeconds} s)`);
    setTimeout(() => fastify.server.closeAllConnections(), graceSeconds * 1000).unref();
  });
  fastify.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
}
