import 'reflect-metadata';
import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '@newswire/config';
import { PinoNestLogger, type Logger } from '@newswire/observability';
import { CONFIG, LOGGER, stopOnSignals } from '@newswire/runtime';
import { ApiModule } from './api.module';
import { httpCaching } from './http-caching';
import { openApiDocument } from './openapi.document';
import { ProblemFilter } from './problem.filter';
import { logRequests } from './request-log';
import { traceRequests } from './trace-context.hook';

/** Builds the HTTP app (used by main and by the e2e tests). */
export async function createApiApp() {
  // Fastify, not express: a request through Nest costs ~35 us of CPU instead of ~120 (BENCHMARKS.md).
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, new FastifyAdapter(), {
    bufferLogs: true,
  });
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  app.useGlobalFilters(new ProblemFilter(logger));
  // nosniff, a CSP (the docs page loads only its own scripts), frame and referrer policies on every
  // answer. Without upgrade-insecure-requests: the api is served over plain HTTP on loopback, and
  // the browser would ask for the docs page's scripts over HTTPS.
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  httpCaching(app);
  logRequests(app, logger);
  traceRequests(app, app.get<AppConfig>(CONFIG).otlpEndpoint);
  // zod-openapi's 3.1 document; Nest's Swagger module only serves it (UI at /docs, JSON at /docs/json).
  SwaggerModule.setup('docs', app, openApiDocument() as unknown as OpenAPIObject, {
    jsonDocumentUrl: 'docs/json',
    yamlDocumentUrl: 'docs/yaml',
  });
  return app;
}

async function main(): Promise<void> {
  const app = await createApiApp();
  const config = app.get<AppConfig>(CONFIG);
  const logger = app.get<Logger>(LOGGER);
  const signals = stopOnSignals(
    () => app.close().then(() => logger.info({ service: 'api' }, 'api stopped')),
    logger,
    'api',
  );
  const listening = app.listen(config.http.port, config.http.host);
  signals.starting(listening);
  await listening;
  logger.info({ url: await app.getUrl() }, 'api listening');
}

if (require.main === module) void main();
