import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../../libs/config/src/config';
import { AppModule } from './app.module';
import { IMPORT_LIMIT } from './rounds/import-limit';
import { answerFrameworkError } from './common/error.filter';
import { applyHttpSafeguards } from './common/http-safeguards';

const JSON_LIMIT = 1024 * 1024;

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_LIMIT,
    trustProxy: config.TRUST_PROXY,
    frameworkErrors: answerFrameworkError,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
  });
  // CSV imports are streamed: the handler reads the raw body and enforces the import limit itself.
  adapter
    .getInstance()
    .addContentTypeParser(['text/csv', 'application/csv'], (_req, payload, done) => done(null, payload));
  adapter.getInstance().addHook('onRoute', (route) => {
    if (route.url.endsWith('/candidates')) route.bodyLimit = IMPORT_LIMIT;
  });
  const levels = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    logger: levels.slice(0, levels.indexOf(config.LOG_LEVEL) + 1),
  });
  app.enableShutdownHooks();
  await applyHttpSafeguards(app, config);
  adapter.getInstance().addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Uplift')
      .setDescription('Small and micro enterprise quality-management certification improvement campaign')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  await app.listen(config.PORT, config.HOST);
  console.log(`Uplift API listening on ${await app.getUrl()} (docs at /docs)`);
}

bootstrap().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
