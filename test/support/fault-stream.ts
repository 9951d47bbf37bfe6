import { HEADERS, storyKey, type CanonicalStory } from '@newswire/contracts';
import type { OutMessage } from '@newswire/kafka';
import { toNinjs31 } from '@newswire/wire-formats';
import { syntheticStory } from './synthetic-stories';

const EPOCH = Date.UTC(2024, 4, 23, 10, 0, 0);

/** A story's second wire version: same source and guid, a new headline and text. */
function revisionOf(story: CanonicalStory): CanonicalStory {
  return {
    ...story,
    version: 2,
    versionCreated: '2024-05-23T12:00:00.000Z',
    headline: `${story.headline} (updated)`,
    body: [...story.body, 'An updated paragraph closes the story.'],
  };
}

/** One raw wire message: ninjs bytes, keyed by story, with every header explicit (received-at too). */
function rawMessage(topic: string, story: CanonicalStory, seed: number): OutMessage {
  const traceId = `trace-${seed}-v${story.version}`;
  return {
    topic,
    key: storyKey(story),
    value: JSON.stringify(toNinjs31(story)),
    headers: {
      [HEADERS.wireSource]: story.source,
      // Fixed receipt times make every projection a function of the input alone.
      [HEADERS.receivedAt]: new Date(EPOCH + seed * 1000 + (story.version - 1) * 3_600_000).toISOString(),
      [HEADERS.traceId]: traceId,
    },
  };
}

/**
 * `count` new stories (seeds `first`..), then a revision of every `reviseEvery`-th. A revision has its
 * original's key, so it follows it through every partition; unrelated stories may race freely,
 * which keeps the outcome independent of how the stages interleave partitions.
 */
export function wireStream(
  topic: string,
  { first, count, reviseEvery = 4 }: { first: number; count: number; reviseEvery?: number },
): OutMessage[] {
  const seeds = Array.from({ length: count }, (_, i) => first + i);
  const originals = seeds.map((seed) => rawMessage(topic, syntheticStory(seed, 'wire-a'), seed));
  const revisions = seeds
    .filter((_, i) => i % reviseEvery === 0)
    .map((seed) => rawMessage(topic, revisionOf(syntheticStory(seed, 'wire-a')), seed));
  return [...originals, ...revisions];
}

/** Sends messages in small paced chunks, as a live feed would, so that faults land mid-stream. */
export async function sendPaced(
  send: (messages: OutMessage[]) => Promise<void>,
  messages: OutMessage[],
  { chunk = 10, pauseMs = 100 } = {},
): Promise<void> {
  for (let i = 0; i < messages.length; i += chunk) {
    await send(messages.slice(i, i + chunk));
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}
