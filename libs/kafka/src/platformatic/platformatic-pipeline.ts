import type { BaseOptions } from '@platformatic/kafka';
import type { OutMessage, PipelineOptions, RunningConsumer } from '../message-bus.port';
import { callDeadlineMs } from '../shared/deadline';
import type { KafkaConnection } from '../shared/kafka-connection';
import { nextOffset } from '../shared/offsets';
import { stageOutputs } from '../shared/stage-outputs';
import { runGroupLoop } from './platformatic-group';
import { RoundTransactions } from './platformatic-transactions';
import { transactionsOfRound } from './round-transactions';

/**
 * Consume-process-produce on @platformatic/kafka: the group loop fetches a round, the stage makes
 * its outputs, and RoundTransactions commits them with the round's offsets.
 */
export function runPlatformaticPipeline(
  base: BaseOptions,
  log: KafkaConnection['log'],
  o: PipelineOptions,
  track: (close: () => Promise<void>) => () => Promise<void>,
): Promise<RunningConsumer> {
  const maxBatch = o.maxBatch ?? 500;
  const sessionTimeoutMs = o.sessionTimeoutMs ?? 30000;
  const transactions = new RoundTransactions(base, o.groupId, callDeadlineMs(sessionTimeoutMs));
  return runGroupLoop({
    base,
    groupId: o.groupId,
    topics: o.topics,
    sessionTimeoutMs,
    fromBeginning: o.fromBeginning ?? true,
    partitionMaxBytes: 1024 * 1024,
    minRoundMs: o.minRoundMs,
    log,
    onPositions: o.onPositions,
    onAssigned: async (partitions) => {
      await transactions.take(partitions);
      o.onAssigned?.();
    },
    process: async (batches, { generation, heartbeat, at }) => {
      // How far each batch has committed: after a failed transaction, the batches not wholly
      // committed are read again from the offsets Kafka holds (resync).
      const committed = new Map(batches.map((b) => [b, 0]));
      for (const pieces of transactionsOfRound(batches, maxBatch)) {
        const started = Date.now();
        const id = transactions.next();
        try {
          // Inside the try: a stage that fails (a RetryableError) is handled like a failed
          // transaction, and the stage is told (its state may hold the chunk's work).
          const out: OutMessage[] = [];
          at('the stage handling its messages');
          for (const { batch, from, to } of pieces) {
            out.push(
              ...(await stageOutputs(o, batch.messages.slice(from, to), {
                heartbeat: async () => heartbeat(),
              })),
            );
          }
          await transactions.transact(id, pieces, out, generation, at, o.beforeCommit);
        } catch (error) {
          // A fenced or broken producer cannot be reused: the retry gets a fresh one. Whether a
          // failed commit took effect is not known (its answer lost, or late): the partitions are
          // taken again, which fences this producer's transaction, and read on from what Kafka holds.
          transactions.drop(id);
          await o.onAborted?.(error);
          return batches.map((b) =>
            committed.get(b)! === b.messages.length
              ? { done: true as const }
              : { resync: true as const, error },
          );
        }
        heartbeat();
        for (const { batch, from, to } of pieces) {
          committed.set(batch, to);
          o.onCommitted?.({
            topic: batch.topic,
            partition: batch.partition,
            // A batch's last transaction reads on past the markers fetched with it: a drained
            // input whose producer is transactional then has a lag of 0, not 1.
            nextOffset:
              to === batch.messages.length ? String(batch.next) : nextOffset(batch.messages[to - 1].offset),
            highWatermark: String(batch.highWatermark),
            count: to - from,
            ms: Date.now() - started,
          });
        }
      }
      return batches.map(() => ({ done: true as const }));
    },
  }).then((running) => {
    const stop = track(async () => {
      await running.stop();
      await transactions.close();
    });
    return { stop, joined: running.joined };
  });
}
