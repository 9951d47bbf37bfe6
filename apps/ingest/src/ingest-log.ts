import type { MessageBus, OutMessage, TransactionalProducer } from '@newswire/kafka';
import { IngestState, commitWrite, type StateWrite } from '@newswire/ingest';
import type { Logger } from '@newswire/observability';

/** What a unit of work sends, planned against the state as it is when its transaction starts. */
export interface Planned<T> {
  raw: OutMessage[];
  writes: StateWrite[];
  result: T;
}

interface Pending {
  plan: (state: IngestState) => Planned<unknown>;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

/** Transactions a unit may fail before its caller is told (a push answers 503, a poll backs off). */
const ATTEMPTS = 3;

/**
 * The ingest app's one way into Kafka: raw messages and the state records that say they were sent
 * commit in ONE transaction, under the deployment's single transactional id (a second instance
 * fences the first). Units queued meanwhile share the next transaction (group commit). A unit is
 * planned when its transaction starts, against the state as committed. Each transaction ends with
 * a numbered commit record: after one fails, the id is taken again (which settles it) and the state
 * topic is read on, and that record says whether it committed after all (its answer lost) or is
 * to be planned and sent again.
 */
export class IngestLog {
  readonly state = new IngestState();
  private producer?: TransactionalProducer;
  private position = '0';
  private queue: Pending[] = [];
  private running?: Promise<void>;
  private closed = false;

  constructor(
    private readonly bus: MessageBus,
    private readonly topics: { stateTopic: string },
    private readonly transactionalId: string,
    private readonly logger: Logger,
    private readonly maxUnitsPerTransaction = 500,
  ) {}

  /** Fences the previous instance, then folds the whole state topic. */
  async open(): Promise<void> {
    this.producer = await this.bus.transactionalProducer(this.transactionalId);
    const count = await this.readOn();
    this.logger.info({ records: count, feeds: this.state.feedIds().length }, 'ingest state loaded');
  }

  /** Queues a unit; resolves with its result once its transaction has committed. */
  submit<T>(plan: (state: IngestState) => Planned<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the ingest log is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ plan, resolve: resolve as (r: unknown) => void, reject });
      this.running ??= this.drain().finally(() => (this.running = undefined));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.running;
    await this.producer?.close();
  }

  private async readOn(): Promise<number> {
    return this.bus.readToEnd(
      this.topics.stateTopic,
      (messages) => {
        for (const m of messages) {
          if (m.key) this.state.applyRaw(m.key.toString('utf8'), m.value);
          this.position = (BigInt(m.offset) + 1n).toString();
        }
      },
      { from: { 0: this.position } },
    );
  }

  private async drain(): Promise<void> {
    const attempts = new Map<Pending, number>();
    while (this.queue.length > 0) {
      const units = this.queue.splice(0, this.maxUnitsPerTransaction);
      const planned: { unit: Pending; p: Planned<unknown> }[] = [];
      for (const unit of units) {
        try {
          planned.push({ unit, p: unit.plan(this.state) });
        } catch (error) {
          unit.reject(error);
        }
      }
      const writes = planned.flatMap(({ p }) => p.writes);
      const raw = planned.flatMap(({ p }) => p.raw);
      if (raw.length + writes.length > 0) {
        const sequence = (this.state.commits.get(this.transactionalId) ?? 0) + 1;
        writes.push(commitWrite(this.transactionalId, sequence, new Date()));
        const started = Date.now();
        try {
          await this.producer!.transact([...raw, ...writes.map((w) => this.stateMessage(w))]);
          this.logger.debug(
            { units: planned.length, raw: raw.length, state: writes.length, ms: Date.now() - started },
            'ingest transaction committed',
          );
        } catch (error) {
          this.logger.warn({ err: error, units: planned.length }, 'ingest transaction failed; settling it');
          await this.settle();
          // The commit marker says whether the transaction took effect after all (its answer lost).
          if (this.state.commits.get(this.transactionalId) !== sequence) {
            const again: Pending[] = [];
            for (const { unit } of planned) {
              const n = (attempts.get(unit) ?? 0) + 1;
              attempts.set(unit, n);
              if (n >= ATTEMPTS) unit.reject(error);
              else again.push(unit);
            }
            this.queue.unshift(...again);
            continue;
          }
        }
      }
      for (const w of writes) this.state.apply(w);
      for (const { unit, p } of planned) unit.resolve(p.result);
    }
  }

  /** Takes the id again and reads what committed; retried until the broker answers. */
  private async settle(): Promise<void> {
    for (let wait = 200; ; wait = Math.min(wait * 2, 10000)) {
      try {
        await this.producer!.fence();
        await this.readOn();
        return;
      } catch (error) {
        this.logger.warn({ err: error }, 'ingest: cannot settle the failed transaction yet');
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private stateMessage(w: StateWrite): OutMessage {
    return { topic: this.topics.stateTopic, key: w.key, value: w.value ? JSON.stringify(w.value) : null };
  }
}
