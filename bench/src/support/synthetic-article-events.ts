import type { ArticleEvent, Attribution, CanonicalStory } from '@newswire/contracts';
import { rng, storyOf } from '../../../test/support/synthetic-stories';

export { rng };

const WORDS = (
  'minister army talks border drone strike ceasefire election protest court ruling oil export port ' +
  'missile convoy refugee camp parliament budget inflation currency bank harvest drought flood aid ' +
  'embassy envoy summit treaty sanction vote coalition rebel militia hospital school bridge factory ' +
  'pipeline tanker airport curfew governor mayor rally union wage tariff satellite launch the of and ' +
  'earthquake storm wildfire vaccine outbreak clinic prison amnesty reform tax grain shipment said in'
).split(' ');
const SOURCES = ['afp', 'reuters', 'ap', 'dpa', 'efe', 'ansa', 'xinhua', 'irna'];
const OUTLETS: Attribution['outlet'][] = [
  { id: 'irib', name: 'IRIB', kind: 'state-broadcaster', country: 'IR' },
  { id: 'fars', name: 'Fars', kind: 'news-agency', country: 'IR' },
  { id: 'al-manar', name: 'Al-Manar', kind: 'tv-channel', country: 'LB' },
];
const BASE = Date.UTC(2024, 4, 1);

/** A body of `paragraphs` paragraphs of two 14-word sentences, the second attributed to an outlet. */
export function storyText(r: () => number, paragraphs = 5): string[] {
  const sentence = () => {
    const s = Array.from({ length: 14 }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
    return s[0].toUpperCase() + s.slice(1);
  };
  return Array.from(
    { length: paragraphs },
    (_, i) => `${sentence()}. ${sentence()}, ${OUTLETS[i % 3].name} reported.`,
  );
}

function story(article: number, version: number, body: string[], minute: number): CanonicalStory {
  return storyOf({
    source: SOURCES[article % SOURCES.length],
    guid: `urn:bench:${article}`,
    version,
    headline: body[0].slice(0, 70),
    body,
    versionCreated: new Date(BASE + minute * 60000).toISOString(),
  });
}

function attributions(body: string[]): Attribution[] {
  let at = 0;
  return body.slice(0, 2).map((p, i) => {
    const start = at + p.indexOf('. ') + 2;
    at += p.length + 2;
    const sentence = p.slice(p.indexOf('. ') + 2);
    return {
      outlet: OUTLETS[i % 3],
      cue: 'reported',
      claim: sentence.slice(0, sentence.lastIndexOf(',')),
      sentence,
      start,
      end: start + sentence.length,
      confidence: 0.9,
    };
  });
}

/**
 * The log of one article: 8 to 12 events (10 on average) — published, then revisions (30%), copies
 * from other feeds (55%), related stories (15%), and a withdrawal at the end of one article in 20.
 * Built directly rather than through the curator, so that a million events take seconds.
 */
export function articleEvents(article: number): ArticleEvent[] {
  const r = rng(article + 1);
  const articleId = `bench${article.toString(36).padStart(8, '0')}`;
  const count = 8 + Math.floor(r() * 5);
  let body = storyText(r);
  const events: ArticleEvent[] = [];
  const common = (sequence: number) => {
    const minute = Math.floor(article / 50) + sequence;
    return {
      eventId: `${articleId}:${sequence}`,
      schemaVersion: 1 as const,
      articleId,
      sequence,
      occurredAt: new Date(BASE + minute * 60000).toISOString(),
      causation: {
        topic: 'wire.enriched.v1',
        partition: 0,
        offset: String(article * 12 + sequence),
        storyKey: `${SOURCES[article % SOURCES.length]}:urn:bench:${article}`,
      },
      traceId: `trace-${article}-${sequence}`,
    };
  };
  const enrichment = (s: CanonicalStory) => ({
    story: s,
    attributions: attributions(s.body),
    registryVersion: 'bench',
    fingerprints: {
      sha256: (article * 2654435761).toString(16).padStart(64, '0'),
      simhash: (article * 40503).toString(16).padStart(16, '0'),
    },
  });
  let version = 1;
  events.push({ ...common(1), type: 'ArticlePublished', payload: enrichment(story(article, 1, body, 0)) });
  for (let seq = 2; seq <= count; seq++) {
    const c = common(seq);
    const kind = r();
    if (seq === count && article % 20 === 7) {
      events.push({
        ...c,
        type: 'ArticleWithdrawn',
        payload: {
          source: SOURCES[article % SOURCES.length],
          guid: `urn:bench:${article}`,
          version: version + 1,
          reason: 'kill',
        },
      });
    } else if (kind < 0.3) {
      version++;
      body = [...body.slice(0, -1), ...storyText(r, 2)];
      events.push({
        ...c,
        type: 'ArticleRevised',
        payload: {
          ...enrichment(story(article, version, body, seq)),
          kind: 'update',
          changed: ['body'],
          match: { by: 'guid', similarity: 1 },
          applied: true,
        },
      });
    } else if (kind < 0.85) {
      events.push({
        ...c,
        type: 'DuplicateReceived',
        payload: {
          source: `copy-${seq}`,
          guid: `urn:copy:${article}:${seq}`,
          version: 1,
          headline: body[0].slice(0, 70),
          by: kind < 0.6 ? 'exact' : 'near',
          similarity: kind < 0.6 ? 1 : 0.93,
          receivedAt: c.occurredAt,
        },
      });
    } else {
      events.push({
        ...c,
        type: 'RelatedArticleLinked',
        payload: {
          relatedArticleId: `bench${Math.max(0, article - 1 - Math.floor(r() * 100))
            .toString(36)
            .padStart(8, '0')}`,
          similarity: 0.6,
          headline: 'Related: ' + body[0].slice(0, 60),
        },
      });
    }
  }
  return events;
}
