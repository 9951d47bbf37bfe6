import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@newswire/config';
import { subscriptionTopicSpecs, type Subscription } from '@newswire/contracts';
import type { MessageBus } from '@newswire/kafka';
import type { Logger } from '@newswire/observability';
import { parseSubscriptionsFile } from '@newswire/routing';
import { BUS, CONFIG, LOGGER } from '@newswire/runtime';

/** How often the subscriptions file is looked at (its size and time): a change applies within this. */
const WATCH_MS = 500;

/**
 * The subscriptions of ROUTER_SUBSCRIPTIONS_FILE, read again whenever the file changes. A bad file
 * at start stops the app naming the subscription and field; a bad edit later is logged and the
 * subscriptions in force stay. A new set takes effect only once its topics exist, so that no
 * transaction writes to a topic that is not there.
 */
@Injectable()
export class SubscriptionsSource implements OnModuleInit, OnApplicationShutdown {
  private current: Subscription[] = [];
  private readonly listeners: ((subscriptions: Subscription[]) => Promise<void>)[] = [];
  private reloading = Promise.resolve();

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get list(): readonly Subscription[] {
    return this.current;
  }

  /** Called with each new set once it is in force. */
  onChange(listener: (subscriptions: Subscription[]) => Promise<void>): void {
    this.listeners.push(listener);
  }

  async onModuleInit(): Promise<void> {
    const file = this.config.router.subscriptionsFile;
    if (!file) {
      this.logger.warn('ROUTER_SUBSCRIPTIONS_FILE is unset: no subscription');
      return;
    }
    await this.apply(this.read(file));
    watchFile(file, { interval: WATCH_MS }, () => {
      this.reloading = this.reloading.then(() => this.reload(file));
    });
  }

  onApplicationShutdown(): void {
    const file = this.config.router.subscriptionsFile;
    if (file) unwatchFile(file);
  }

  private read(file: string): Subscription[] {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(
        `ROUTER_SUBSCRIPTIONS_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    return parseSubscriptionsFile(text, file);
  }

  private async reload(file: string): Promise<void> {
    try {
      await this.apply(this.read(file));
    } catch (error) {
      this.logger.error({ err: error, file }, 'subscriptions file refused; the subscriptions in force stay');
    }
  }

  private async apply(subscriptions: Subscription[]): Promise<void> {
    const { topicPrefix: prefix, partitions } = this.config.kafka;
    const admin = await this.bus.admin();
    try {
      const created = await admin.ensureTopics(
        subscriptions.flatMap((s) => subscriptionTopicSpecs(prefix, s.name, s.delivery.kind, partitions)),
      );
      if (created.length) this.logger.info({ created }, 'created subscription topics');
    } finally {
      await admin.close();
    }
    this.current = subscriptions;
    this.logger.info(
      { subscriptions: subscriptions.map((s) => `${s.name} (${s.delivery.kind}, ${s.format})`) },
      'subscriptions in force',
    );
    for (const listener of this.listeners) await listener(subscriptions);
  }
}
