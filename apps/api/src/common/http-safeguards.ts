import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyHttpOptions, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Server } from 'node:http';
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import type { UpliftConfig } from '@uplift/config';
import { LinkUnusableError, englishMessage } from '@uplift/domain';
import { AUDIT_LOG, EVALUATION_LINKS, type AuditLog, type EvaluationLinks } from '@uplift/persistence';
import { registerAuditHook } from './audit';
import { isPublicRoute, PUBLIC_ROUTE, type AuthenticatedRequest } from './auth.decorators';
import { authenticateRequest, cookieOf, crossOriginRefusal } from './auth.guard';
import { IMPORT_LIMIT } from './import-body';
import {
  PRINCIPAL_LOOKUP,
  SESSION_COOKIE,
  SESSION_LOOKUP,
  type PrincipalLookup,
  type SessionLookup,
} from './principal-lookup';

const MINUTE = 60_000;
const MIB = 1024 * 1024;

/** Every JSON body but an import's: the largest step (a diagnosis) is far below it. */
export const JSON_LIMIT = MIB;
/** An evaluation is two choices and five numbers; the link is its only credential, so keep it tight. */
export const EVALUATION_LIMIT = 16 * 1024;

/** Sign-in, a password reset request, a new password: a few hundred bytes at most. */
export const ACCOUNT_FORM_LIMIT = 16 * 1024;

/** Routes, in Fastify's `:param` or OpenAPI's `{param}` form, whose body limit is not JSON_LIMIT. */
const BODY_LIMITS: { route: RegExp; limit: number; what: string }[] = [
  { route: /^\/v1\/rounds\/[:{]id}?\/candidates$/, limit: IMPORT_LIMIT, what: 'candidate import' },
  { route: /^\/v1\/evaluations\/[:{]token}?$/, limit: EVALUATION_LIMIT, what: 'evaluation' },
  // What anyone may send without a credential: an email and a password, nothing more.
  {
    route: /^\/v1\/(sessions|password-resets|password-resets\/[:{]token}?|invitations\/[:{]token}?)$/,
    limit: ACCOUNT_FORM_LIMIT,
    what: 'sign-in or password form',
  },
];

/** The body limit of a route, for the server (main.ts) and the OpenAPI document alike. */
export function bodyLimitOf(route: string): { limit: number; what: string } {
  const special = BODY_LIMITS.find((b) => b.route.test(route));
  return special ?? { limit: JSON_LIMIT, what: 'JSON body' };
}

/** The enterprise's evaluation link, whose token is checked before its body is read. */
const EVALUATION_TOKEN_ROUTE = /^\/v1\/evaluations\/:token$/;

/** Sign-in attempts are counted per client address over this window (SIGN_IN_ATTEMPTS_PER_IP). */
export const SIGN_IN_WINDOW_MINUTES = 15;

/** Swagger UI and the OpenAPI document: served without a key, like `/health`. */
const DOCS_ROUTE = /^\/docs(\/|-json$|-yaml$|$)/;

/** `1 MiB`, `16 KiB`: limits as the README and the OpenAPI document state them. */
export function formatBytes(bytes: number): string {
  return bytes >= MIB ? `${bytes / MIB} MiB` : `${bytes / 1024} KiB`;
}

/**
 * The server's timeouts, as Fastify options (see HTTP_*_TIMEOUT_SECONDS in config.ts). Node checks
 * the headers and request timeouts on a timer: every second, so a stalled request is cut at most a
 * second after its time is up (Node's default interval is 30 s).
 */
export function serverTimeouts(config: UpliftConfig): Partial<FastifyHttpOptions<Server>> {
  const ms = (seconds: number) => Math.round(seconds * 1000);
  return {
    requestTimeout: ms(config.HTTP_REQUEST_TIMEOUT_SECONDS),
    keepAliveTimeout: ms(config.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS),
    connectionTimeout: ms(config.HTTP_IDLE_TIMEOUT_SECONDS),
    http: {
      headersTimeout: ms(config.HTTP_HEADERS_TIMEOUT_SECONDS),
      connectionsCheckingInterval: Math.min(1000, ms(config.HTTP_HEADERS_TIMEOUT_SECONDS)),
    },
    clientErrorHandler: clientErrorAnswer(config),
  };
}

/**
 * Errors on a connection before Fastify has a request to answer (a request timed out, headers too
 * large, bytes that are not HTTP): answered in the shape of every other error, then closed.
 */
