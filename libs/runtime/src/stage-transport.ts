import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { AppConfig } from '@newswire/config';
import { TOPICS, topicNames, type TopicKey } from '@newswire/contracts';
import type { MessageBus, OutMessage, RunningConsumer } from '@newswire/kafka';
import type { Logger, StageMetrics } from '@newswire/observability';
import { isObservable, lastValueFrom } from 'rxjs';
import { runStage } from './stage-runner';

/**
 * The transactional runner (runStage) as a Nest transport, so that a stage is written the way
 * Nest documents microservices: `app.connectMicroservice({ strategy: new StageTransport(deps,
 * name) })` and one `@EventPattern(TOPICS.x)` handler that gets the InMessage (`@Payload()`) and
 * the batch's StageContext (`@Ctx()`) and returns the messages to write. The pattern is the
 * topic's name in TOPICS, read under the deployment's prefix and events generation. Underneath,
 * every batch's outputs and input offsets commit in one Kafka transaction, and a handler that
 * throws dead-letters its input on wire.dlq.v1 (StageErrorFilter keeps the error's code).
 */
export class StageTransport extends Server implements CustomTransportStrategy {
  private running?: RunningConsumer;

  constructor(
    private readonly deps: { bus: MessageBus; config: AppConfig; logger: Logger; metrics: StageMetrics },
    private readonly name: string,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      // A stage reads one topic: its one pattern is the input.
      const patterns = [...this.messageHandlers.keys()];
      if (patterns.length !== 1)
        throw new Error(`stage ${this.name}: one @EventPattern(topic) handler, found ${patterns.length}`);
      const [pattern] = patterns;
      const key = (Object.keys(TOPICS) as TopicKey[]).find((k) => TOPICS[k] === pattern);
      if (!key) throw new Error(`stage ${this.name}: @EventPattern('${pattern}') is not a topic in TOPICS`);
      const { kafka } = this.deps.config;
      const topics = topicNames(kafka.topicPrefix, kafka.eventsGeneration);
      const handler = this.messageHandlers.get(pattern)!;
      this.running = await runStage(this.deps, {
        name: this.name,
        input: topics[key],
        dlq: topics.dlq,
        handler: async (m, context) => {
          const result: unknown = await handler(m, context);
          return ((isObservable(result) ? await lastValueFrom(result) : result) ?? []) as OutMessage[];
        },
      });
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }

  /** Nest's transport events: the runner reports through its logs and metrics instead. */
  on(): never {
    throw new Error('StageTransport has no transport events: see its logs and metrics');
  }

  unwrap<T>(): T {
    if (!this.running) throw new Error('StageTransport is not listening');
    return this.running as T;
  }
}
