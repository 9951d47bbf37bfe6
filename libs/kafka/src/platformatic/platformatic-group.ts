import { Consumer, type BaseOptions, type GroupAssignment } from '@platformatic/kafka';
import type { KafkaConnection } from '../shared/kafka-connection';
import type { PartitionPosition, RunningConsumer } from '../message-bus.port';
import { callDeadlineMs, withDeadline } from '../shared/deadline';
import { PartitionReader, type FetchedPartition, type Position } from './platformatic-reader';
import { StableOffsets } from './stable-offsets';

/** The group membership a batch was fetched under: a transaction commits offsets under it or not at all. */
export interface Generation {
  member: Consumer;
  groupId: string;
  memberId: string;
  generationId: number;
  coordinatorId: number;
}

export interface GroupLoopOptions {
  base: BaseOptions;
  groupId: string;
  topics: string[];
  sessionTimeoutMs: number;
  fromBeginning: boolean;
  partitionMaxBytes: number;
  /** Least time between the starts of two rounds' fetches. */
  minRoundMs?: number;
  log?: KafkaConnection['log'];
  /** Runs on every assignment before the partitions' start offsets are read (fence zombies here). */
  onAssigned?: (partitions: { topic: string; partition: number }[]) => Promise<void> | void;
  /** Every assigned partition's start and end, once an assignment's start offsets are known. */
  onPositions?: (positions: PartitionPosition[]) => void;
  /** Where a partition starts when its owner keeps its own offsets; undefined: Kafka's committed offset. */
  startOffset?: (topic: string, partition: number) => Promise<string | undefined>;
  /**
   * Processes one round: the messages fetched for each partition that had any. Says, batch by
   * batch in the same order, where to read on from: `done` after them, `rewindTo` to read again
   * from there (after a back-off when it failed with `error`), or `resync` when what committed is
   * not known (a transaction failed): the partitions are then taken again (onAssigned fences the
   * failed transaction's producer, and with it completes or aborts that transaction) and read on
   * from the offsets Kafka holds.
   */
  process: (
    batches: FetchedPartition[],
    turn: {
      generation: Generation;
      heartbeat: () => void;
      /** Names the step the round is at, for the warning a stalled round leaves. */
      at: (step: string) => void;
    },
  ) => Promise<BatchOutcome[]>;
}

export type BatchOutcome =
  { done: true } | { rewindTo: bigint; error?: unknown } | { resync: true; error: unknown };

