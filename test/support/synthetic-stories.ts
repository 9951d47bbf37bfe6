import { bodyText, type CanonicalStory, type EnrichedStoryMessage } from '@newswire/contracts';

const WORDS = (
  'minister army talks border drone strike ceasefire election protest court ruling oil export port ' +
  'missile convoy refugee camp parliament budget inflation currency bank harvest drought flood aid ' +
  'embassy envoy summit treaty sanction vote coalition rebel militia hospital school bridge factory ' +
  'pipeline tanker airport curfew governor mayor rally strike union wage tariff satellite launch ' +
  'earthquake storm wildfire vaccine outbreak clinic prison amnesty reform tax grain shipment'
).split(' ');

/** A deterministic pseudo-random generator, so a failing run can be repeated exactly. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
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
  return {
    source,
    guid: `urn:test:${seed}`,
    version: 1,
    format: 'ninjs',
    pubStatus: 'usable',
    signals: [],
    versionCreated: '2024-05-23T10:00:00.000Z',
    language: 'en',
    languageDetected: false,
    headline,
    body,
    subjects: [],
    keywords: [],
    canonicalText: `${headline}\n\n${bodyText({ body })}`,
  };
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
