import type { Admin as KAdmin } from 'kafkajs';
import type { PartitionPosition } from '../message-bus.port';
import { withDeadline } from '../shared/deadline';

/**
 * Where each newly assigned partition is read from and where it ends, as @platformatic/kafka
 * reports them on assignment (onPositions): the sink's own stored offset, else the group's
 * committed one, else the topic's start (fromBeginning) or end. `own` is the sink's store.
 */
export async function assignedPositions(
  admin: KAdmin,
  groupId: string,
  assignment: Record<string, number[]>,
  o: {
    fromBeginning: boolean;
    callMs: number;
    own?: (topic: string, partition: number) => Promise<string | undefined>;
  },
): Promise<PartitionPosition[]> {
  const call = <T>(what: string, work: () => Promise<T>) => withDeadline(work(), o.callMs, what);
  const out: PartitionPosition[] = [];
  for (const [topic, partitions] of Object.entries(assignment)) {
    if (partitions.length === 0) continue;
    const ends = await call(`reading ${topic}'s offsets`, () => admin.fetchTopicOffsets(topic));
    const [committed] = await call(`reading ${groupId}'s committed offsets`, () =>
      admin.fetchOffsets({ groupId, topics: [topic] }),
    );
    for (const partition of partitions) {
      const end = ends.find((e) => e.partition === partition);
      if (!end) continue;
      const kept = committed?.partitions.find((p) => p.partition === partition)?.offset;
      const next =
        (await o.own?.(topic, partition)) ??
        (kept !== undefined && kept !== '-1' ? kept : o.fromBeginning ? end.low : end.high);
      out.push({ topic, partition, highWatermark: end.high, nextOffset: next });
    }
  }
  return out;
}
