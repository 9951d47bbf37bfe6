import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@newswire/config';
import { PinoNestLogger, type Logger } from '@newswire/observability';
import { CONFIG, LOGGER } from '@newswire/runtime';
import { ApiModule } from './api.module';
import { StorageErrorFilter } from './storage-error.filter';

/** Builds the HTTP app (used by main and by the e2e tests). */
export async function createApiApp() {
  const app = await NestFactory.create(ApiModule, { bufferLogs: true });
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  app.useGlobalFilters(new StorageErrorFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('newswire')
      .setDescription(
        'Versioned article projections: who reported what, every revision, copies and related stories',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  return app;
}

async function main(): Promise<void> {
  const app = await createApiApp();
  const config = app.get<AppConfig>(CONFIG);
  await app.listen(config.http.port, config.http.host);
  app.get<Logger>(LOGGER).info({ url: await app.getUrl() }, 'api listening');
}

if (require.main === module) void main();