const key = (topic: string, partition: number) => `${topic}:${partition}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A group member that fetches its partitions itself and hands each partition's messages to
 * `process`. @platformatic/kafka heartbeats from a timer, so a handler that hangs would keep its
 * partitions for ever: as the Java client's max.poll.interval does, a member whose batch has made
 * no progress for a session timeout leaves the group (its partitions go to the others, whose
 * producers fence it) and joins again once that batch has returned.
 */
export async function runGroupLoop(o: GroupLoopOptions): Promise<RunningConsumer> {
  const group = groupTimeouts(o.sessionTimeoutMs);
  const member = new Consumer({ ...o.base, groupId: o.groupId, autocommit: false, ...group });
  const reader = new PartitionReader(o.base, { maxWaitMs: 100, partitionMaxBytes: o.partitionMaxBytes });
  const stable = new StableOffsets(o.base);
  const log = (level: string, message: string, error?: unknown) =>
    o.log?.(level, `${o.groupId}: ${message}`, error ? { error: describeError(error) } : {});

  let pending: GroupAssignment[] | undefined;
  let rejoin = false;
  let resolveJoined!: () => void;
  const joined = new Promise<void>((r) => (resolveJoined = r));
  member.on('consumer:group:join', (payload) => {
    pending = payload.assignments ?? [];
    resolveJoined();
  });
  // The library gives up rejoining after its retries (a broker away for long): join again here.
  member.on('error', (error) => {
    log('warn', 'group membership lost; joining again', error);
    rejoin = true;
  });
  member.topics.trackAll(...o.topics);
  await member.joinGroup(group);

  const positions = new Map<string, Position>();
  const failures = new Map<string, { count: number; retryAt: number }>();
  const backOff = (k: string) => {
    const count = (failures.get(k)?.count ?? 0) + 1;
    failures.set(k, { count, retryAt: Date.now() + Math.min(5000, 100 * 2 ** count) });
  };
  const fetchDeadlineMs = callDeadlineMs(o.sessionTimeoutMs);
  const active = new Set<{ since: number; step: string }>();
  let left = false;
  // The round's calls to the broker, watched too: one that never returns stops the member silently.
  let step: { name: string; since: number; warned: boolean } | undefined;
  const during = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const current = (step = { name, since: Date.now(), warned: false });
    try {
      return await work();
    } finally {
      if (step === current) step = undefined;
    }
  };
  const watchdog = setInterval(() => {
    const now = Date.now();
    if (step && !step.warned && now - step.since > o.sessionTimeoutMs) {
      step.warned = true;
      log('warn', `${step.name} has not returned for ${now - step.since} ms`);
    }
    const stalled = left ? undefined : [...active].find((a) => now - a.since > o.sessionTimeoutMs);
    if (!stalled) return;
    left = true;
    log(
      'warn',
      `a batch made no progress for ${o.sessionTimeoutMs} ms (at: ${stalled.step}); leaving the group until it returns`,
    );
    member.leaveGroup(false, (error) => {
      if (error) log('warn', 'leaving the group failed', error);
    });
  }, 1000);

  let current: GroupAssignment[] = [];
  const assign = async (assignments: GroupAssignment[]) => {
    current = assignments;
    positions.clear();
    const partitions = assignments.flatMap((a) =>
      a.partitions.map((partition) => ({ topic: a.topic, partition })),
    );
    // A partition kept (taken again after a failure) keeps its back-off.
    const kept = new Set(partitions.map((p) => key(p.topic, p.partition)));
    for (const k of [...failures.keys()]) if (!kept.has(k)) failures.delete(k);
    await o.onAssigned?.(partitions);
    const committed: Map<string, bigint[]> = partitions.length
      ? await stable.read(o.groupId, assignments, fetchDeadlineMs)
      : new Map();
    const fallback = new Map<string, bigint[]>();
    const startOf = async (topic: string, partition: number): Promise<bigint> => {
      const own = await o.startOffset?.(topic, partition);
      if (own !== undefined) return BigInt(own);
      const offset = committed.get(topic)?.[partition];
      if (offset !== undefined && offset >= 0n) return offset;
      if (!fallback.has(topic))
        fallback.set(topic, await reader.offsets(topic, o.fromBeginning ? 'earliest' : 'latest'));
      return fallback.get(topic)![partition];
    };
    for (const { topic, partition } of partitions)
      positions.set(key(topic, partition), { topic, partition, offset: await startOf(topic, partition) });
    if (o.onPositions) {
      const ends = new Map<string, bigint[]>();
      for (const { topic } of assignments) ends.set(topic, await reader.offsets(topic, 'latest'));
      o.onPositions(
        [...positions.values()].map((p) => ({
          topic: p.topic,
          partition: p.partition,
          highWatermark: String(ends.get(p.topic)![p.partition]),
          nextOffset: String(p.offset),
        })),
      );
    }
    const at = [...positions.values()].map((p) => `${p.topic}:${p.partition}@${p.offset}`);
    log(
      'info',
      `generation ${member.generationId}: ${at.length ? `reading ${at.join(', ')}` : 'no partitions'}`,
    );
  };

  let lastRound = 0;
  const round = async () => {
    // Spaced out, the rounds of a light load carry more messages each: every round costs a fetch
    // and a transaction (seven or more requests), whatever it carries. The wait comes first, so
    // that the round then works under the group generation it finds.
    const wait = lastRound + (o.minRoundMs ?? 0) - Date.now();
    if (wait > 0) await sleep(wait);
    lastRound = Date.now();
    if (rejoin || left) {
      await during('joining the group', () => member.joinGroup(group));
      left = false;
      rejoin = false;
    }
    if (pending) {
      const assignments = pending;
      pending = undefined;
      await during('taking the assigned partitions', () => assign(assignments)).catch((error) => {
        pending ??= assignments;
        throw error;
      });
    }
    const now = Date.now();
    const due = [...positions.values()].filter(
      (p) => (failures.get(key(p.topic, p.partition))?.retryAt ?? 0) <= now,
    );
    if (due.length === 0) return sleep(100);
    const generation: Generation = {
      member,
      groupId: o.groupId,
      memberId: member.memberId ?? '',
      generationId: member.generationId,
      coordinatorId: member.coordinatorId ?? -1,
    };
    const batches: FetchedPartition[] = [];
    // Read only: a fetch abandoned at its deadline changes nothing.
    for (const batch of await withDeadline(reader.fetch(due), fetchDeadlineMs, 'a fetch')) {
      const position = positions.get(key(batch.topic, batch.partition));
      if (!position) continue;
      if (batch.messages.length === 0) position.offset = batch.next;
      else batches.push(batch);
    }
    if (batches.length === 0) return;
    const progress = { since: Date.now(), step: 'processing' };
    active.add(progress);
    let outcomes: BatchOutcome[];
    try {
      outcomes = await o.process(batches, {
        generation,
        heartbeat: () => (progress.since = Date.now()),
        at: (step) => (progress.step = step),
      });
    } finally {
      active.delete(progress);
    }
    batches.forEach((batch, i) => {
      const k = key(batch.topic, batch.partition);
      const position = positions.get(k);
      const outcome = outcomes[i];
      if (!position) return;
      if ('done' in outcome) {
        position.offset = batch.next;
        failures.delete(k);
        return;
      }
      if ('resync' in outcome) {
        backOff(k);
        pending ??= current;
        log('warn', `${k} failed; reading again from the offset Kafka holds`, outcome.error);
        return;
      }
      position.offset = outcome.rewindTo;
      if ('error' in outcome) {
        backOff(k);
        log('warn', `${k} failed; reading again from ${outcome.rewindTo}`, outcome.error);
      }
    });
  };

  let running = true;
  const loop = (async () => {
    let errors = 0;
    while (running) {
      try {
        await round();
        errors = 0;
      } catch (error) {
        if (!running) break;
        errors++;
        log('warn', `fetch round failed (brokers ${brokersOf(o.base)}); retrying`, error);
        reader.clearMetadata();
        await sleep(Math.min(5000, 100 * 2 ** errors));
      }
    }
  })();

  return {
    joined: () => joined,
    stop: async () => {
      running = false;
      clearInterval(watchdog);
      await loop;
      // Closing leaves the group; if that fails, the partitions wait out the session timeout.
      await member.close().catch((error) => log('warn', 'leaving the group on close failed', error));
      await reader.close().catch(() => undefined);
      await stable.close().catch(() => undefined);
    },
  };
}

/**
 * The member's timeouts. The client refuses a rebalance timeout below the session timeout (a
 * SESSION_TIMEOUT_MS above a fixed 60 s crash-looped every worker), so it follows the session's.
 */
export function groupTimeouts(sessionTimeoutMs: number) {
  return {
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval: Math.min(3000, Math.floor(sessionTimeoutMs / 3)),
    rebalanceTimeout: Math.max(60000, sessionTimeoutMs),
  };
}

/** The bootstrap brokers, as host:port. */
export function brokersOf(base: BaseOptions): string {
  return (base.bootstrapBrokers as (string | { host: string; port: number })[])
    .map((b) => (typeof b === 'string' ? b : `${b.host}:${b.port}`))
    .join(',');
}

/**
 * An error with the Kafka errors the library wraps in it and their causes (its messages alone
 * rarely say which, or why: "Connection to host:port failed." is caused by ECONNREFUSED); the same
 * inner error repeated (one per retry) is told once.
 */
export function describeError(error: unknown): string {
  const e = error as { message?: string; apiId?: string; errors?: unknown[]; cause?: unknown };
  let text = e?.apiId ? `${e.apiId}: ${e.message}` : String(e?.message ?? error);
  if (e?.cause) text += ` (${describeError(e.cause)})`;
  return e?.errors?.length ? `${text} [${[...new Set(e.errors.map(describeError))].join('; ')}]` : text;
}
