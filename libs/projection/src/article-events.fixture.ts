import type { ArticleEvent, Attribution, CanonicalStory, EventOf } from '@newswire/contracts';

/** Event builders for tests (projection unit tests and the storage e2e tests): data, no I/O. */

export function story(overrides: Partial<CanonicalStory> = {}): CanonicalStory {
  return {
    source: 'wire-a',
    guid: 'guid-1',
    version: 1,
    format: 'plain-text',
    pubStatus: 'usable',
    signals: [],
    language: 'en',
    languageDetected: false,
    headline: 'Iran says talks will continue',
    body: ['TEHRAN (Wire) - State broadcaster IRIB reported that talks will continue.', 'No date was set.'],
    subjects: [],
    keywords: [],
    canonicalText: 'iran says talks will continue',
    ...overrides,
  };
}

export function attribution(outletId: string, start: number, claim = 'talks will continue'): Attribution {
  return {
    outlet: { id: outletId, name: outletId.toUpperCase(), kind: 'state-broadcaster', country: 'IR' },
    cue: 'reported',
    claim,
    sentence: `${outletId} reported that ${claim}.`,
    start,
    end: start + claim.length,
    confidence: 0.9,
  };
}

type Envelope = Omit<EventOf<'ArticlePublished'>, 'type' | 'payload'>;

function envelope(articleId: string, sequence: number, at?: string): Envelope {
  return {
    eventId: `${articleId}:${sequence}`,
    schemaVersion: 1,
    articleId,
    sequence,
    occurredAt: at ?? new Date(Date.UTC(2026, 0, 1, 12, sequence)).toISOString(),
    causation: {
      topic: 'wire.enriched.v1',
      partition: 0,
      offset: String(sequence),
      storyKey: `wire-a:${articleId}`,
    },
    traceId: `trace-${articleId}-${sequence}`,
  };
}

const fingerprints = { sha256: 'ab'.repeat(32), simhash: '0123456789abcdef' };

export function published(
  articleId: string,
  s: Partial<CanonicalStory> = {},
  attributions: Attribution[] = [attribution('irib', 40)],
): ArticleEvent {
  return {
    ...envelope(articleId, 1),
    type: 'ArticlePublished',
    payload: { story: story(s), attributions, registryVersion: 'r1', fingerprints },
  };
}

export function revised(
  articleId: string,
  sequence: number,
  s: Partial<CanonicalStory>,
  opts: {
    applied?: boolean;
    kind?: EventOf<'ArticleRevised'>['payload']['kind'];
    changed?: string[];
    attributions?: Attribution[];
  } = {},
): ArticleEvent {
  return {
    ...envelope(articleId, sequence),
    type: 'ArticleRevised',
    payload: {
      story: story({ version: sequence, ...s }),
      attributions: opts.attributions ?? [attribution('irib', 40)],
      registryVersion: 'r1',
      fingerprints,
      kind: opts.kind ?? 'update',
      changed: opts.changed ?? Object.keys(s).filter((k) => k !== 'version'),
      match: { by: 'guid', similarity: 1 },
      applied: opts.applied ?? true,
    },
  };
}

export function withdrawn(articleId: string, sequence: number, version = sequence): ArticleEvent {
  return {
    ...envelope(articleId, sequence),
    type: 'ArticleWithdrawn',
    payload: { source: 'wire-a', guid: 'guid-1', version, reason: 'kill' },
  };
}

export function duplicate(articleId: string, sequence: number, source = 'wire-b'): ArticleEvent {
  const at = envelope(articleId, sequence).occurredAt;
  return {
    ...envelope(articleId, sequence),
    type: 'DuplicateReceived',
    payload: {
      source,
      guid: `${source}-copy`,
      version: 1,
      headline: 'Iran says talks will continue',
      by: 'exact',
      similarity: 1,
      receivedAt: at,
    },
  };
}

export function related(articleId: string, sequence: number, relatedArticleId: string): ArticleEvent {
  return {
    ...envelope(articleId, sequence),
    type: 'RelatedArticleLinked',
    payload: { relatedArticleId, similarity: 0.6, headline: 'Talks in Tehran' },
  };
}

/** A plausible history of one article: publication, revisions, copies, links, sometimes a kill. */
export function history(articleId: string, length: number): ArticleEvent[] {
  const events: ArticleEvent[] = [published(articleId)];
  for (let seq = 2; seq <= length; seq++) {
    const pick = seq % 5;
    if (pick === 0) events.push(duplicate(articleId, seq, `wire-${seq}`));
    else if (pick === 1) events.push(related(articleId, seq, `${articleId}-rel-${seq}`));
    else if (pick === 2 && seq === length) events.push(withdrawn(articleId, seq));
    else
      events.push(
        revised(articleId, seq, {
          headline: `Headline v${seq}`,
          body: [`Paragraph for v${seq}.`, 'No date was set.'],
        }),
      );
  }
  return events;
}
