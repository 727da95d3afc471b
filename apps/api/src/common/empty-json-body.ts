import type { FastifyInstance } from 'fastify';

/**
 * `Content-Type: application/json` with an empty body is a request without a body, not a 400: action
 * routes that take none (close, revoke, rotate...) accept it, and a route that needs a body still
 * refuses the missing one through its schema. The type is dropped before parsing, so every body that
 * has content still goes through the one JSON parser (Nest's, with Fastify's prototype-poisoning checks).
 */
export function acceptEmptyJsonBody(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const type = request.headers['content-type'];
    if (type && /^application\/json\s*(;|$)/i.test(type) && request.headers['content-length'] === '0') {
      delete request.headers['content-type'];
    }
    done();
  });
}
