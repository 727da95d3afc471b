import type { FastifyInstance } from 'fastify';

/**
 * `Content-Type: application/json` with an empty body is a request without a body, not a 400: action
 * routes that take none (close, revoke, rotate...) accept it. A route that needs a body still refuses
 * the missing one through its schema. Every other body goes to Fastify's own JSON parser, with its
 * prototype-poisoning checks.
 */
export function acceptEmptyJsonBody(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    parseJson(request, body as string, done);
  });
}
