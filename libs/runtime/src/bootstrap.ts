import 'reflect-metadata';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AppConfig } from '@newswire/config';
import { PinoNestLogger, StageMetrics, type Logger } from '@newswire/observability';
import type { MessageBus } from '@newswire/kafka';
import { healthReport, kafkaProbe, postgresProbe, type HealthReport, type Probe } from './health-report';
import { READ_MODEL_WRITER } from './read-model.provider';
import { BUS, CONFIG, LOGGER, METRICS } from './runtime.tokens';
import { stopOnSignals } from './stop-on-signals';
import { StageErrorFilter } from './stage-error.filter';
import { StageTransport } from './stage-transport';

/**
 * Boots a worker app (no HTTP API): Nest context, pino logs, SIGTERM or SIGINT closes the app (the
 * consumer drains, commits and leaves the group) and exits 0; /metrics and /health on METRICS_PORT
 * when it is set.
 * /health answers 503 while Kafka, or the read model's PostgreSQL for an app that writes one, does
 * not answer: the app keeps running and retrying meanwhile, as in the fault tests.
 */
export async function bootstrapWorker(module: unknown, service: string): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(module as never, { bufferLogs: true });
  return startWorker(app, service, probesOf(app), () => app.init());
}

/**
 * Boots a pipeline stage as a Nest microservice: its module's one `@EventPattern(TOPICS.x)`
 * controller on StageTransport (a transactional loop per batch), with what bootstrapWorker gives
 * every worker. Nest connects a microservice to an application only: its HTTP adapter never
 * listens, /metrics and /health being the worker's own server.
 */
export async function bootstrapStage(module: unknown, service: string): Promise<INestApplication> {
  const app = await NestFactory.create(module as never, new FastifyAdapter(), { bufferLogs: true });
  // Before the microservice takes the app's config: its handlers are made with the filters then set.
  app.useGlobalFilters(new StageErrorFilter());
  const deps = {
    bus: app.get<MessageBus>(BUS),
    config: app.get<AppConfig>(CONFIG),
    logger: app.get<Logger>(LOGGER),
    metrics: app.get<StageMetrics>(METRICS),
  };
  app.connectMicroservice<MicroserviceOptions>(
    { strategy: new StageTransport(deps, service) },
    { inheritAppConfig: true },
  );
  // A stage has no database: Kafka is its one dependency.
  return startWorker(app, service, { kafka: kafkaProbe(deps.bus) }, async () => {
    await app.init();
    await app.startAllMicroservices();
  });
}

async function startWorker<App extends INestApplicationContext>(
  app: App,
  service: string,
  probes: Record<string, Probe>,
  start: () => Promise<unknown>,
): Promise<App> {
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  const config = app.get<AppConfig>(CONFIG);
  let server: Server | undefined;
  // Not an override of app.close: NestFactory's proxy of an application drops assignments to it.
  const stop = async () => {
    server?.close();
    await app.close();
    logger.info({ service }, `${service} stopped`);
  };
  const signals = stopOnSignals(stop, logger, service);
  if (config.metricsPort > 0) {
    server = metricsServer(app.get<StageMetrics>(METRICS), probes, config.metricsPort, config.http.host);
    // A worker that cannot serve its metrics (the port is taken) would run unobserved: stop it, saying why.
    server.on('error', (error) => {
      logger.fatal(
        { err: error, service },
        `${service}: /metrics cannot listen on ${config.http.host}:${config.metricsPort}`,
      );
      setTimeout(() => process.exit(1), 5000).unref();
      void stop().finally(() => process.exit(1));
    });
  }
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  const initialised = start();
  signals.starting(initialised);
  await initialised;
  logger.info({ service }, `${service} started`);
  return app;
}

/** Kafka for every worker; PostgreSQL for one whose module provides a read model (the projector). */
function probesOf(app: INestApplicationContext): Record<string, Probe> {
  const probes: Record<string, Probe> = { kafka: kafkaProbe(app.get<MessageBus>(BUS)) };
  try {
    probes.postgresql = postgresProbe(app.get(READ_MODEL_WRITER));
  } catch {
    // Nest throws for a provider the app does not have: this worker has no database.
  }
  return probes;
}

function metricsServer(
  metrics: StageMetrics,
  probes: Record<string, Probe>,
  port: number,
  host: string,
): Server {
  const serve = metricsRoutes(metrics, () => healthReport(probes));
  return createServer((req, res) => {
    if (!serve(req, res)) res.writeHead(404).end();
  }).listen(port, host);
}

/**
 * Answers `/metrics` and `/health` (its report from `health`: 200 when ok, else 503); false for any
 * other request, which is the caller's.
 */
export function metricsRoutes(
  metrics: StageMetrics,
  health: () => Promise<HealthReport>,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.url === '/metrics') {
      void metrics.text().then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      });
    } else if (req.url === '/health') {
      void health().then((report) => {
        res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(report));
      });
    } else return false;
    return true;
  };
}
