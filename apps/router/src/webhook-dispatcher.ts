import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { readSecret, stageGroupId, type AppConfig } from '@newswire/config';
import { subscriptionDlqTopic, subscriptionTopic, type Subscription } from '@newswire/contracts';
import type { MessageBus, Producer, RunningConsumer } from '@newswire/kafka';
import { WebhookMetrics, type Logger, type StageMetrics } from '@newswire/observability';
import { BUS, CONFIG, LOGGER, METRICS } from '@newswire/runtime';
import { SubscriptionsSource } from './subscriptions.source';
import { WebhookSender } from './webhook-sender';

/**
 * One consumer group per webhook subscription over its `article.out.v1.<name>` topic: its offsets,
 * committed once a delivery was taken (or dead-lettered), are the durable delivery state, and a
 * slow or dead receiver holds back only its own group. Subscriptions added, changed or removed in
 * the file start, restart or stop their consumer.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly running = new Map<string, { spec: string; consumer: RunningConsumer }>();
  private producer?: Promise<Producer>;
  private syncing = Promise.resolve();
  private readonly metrics: WebhookMetrics;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SubscriptionsSource) private readonly subscriptions: SubscriptionsSource,
    @Inject(METRICS) stageMetrics: StageMetrics,
  ) {
    this.metrics = new WebhookMetrics(stageMetrics.registry);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscriptions.onChange((list) => (this.syncing = this.syncing.then(() => this.sync(list))));
    await this.sync(this.subscriptions.list);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.syncing;
    await Promise.all([...this.running.values()].map((r) => r.consumer.stop()));
    this.running.clear();
    await (await this.producer)?.close();
  }

  private async sync(list: readonly Subscription[]): Promise<void> {
    const wanted = new Map(
      list.filter((s) => s.delivery.kind === 'webhook').map((s) => [s.name, s] as const),
    );
    for (const [name, r] of [...this.running]) {
      const s = wanted.get(name);
      if (s && JSON.stringify(s) === r.spec) continue;
      await r.consumer.stop();
      this.running.delete(name);
      this.logger.info({ subscription: name }, 'webhook consumer stopped');
    }
    for (const [name, s] of wanted) {
      if (this.running.has(name)) continue;
      try {
        this.running.set(name, { spec: JSON.stringify(s), consumer: await this.start(s) });
      } catch (error) {
        // One subscriber's unreadable secret must not stop the others' deliveries.
        this.logger.error({ subscription: name, err: error }, 'webhook subscription not started');
      }
    }
  }

  private async start(s: Subscription): Promise<RunningConsumer> {
    if (s.delivery.kind !== 'webhook') throw new Error(`${s.name} is not a webhook subscription`);
    const { topicPrefix: prefix, sessionTimeoutMs } = this.config.kafka;
    this.producer ??= this.bus.producer({ idempotent: true });
    const sender = new WebhookSender(
      s.name,
      s.delivery,
      readSecret(s.delivery.secret),
      { producer: await this.producer, topic: subscriptionDlqTopic(prefix, s.name) },
      this.logger,
      this.metrics,
      sessionTimeoutMs / 3,
    );
    const groupId = stageGroupId(this.config.kafka, `webhook.${s.name}`);
    const consumer = await this.bus.runSink({
      stage: `webhook.${s.name}`,
      groupId,
      topics: [subscriptionTopic(prefix, s.name)],
      sessionTimeoutMs,
      fromBeginning: true,
      commitToKafka: true,
      handleBatch: (messages) => sender.deliverBatch(messages),
    });
    this.logger.info({ subscription: s.name, url: s.delivery.url, groupId }, 'webhook consumer started');
    return {
      joined: () => consumer.joined(),
      stop: async () => {
        await consumer.stop();
        await sender.close();
      },
    };
  }
}
