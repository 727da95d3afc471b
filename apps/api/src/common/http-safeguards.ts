import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { UpliftConfig } from '../../../../libs/config/src/config';
import { AuditLog } from '../../../../libs/persistence/src/repositories/audit-log';
import { registerAuditHook } from './audit';

const MINUTE = 60_000;

function bearerOf(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

/** The same shape as every other error (`toErrorBody`), thrown to Nest's error handler. */
function tooManyRequests(retryAfterSeconds: number) {
  return {
    statusCode: 429,
    message: `too many requests; retry in ${retryAfterSeconds} s`,
  };
}

/**
 * What stands between the internet and the routes: security headers, rate limits per client
 * address and per API key, CORS only for the origins configured, and the audit of every call that
 * could change state. Body size limits are the adapter's (`bodyLimit`, see main.ts).
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

  // Per API key (by its hash: the key itself is kept nowhere), whatever address it comes from.
  const perKey = fastify.createRateLimit({
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: MINUTE,
    keyGenerator: (req) => {
      const key = bearerOf(req);
      return key === null ? 'no key' : `key:${createHash('sha256').update(key).digest('base64url')}`;
    },
    allowList: (req) => bearerOf(req) === null,
  });
  fastify.addHook('onRequest', async (request, reply) => {
    const limit = await perKey(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    void reply.header('retry-after', limit.ttlInSeconds);
    throw tooManyRequests(limit.ttlInSeconds);
  });

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

  registerAuditHook(fastify, new AuditLog(app.get(DataSource)));
}
