import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics every stage exposes: consumed, produced, dead-lettered, lag, processing time. */
export class StageMetrics {
  readonly registry = new Registry();
  readonly consumed: Counter<'stage' | 'topic'>;
  readonly produced: Counter<'stage' | 'topic'>;
  readonly deadLettered: Counter<'stage' | 'code'>;
  readonly lag: Gauge<'stage' | 'topic' | 'partition'>;
  readonly processingSeconds: Histogram<'stage'>;
  /** The topic\0partition of each stage's lag series, as last assigned. */
  private readonly lagSeries = new Map<string, Set<string>>();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.consumed = new Counter({
      name: 'newswire_messages_consumed_total',
      help: 'Messages read from an input topic',
      labelNames: ['stage', 'topic'],
      registers: [this.registry],
    });
    this.produced = new Counter({
      name: 'newswire_messages_produced_total',
      help: 'Messages written to an output topic',
      labelNames: ['stage', 'topic'],
      registers: [this.registry],
    });
    this.deadLettered = new Counter({
      name: 'newswire_messages_dead_lettered_total',
      help: 'Messages sent to the dead-letter topic, by error code',
      labelNames: ['stage', 'code'],
      registers: [this.registry],
    });
    this.lag = new Gauge({
      name: 'newswire_consumer_lag',
      help: 'High watermark minus next offset, per input partition',
      labelNames: ['stage', 'topic', 'partition'],
      registers: [this.registry],
    });
    this.processingSeconds = new Histogram({
      name: 'newswire_batch_processing_seconds',
      help: 'Time to process one batch, commit included',
      labelNames: ['stage'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }

  /** A partition's consumer lag after a batch: its high watermark at the fetch minus the next offset to read. */
  setLag(
    stage: string,
    at: { topic: string; partition: number; highWatermark: string; nextOffset: string },
  ): void {
    this.lag.set(
      { stage, topic: at.topic, partition: String(at.partition) },
      Math.max(0, Number(BigInt(at.highWatermark) - BigInt(at.nextOffset))),
    );
  }

  /**
   * The lag of every partition a stage instance has just been assigned, before its first batch:
   * a restarted worker otherwise had no series until a batch came (a summed lag then read 0), and
   * the series of the partitions it no longer reads are dropped.
   */
  assignLag(
    stage: string,
    positions: { topic: string; partition: number; highWatermark: string; nextOffset: string }[],
  ): void {
    const now = new Set(positions.map((p) => `${p.topic}\0${p.partition}`));
    for (const key of this.lagSeries.get(stage) ?? []) {
      const [topic, partition] = key.split('\0');
      if (!now.has(key)) this.lag.remove({ stage, topic, partition });
    }
    this.lagSeries.set(stage, now);
    for (const p of positions) this.setLag(stage, p);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
