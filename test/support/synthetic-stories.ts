import { bodyText, type CanonicalStory, type EnrichedStoryMessage } from '@newswire/contracts';

const WORDS = (
  'minister army talks border drone strike ceasefire election protest court ruling oil export port ' +
  'missile convoy refugee camp parliament budget inflation currency bank harvest drought flood aid ' +
  'embassy envoy summit treaty sanction vote coalition rebel militia hospital school bridge factory ' +
  'pipeline tanker airport curfew governor mayor rally strike union wage tariff satellite launch ' +
  'earthquake storm wildfire vaccine outbreak clinic prison amnesty reform tax grain shipment'
).split(' ');

/** Deterministic PRNG (mulberry32), so a failing run or a bench corpus can be repeated exactly. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A usable English ninjs story with these fields and its canonical text. */
export function storyOf(f: {
  source: string;
  guid: string;
  version?: number;
  headline: string;
  body: string[];
  versionCreated?: string;
}): CanonicalStory {
  return {
    source: f.source,
    guid: f.guid,
    version: f.version ?? 1,
    format: 'ninjs',
    pubStatus: 'usable',
    signals: [],
    versionCreated: f.versionCreated ?? '2024-05-23T10:00:00.000Z',
    language: 'en',
    languageDetected: false,
    headline: f.headline,
    body: f.body,
    subjects: [],
    keywords: [],
    canonicalText: `${f.headline}\n\n${bodyText({ body: f.body })}`,
  };
}

/** A story of `n` distinct random sentences: unrelated to any other seed's story. */
export function syntheticStory(seed: number, source = 'wire-a'): CanonicalStory {
  const r = rng(seed);
  const sentence = () =>
    Array.from({ length: 14 }, () => WORDS[Math.floor(r() * WORDS.length)])
      .join(' ')
      .replace(/^./, (c) => c.toUpperCase()) + '.';
  const body = Array.from({ length: 5 }, () => `${sentence()} ${sentence()}`);
  const headline = `Story ${seed}: ${sentence()}`;
  return storyOf({ source, guid: `urn:test:${seed}`, headline, body });
}

export function enriched(story: CanonicalStory, traceId: string): EnrichedStoryMessage {
  return {
    schemaVersion: 1,
    traceId,
    receivedAt: '2024-05-23T10:00:00.000Z',
    story,
    attributions: [],
    registryVersion: 'test',
  };
}
