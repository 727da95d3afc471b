import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../common/auth.decorators';

type Request = FastifyRequest & AuthenticatedRequest;

const current = new AsyncLocalStorage<Request>();

/** Routes whose `:id` is a journey's, and so its workflow's id. */
const JOURNEY_ROUTE = /^\/v1\/journeys\/:id(\/|$)/;

/**
 * What every log line about a request carries: its id (x-request-id, see `genReqId` in main.ts),
 * the caller once the auth guard has named it, and the workflow a journey route acts on.
 */
export function requestFields(request: Request): Record<string, unknown> {
  const fields: Record<string, unknown> = { reqId: request.id };
  if (request.principal) fields.principal = { id: request.principal.id, role: request.principal.role };
  const id = (request.params as { id?: unknown } | undefined)?.id;
  if (typeof id === 'string' && JOURNEY_ROUTE.test(request.routeOptions?.url ?? '')) fields.workflowId = id;
  return fields;
}

/** The fields of the request being handled, for the logger's mixin; none outside a request. */
export function requestLogContext(): Record<string, unknown> {
  const request = current.getStore();
  return request ? requestFields(request) : {};
}

/**
 * Keeps the request in an AsyncLocalStorage while it is handled, so a `Logger` deep in a service
 * needs no request passed to it. Entered again before the handler: a body is parsed in the
 * socket's async context, which would otherwise lose the store.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => current.run(request, done));
  fastify.addHook('preHandler', (request, _reply, done) => current.run(request, done));
}
