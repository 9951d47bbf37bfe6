import { HEADERS } from '@newswire/contracts';
import type { OutMessage } from '@newswire/kafka';
import { rng } from './synthetic-article-events';

const SYLLABLES =
  'ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to'.split(
    ' ',
  );
/** 5,000 invented words: unrelated stories share few shingles, so none is taken for a copy of another. */
const VOCAB = ((r: () => number) =>
  Array.from({ length: 5000 }, () => {
    let w = '';
    for (let n = 2 + Math.floor(r() * 3); n > 0; n--) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    return w;
  }))(rng(99));
const CUES = [
  'the official news agency IRNA reported',
  "Iran's Fars news agency said",
  'state broadcaster IRIB reported',
  "Hezbollah's Al-Manar channel also reported",
];

/**
 * Story `i` of run `run` (each run's stories are new to the curator) as a ninjs document of about 300 words in 10 paragraphs, a third of them
 * attributed to an outlet the registry knows, so every stage does its real work.
 */
export function rawStory(run: string, i: number): string {
  let seed = i * 7919 + 13;
  for (const c of run) seed = (Math.imul(seed, 31) + c.charCodeAt(0)) | 0;
  const r = rng(seed);
  const sentence = (n: number) => {
    const s = Array.from({ length: n }, () => VOCAB[Math.floor(r() * VOCAB.length)]).join(' ');
    return s[0].toUpperCase() + s.slice(1);
  };
  const paragraphs = Array.from({ length: 10 }, (_, p) =>
    p % 3 === 0 ? `${sentence(14)}, ${CUES[(i + p) % CUES.length]}.` : `${sentence(14)}. ${sentence(12)}.`,
  );
  return JSON.stringify({
    uri: `urn:bench:${run}:${i}`,
    type: 'text',
    version: '1',
    versionCreated: '2024-05-23T10:00:00Z',
    language: 'en',
    headlines: [{ role: 'main', value: `${sentence(8)} ${i}` }],
    bodies: [
      { role: 'main', contentType: 'text/html', value: paragraphs.map((p) => `<p>${p}</p>`).join('') },
    ],
  });
}

/** The raw message as a feed adapter writes it; `received-at` is stamped when it is sent. */
export function rawMessage(topic: string, run: string, i: number): OutMessage {
  return {
    topic,
    key: `${run}:${i}`,
    value: rawStory(run, i),
    headers: {
      [HEADERS.contentType]: 'application/json',
      [HEADERS.wireSource]: 'bench-wire',
      [HEADERS.receivedAt]: new Date().toISOString(),
      [HEADERS.traceId]: `${run}-${i}`,
    },
  };
}
