import { setTimeout as sleep } from 'node:timers/promises';
import { Admin, type BaseOptions, type GroupAssignment } from '@platformatic/kafka';
import { hasCode } from './platformatic-reader';

/** How long to wait between asks while a transaction's offset commit is not settled. */
const UNSTABLE_RETRY_MS = 200;

/**
 * A group's committed offsets, stable (KIP-447's requireStable): while a transaction that
 * committed offsets has not had all its commit markers written (as when the broker restarted
 * between its commit and its markers), the broker answers UNSTABLE_OFFSET_COMMIT and it is asked
 * again. @platformatic/kafka's member asks without requireStable and is then told the offset from
 * before that transaction, so that a stage took its inputs again, and their outputs were written
 * twice once the markers landed (router-faults e2e, 2 runs in 8 under load). Per topic, by
 * partition; -1 where nothing is committed.
 */
export class StableOffsets {
  private readonly admin: Admin;

  constructor(base: BaseOptions) {
    this.admin = new Admin(base);
  }

  async read(
    groupId: string,
    assignments: GroupAssignment[],
    deadlineMs: number,
  ): Promise<Map<string, bigint[]>> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      try {
        const [group] = await this.admin.listConsumerGroupOffsets({
          groups: [
            {
              groupId,
              topics: assignments.map((a) => ({ name: a.topic, partitionIndexes: a.partitions })),
            },
          ],
          requireStable: true,
        });
        const committed = new Map<string, bigint[]>();
        for (const topic of group?.topics ?? []) {
          const offsets: bigint[] = [];
          for (const p of topic.partitions) offsets[p.partitionIndex] = p.committedOffset;
          committed.set(topic.name, offsets);
        }
        return committed;
      } catch (error) {
        if (!hasCode(error, 'UNSTABLE_OFFSET_COMMIT') || Date.now() + UNSTABLE_RETRY_MS > until) throw error;
        await sleep(UNSTABLE_RETRY_MS);
      }
    }
  }

  close(): Promise<void> {
    return this.admin.close();
  }
}