function clientErrorAnswer(config: UpliftConfig): (err: NodeJS.ErrnoException, socket: Socket) => void {
  return (err, socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    let status = 400;
    let error = 'Bad Request';
    let message = 'malformed HTTP request';
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      status = 408;
      error = 'Request Timeout';
      message =
        `the request did not arrive in time: headers within ${config.HTTP_HEADERS_TIMEOUT_SECONDS} s, ` +
        `the whole request within ${config.HTTP_REQUEST_TIMEOUT_SECONDS} s`;
    } else if (err.code === 'HPE_HEADER_OVERFLOW') {
      status = 431;
      error = 'Request Header Fields Too Large';
      message = 'the request headers are too large';
    }
    const body = JSON.stringify({
      statusCode: status,
      error,
      message,
      // Before any request: no Accept-Language to read, so English, with the code.
      ...(status === 400 ? { details: [{ field: '(request)', code: 'request.malformed', message }] } : {}),
    });
    // Only when no answer has started on this connection: anything else would corrupt it.
    if (socket.writable && socket.bytesWritten === 0) {
      socket.write(
        `HTTP/1.1 ${status} ${error}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

/**
 * Every route that needs a key is refused in onRequest, before any of the body is read or parsed,
 * with the guard's own 401. A route is public only when marked so (`@Public()`, or Swagger's routes
 * below); an evaluation link's token is checked there too. What is refused says `Connection: close`,
 * so Node does not read the rest of the body to keep the connection.
 *
 * The check is a route's own onRequest hook, added after the per-address rate limit's (also a
 * route hook, added by its plugin's onRoute), so a flood of guessed keys is answered 429 unread.
 */
function registerAuthenticationFirst(
  app: NestFastifyApplication,
  fastify: FastifyInstance,
  config: UpliftConfig,
): void {
  const principals = app.get<PrincipalLookup>(PRINCIPAL_LOOKUP);
  const sessions = app.get<SessionLookup>(SESSION_LOOKUP, { strict: false });
  const links = app.get<EvaluationLinks>(EVALUATION_LINKS);
  const refuse = (request: FastifyRequest, reply: FastifyReply, err: Error): never => {
    const hasBody =
      request.headers['transfer-encoding'] !== undefined ||
      Number(request.headers['content-length'] ?? 0) > 0;
    if (hasBody) void reply.header('connection', 'close');
    throw err;
  };
  const authenticate = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // A CORS preflight carries no key by design; its answer is the CORS plugin's.
    if (request.method === 'OPTIONS') return;
    const auth = await authenticateRequest(principals, sessions, request.headers);
    if (!auth.principal) return refuse(request, reply, new UnauthorizedException(auth.message));
    const authenticated = request as FastifyRequest & AuthenticatedRequest;
    authenticated.principal = auth.principal;
    authenticated.authenticatedBy = auth.by;
    authenticated.sessionId = auth.sessionId;
    const refusal = crossOriginRefusal(request, auth.by, config.PUBLIC_BASE_URL);
    if (refusal) return refuse(request, reply, refusal);
  };
  const checkToken = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = (request.params as { token?: unknown } | undefined)?.token;
    if (request.method !== 'POST' || typeof token !== 'string') return;
    const link = await links.inspect(token);
    if (typeof link === 'string') return refuse(request, reply, new LinkUnusableError(link));
  };
  fastify.addHook('onRoute', (route) => {
    if (DOCS_ROUTE.test(route.url))
      route.config = { ...route.config, [PUBLIC_ROUTE]: true } as typeof route.config;
    const methods = ([] as string[]).concat(route.method);
    if (methods.every((m) => m === 'OPTIONS')) return;
    const open = isPublicRoute(route.config);
    if (open && !EVALUATION_TOKEN_ROUTE.test(route.url)) return;
    const hook = open ? checkToken : authenticate;
    route.onRequest = [...([] as unknown[]).concat(route.onRequest ?? []), hook] as typeof route.onRequest;
  });
  // No route: nothing to authenticate for, and nothing to read.
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.is404 && request.method !== 'OPTIONS')
      refuse(request, reply, new NotFoundException('Cannot find the route'));
  });
}

function bearerOf(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

/** What a request authenticates with, for its rate limit: its API key, else its session cookie. */
function credentialOf(request: FastifyRequest): string | null {
  const bearer = bearerOf(request);
  if (bearer !== null) return bearer;
  const session = cookieOf(request.headers, SESSION_COOKIE);
  return session ? `session:${session}` : null;
}

/** The same shape as every other error (`toErrorBody`), thrown to Nest's error handler. */
function tooManyRequests(retryAfterSeconds: number) {
  return {
    statusCode: 429,
    message: englishMessage('http.too_many_requests', { seconds: retryAfterSeconds }),
    // The error filter tells it in the request's language.
    messageCode: 'http.too_many_requests',
    messageParams: { seconds: retryAfterSeconds },
  };
}

/**
 * What stands between the internet and the routes: security headers, rate limits per client
 * address and per API key, CORS only for the origins configured, and the audit of every call that
 * could change state; the key is checked before any body is read. Body size limits are the
 * adapter's (`bodyLimit` from `bodyLimitOf`, see main.ts); timeouts are `serverTimeouts`.
 */
export async function applyHttpSafeguards(app: NestFastifyApplication, config: UpliftConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        // Swagger UI at /docs loads its scripts from here and styles itself inline.
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        // The API is often served over plain HTTP on a private network: do not rewrite to https.
        'upgrade-insecure-requests': null,
      },
    },
  });

  // Per client address, every request (with or without a key): bounds key guessing too.
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_PER_IP_PER_MINUTE,
    timeWindow: MINUTE,
    errorResponseBuilder: (_req, context) => tooManyRequests(Math.ceil(context.ttl / 1000)),
  });

  // Per API key or console session (by its hash: neither is kept anywhere), whatever address it
  // comes from.
  const perKey = fastify.createRateLimit({
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: MINUTE,
    keyGenerator: (req) => {
      const credential = credentialOf(req);
      return credential === null
        ? 'no key'
        : `key:${createHash('sha256').update(credential).digest('base64url')}`;
    },
    allowList: (req) => credentialOf(req) === null,
  });
  fastify.addHook('onRequest', async (request, reply) => {
    const limit = await perKey(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    void reply.header('retry-after', limit.ttlInSeconds);
    throw tooManyRequests(limit.ttlInSeconds);
  });

  // Per client address, sign-in attempts (with or without the right password): bounds password
  // guessing across accounts; each account also locks after repeated failures (accounts module).
  const signIns = fastify.createRateLimit({
    max: config.SIGN_IN_ATTEMPTS_PER_IP,
    timeWindow: SIGN_IN_WINDOW_MINUTES * MINUTE,
    keyGenerator: (req) => `sign-in:${req.ip}`,
  });
  const limitSignIns = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const limit = await signIns(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    void reply.header('retry-after', limit.ttlInSeconds);
    const minutes = Math.max(1, Math.ceil(limit.ttlInSeconds / 60));
    throw {
      statusCode: 429,
      message: `登录尝试过多，请 ${minutes} 分钟后再试 (too many sign-in attempts from this address; try again in ${minutes} minutes)`,
    };
  };
  fastify.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    if (route.url === '/v1/sessions' && methods.includes('POST'))
      route.onRequest = [
        ...([] as unknown[]).concat(route.onRequest ?? []),
        limitSignIns,
      ] as typeof route.onRequest;
  });

  registerAuthenticationFirst(app, fastify, config);

  if (config.CORS_ORIGINS.length > 0) {
    app.enableCors({
      origin: config.CORS_ORIGINS,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      // x-namespace: the Temporal Web UI sends it to the codec server (/v1/codec).
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id', 'x-namespace'],
      exposedHeaders: ['x-request-id', 'retry-after', 'idempotent-replayed'],
      maxAge: 600,
    });
  }

  registerAuditHook(fastify, app.get<AuditLog>(AUDIT_LOG));
}

const BODY_METHODS = ['post', 'put', 'patch', 'delete'] as const;
type Operation = NonNullable<OpenAPIObject['paths'][string]['post']>;

/**
 * States every body limit and timeout in the OpenAPI document: each operation that takes a body gets
 * `x-body-limit` (bytes) and a sentence in its description; the document's description lists the
 * timeouts, with the answer a client gets past each.
 */
export function documentLimits(document: OpenAPIObject, config: UpliftConfig): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of BODY_METHODS) {
      const operation = item[method] as (Operation & { 'x-body-limit'?: number }) | undefined;
      if (!operation) continue;
      const { limit, what } = bodyLimitOf(path);
      operation['x-body-limit'] = limit;
      const sentence = `Body limit (${what}): ${formatBytes(limit)}; a larger body is answered 413 before it is read in full.`;
      operation.description = operation.description ? `${operation.description}\n\n${sentence}` : sentence;
    }
  }
  const timeouts = {
    headersSeconds: config.HTTP_HEADERS_TIMEOUT_SECONDS,
    requestSeconds: config.HTTP_REQUEST_TIMEOUT_SECONDS,
    keepAliveSeconds: config.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS,
    idleSeconds: config.HTTP_IDLE_TIMEOUT_SECONDS,
  };
  (document.info as typeof document.info & { 'x-limits'?: unknown })['x-limits'] = {
    bodies: {
      json: JSON_LIMIT,
      candidateImport: IMPORT_LIMIT,
      evaluation: EVALUATION_LIMIT,
    },
    timeouts,
  };
  document.info.description = [
    document.info.description ?? '',
    '',
    '**Limits.** Bodies: ' +
      `${formatBytes(JSON_LIMIT)} of JSON, ${formatBytes(IMPORT_LIMIT)} for a candidate import (JSON or CSV), ` +
      `${formatBytes(EVALUATION_LIMIT)} for an evaluation; past a limit, 413. ` +
      'A route that needs an API key answers 401 before reading any body. ' +
      `Request headers must arrive within ${timeouts.headersSeconds} s and the whole request within ` +
      `${timeouts.requestSeconds} s, else 408 and the connection is closed; an idle keep-alive connection ` +
      `is closed after ${timeouts.keepAliveSeconds} s, a connection silent both ways after ${timeouts.idleSeconds} s.`,
  ].join('\n');
}
