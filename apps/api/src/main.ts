import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { join } from 'node:path';
import { loadConfig, projectRoot } from '@uplift/config';
import { registerHttpMetrics, createLogger, lifecycleLogger, PinoNestLogger } from '@uplift/observability';
import { AppModule } from './app.module';
import { registerBodyParsers } from './common/body-parsers';
import { answerFrameworkError } from './common/error.filter';
import {
  applyHttpSafeguards,
  bodyLimitOf,
  documentLimits,
  JSON_LIMIT,
  serverTimeouts,
} from './common/http-safeguards';
import { registerGracefulClose } from './common/graceful-close';
import { registerConsolePages } from './console/console-pages';
import { buildOpenApiDocument } from './common/openapi-document';
import { registerAccessLog } from './logging/access-log';
import { registerRequestContext, requestLogContext } from './logging/request-context';
import { ApiMetrics } from './metrics/api-metrics';

let logger: Logger | undefined;

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  logger = createLogger({ service: 'api', level: config.LOG_LEVEL, context: requestLogContext });
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_LIMIT,
    ...serverTimeouts(config),
    trustProxy: config.TRUST_PROXY,
    frameworkErrors: answerFrameworkError,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
  });
  const fastify = adapter.getInstance();
  registerRequestContext(fastify);
  // JSON everywhere, CSV on the import, nothing else (Nest's own parsers are off: bodyParser false).
  registerBodyParsers(fastify, JSON_LIMIT);
  fastify.addHook('onRoute', (route) => {
    route.bodyLimit = bodyLimitOf(route.url).limit;
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  // SIGTERM: Fastify stops accepting and lets requests in flight finish (dispose), then the Temporal
  // client and the database close (onApplicationShutdown); exit 0 once all of that is done.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  registerGracefulClose(fastify, config.SHUTDOWN_GRACE_SECONDS, lifecycleLogger(logger));
  await applyHttpSafeguards(app, config);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  registerHttpMetrics(fastify, app.get(ApiMetrics).registry);
  // The console (apps/console, built into dist/console) under /console/.
  registerConsolePages(app, join(projectRoot(), 'dist', 'console'));
  registerAccessLog(fastify, logger);

  // The document is built from the routes Nest registered and their contracts (@ApiContract).
  const controllers = [...app.get(ModulesContainer).values()].flatMap((m) =>
    [...m.controllers.values()].map((wrapper) => wrapper.metatype as Type),
  );
  const document = buildOpenApiDocument(
    controllers,
    'Small and micro enterprise quality-management certification improvement campaign',
  ) as unknown as OpenAPIObject;
  documentLimits(document, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  await app.listen(config.PORT, config.HOST);
  lifecycleLogger(logger).info(
    `Uplift API listening on ${await app.getUrl()} (console at /console/, docs at /docs, metrics at /metrics)`,
  );
}

bootstrap().catch((err) => {
  if (logger)
    logger.fatal({ err }, `Uplift API could not start: ${err instanceof Error ? err.message : err}`);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
