import { createServer, type Server } from 'node:http';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { stageGroupId, type AppConfig } from '@newswire/config';
import type { TopicNames } from '@newswire/contracts';
import type { MessageBus } from '@newswire/kafka';
import { IngestMetrics, type Logger, type StageMetrics } from '@newswire/observability';
import {
  BUS,
  CONFIG,
  LOGGER,
  METRICS,
  TOPIC_NAMES,
  ensureTopics,
  healthReport,
  kafkaProbe,
  metricsRoutes,
} from '@newswire/runtime';
import { DropFolderRunner } from './drop-folder.runner';
import { FeedHealth } from './feed-health';
import { FEEDS, type Feed } from './feeds.provider';
import { HttpPollRunner } from './http-poll.runner';
import { IngestLog } from './ingest-log';
import { handlePush } from './push.handler';

const PUSH_PATH = /^\/ingest\/([a-z0-9][a-z0-9._-]{0,63})\/?$/;

/**
 * The feeding services: takes the deployment's transactional id (fencing a previous instance),
 * folds ingest.state.v1, then runs every feed of the feeds file, and serves pushes, the feeds'
 * status, /metrics and /health on INGEST_PORT.
 */
@Injectable()
export class IngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private log!: IngestLog;
  private runners: (HttpPollRunner | DropFolderRunner)[] = [];
  private server?: Server;
  private readonly health: FeedHealth;
  private readonly ingestMetrics: IngestMetrics;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: StageMetrics,
    @Inject(TOPIC_NAMES) private readonly topics: TopicNames,
    @Inject(FEEDS) private readonly feeds: Feed[],
  ) {
    this.ingestMetrics = new IngestMetrics(metrics.registry);
    this.health = new FeedHealth(this.ingestMetrics, logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics(this.bus, this.config, this.logger);
    this.log = new IngestLog(
      this.bus,
      { stateTopic: this.topics.ingestState },
      stageGroupId(this.config.kafka, 'ingest'),
      this.logger,
    );
    await this.log.open();
    for (const feed of this.feeds) {
      this.health.register(feed.id, feed.kind, feed.failingAfterSeconds);
      if (feed.kind === 'http-poll')
        this.runners.push(
          new HttpPollRunner(feed, this.log, this.topics.raw, this.health, this.ingestMetrics, this.logger),
        );
      else if (feed.kind === 'drop-folder')
        this.runners.push(new DropFolderRunner(feed, this.log, this.topics.raw, this.health, this.logger));
    }
    await this.listen();
    for (const r of this.runners) await r.start();
    this.logger.info(
      { feeds: this.feeds.map((f) => `${f.id} (${f.kind})`), port: this.config.ingest.port },
      'ingest running',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.log?.close();
  }

  private listen(): Promise<void> {
    const metricsAndHealth = metricsRoutes(this.metrics, async () => {
      const report = await healthReport({ kafka: kafkaProbe(this.bus) });
      // A failing feed is named, but is the upstream's fault: it does not make the app unhealthy.
      const failing = this.health.statuses().filter((s) => s.failing);
      report.details.feeds = {
        status: failing.length ? 'down' : 'up',
        failing: failing.map((s) => ({ feed: s.feed, since: s.failingSince, error: s.lastError })),
      };
      return report;
    });
    const server = createServer((req, res) => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const push = req.method === 'POST' ? PUSH_PATH.exec(req.url ?? '') : null;
      if (push) {
        const feed = this.feeds.find((f) => f.id === push[1]);
        if (feed?.kind !== 'http-push') return answer(404, { error: `no http-push feed '${push[1]}'` });
        void handlePush(req, feed, this.log, this.topics.raw, this.health).then(
          (a) => {
            // A refused body is left unread: the connection cannot carry another request.
            if (a.status === 413) res.setHeader('connection', 'close');
            answer(a.status, a.body);
          },
          (error: unknown) => answer(500, { error: (error as Error).message }),
        );
      } else if (req.method === 'GET' && req.url === '/feeds') answer(200, this.health.statuses());
      else if (!metricsAndHealth(req, res)) answer(404, { error: 'not found' });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.ingest.port, this.config.http.host, () => resolve());
    });
  }
}
