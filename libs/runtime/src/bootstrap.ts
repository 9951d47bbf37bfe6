import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@newswire/config';
import { PinoNestLogger, StageMetrics, type Logger } from '@newswire/observability';
import { CONFIG, LOGGER, METRICS } from './runtime.tokens';

/**
 * Boots a worker app (no HTTP API): Nest context, pino logs, shutdown hooks so SIGTERM drains the
 * consumer, commits and leaves the group; /metrics and /health on METRICS_PORT when it is set.
 */
export async function bootstrapWorker(module: unknown, service: string): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(module as never, { bufferLogs: true });
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const config = app.get<AppConfig>(CONFIG);
  let server: Server | undefined;
  if (config.metricsPort > 0)
    server = metricsServer(app.get<StageMetrics>(METRICS), config.metricsPort, config.http.host);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  await app.init();
  logger.info({ service }, `${service} started`);
  const close = app.close.bind(app);
  app.close = async () => {
    server?.close();
    await close();
    logger.info({ service }, `${service} stopped`);
  };
  return app;
}

function metricsServer(metrics: StageMetrics, port: number, host: string): Server {
  return createServer((req, res) => {
    if (req.url === '/metrics') {
      void metrics.text().then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      });
    } else if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    } else {
      res.writeHead(404).end();
    }
  }).listen(port, host);
}
