import { Producer as PProducer, type BaseOptions, type Message } from '@platformatic/kafka';
import type { OutMessage, PipelineOptions } from '../message-bus.port';
import { withDeadline } from '../shared/deadline';
import { sendParts } from '../shared/send-parts';
import type { Generation } from './platformatic-group';
import { partitioner, record } from './platformatic-options';
import type { FetchedPartition } from './platformatic-reader';
import type { Piece } from './round-transactions';

/**
 * Each input partition has two transactional ids, `<group>.<topic>.<partition>` and the same
 * with `.alt`, and an instance initialises both ids of every partition it is assigned: that
 * fences whatever instance held the partition before and aborts its open transaction at once.
 * It then runs one transaction a round for all its partitions (EOS v2, KIP-447: the offsets
 * commit under the group generation, which fences a zombie too), under its first partition's
 * two ids in turn. One id per partition cost three transactions a round, and one id alone made
 * a transaction wait for the previous one's commit markers (CONCURRENT_TRANSACTIONS, retried in
 * a fifth of the normalizer's transactions at 500 stories/s). Offsets stay in order across the
 * two: the group coordinator keeps the offset whose commit record came last.
 */
export class RoundTransactions {
  private readonly producers = new Map<string, PProducer>();
  private own: string[] = [];
  private turn = 0;

  constructor(
    private readonly base: BaseOptions,
    private readonly groupId: string,
    /** Every transaction call's deadline. */
    private readonly deadlineMs: number,
  ) {}

  /**
   * Takes the assigned partitions: every one's ids initialised, before their committed offsets are
   * read and before a stateful stage rebuilds what it knows; the first partition's are kept.
   */
  async take(partitions: { topic: string; partition: number }[]): Promise<void> {
    for (const id of [...this.producers.keys()]) this.drop(id);
    const assigned = partitions
      .map(({ topic, partition }) => this.idsOf(topic, partition))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    await Promise.all(
      assigned.flat().map(async (id) => {
        const tx = await this.producerFor(id).beginTransaction();
        await tx.cancel();
      }),
    );
    this.own = assigned[0] ?? [];
    for (const id of assigned.slice(1).flat()) this.drop(id);
  }

  /** The id the next transaction runs under: the instance's two, in turn. */
  next(): string {
    return this.own[this.turn++ % this.own.length];
  }

  /** A fenced or broken producer cannot be reused: the next transaction under `id` gets a fresh one. */
  drop(id: string): void {
    void this.producers
      .get(id)
      ?.close()
      .catch(() => undefined);
    this.producers.delete(id);
  }

  /**
   * One round's transaction under `id`: the pieces' offsets under the round's generation, the
   * outputs, then the commit; aborted when any step fails. Each call with a deadline: one whose
   * answer never comes fails the round, whose retry then fences this producer (see resync in
   * runGroupLoop) instead of waiting on it for ever.
   */
  async transact(
    id: string,
    pieces: Piece<FetchedPartition>[],
    out: OutMessage[],
    generation: Generation,
    at: (step: string) => void,
    beforeCommit: PipelineOptions['beforeCommit'],
  ): Promise<void> {
    const call = <T>(step: string, work: () => Promise<T>): Promise<T> => {
      at(`${step} (transaction ${id})`);
      return withDeadline(work(), this.deadlineMs, `${step} (transaction ${id})`);
    };
    const tx = await call('beginning', () => this.producerFor(id).beginTransaction());
    try {
      // The offsets first, the outputs last: an output partition's readers (read_committed) wait
      // from a transaction's first record there to its commit marker, so that window holds only
      // the sends and the commit. The offsets commit under the generation the round was fetched
      // in: after a rebalance the broker refuses them and the whole transaction aborts.
      await call('adding the offsets', async () => {
        await tx.addConsumer(generation.member);
        for (const { batch, to } of pieces) {
          await tx.addOffset({
            topic: batch.topic,
            partition: batch.partition,
            offset: BigInt(batch.messages[to - 1].offset),
            metadata: {
              consumer: {
                groupId: generation.groupId,
                memberId: generation.memberId,
                generationId: generation.generationId,
                coordinatorId: generation.coordinatorId,
              },
            },
          } as unknown as Message);
        }
      });
      await call(`sending ${out.length} outputs`, async () => {
        for (const part of sendParts(out)) await tx.send({ messages: part.map(record) });
      });
      for (const { batch, from, to } of pieces)
        await beforeCommit?.({ topic: batch.topic, partition: batch.partition, count: to - from });
      await call('committing', () => tx.commit());
    } catch (error) {
      await withDeadline(tx.abort(), this.deadlineMs, `aborting transaction ${id}`).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.producers.values()].map((p) => p.close().catch(() => undefined)));
  }

  private idsOf(topic: string, partition: number): string[] {
    const id = `${this.groupId}.${topic}.${partition}`;
    return [id, `${id}.alt`];
  }

  private producerFor(id: string): PProducer {
    let p = this.producers.get(id);
    if (!p) {
      p = new PProducer({
        ...this.base,
        transactionalId: id,
        idempotent: true,
        // "No producer yet": the library otherwise asks for producer id 0 epoch 0, which the
        // broker refuses (PRODUCER_FENCED) for a transactional id used before, as after a restart.
        producerId: -1n,
        producerEpoch: -1,
        partitioner: partitioner(),
        // Also the transaction timeout the broker aborts a silent transaction after.
        timeout: 60000,
      });
      this.producers.set(id, p);
    }
    return p;
  }
}
