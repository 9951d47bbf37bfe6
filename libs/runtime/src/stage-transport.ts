import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { AppConfig } from '@newswire/config';
import type { MessageBus, OutMessage, RunningConsumer } from '@newswire/kafka';
import type { Logger, StageMetrics } from '@newswire/observability';
import { isObservable, lastValueFrom } from 'rxjs';
import { runStage, type StageSpec } from './stage-runner';

/**
 * The transactional runner (runStage) as a Nest transport, so that a stage is written the way
 * Nest documents microservices: `app.connectMicroservice({ strategy: new StageTransport(deps,
 * { name, dlq }) })` and one `@EventPattern(inputTopic)` handler that gets the InMessage
 * (`@Payload()`) and the batch's HandlerContext (`@Ctx()`) and returns the messages to write.
 * Underneath, every batch's outputs and input offsets commit in one Kafka transaction, and a
 * handler that throws dead-letters its input, as with runStage.
 */
export class StageTransport extends Server implements CustomTransportStrategy {
  private running?: RunningConsumer;

  constructor(
    private readonly deps: { bus: MessageBus; config: AppConfig; logger: Logger; metrics: StageMetrics },
    private readonly stage: Omit<StageSpec, 'input' | 'handler'>,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      // A stage reads one topic: its one pattern is the input.
      const patterns = [...this.messageHandlers.keys()];
      if (patterns.length !== 1)
        throw new Error(
          `stage ${this.stage.name}: one @EventPattern(topic) handler, found ${patterns.length}`,
        );
      const [input] = patterns;
      const handler = this.messageHandlers.get(input)!;
      this.running = await runStage(this.deps, {
        ...this.stage,
        input,
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
