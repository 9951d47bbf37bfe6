import type { ArticleEvent } from '@newswire/contracts';
import { ArticleEvent as ArticleEventSchema } from '@newswire/contracts';
import { articleIdOf, guidKey } from './article-id';
import type { CuratorIndex } from './curator-index';
import { evolve, initialIndex } from './curator-index';
import { decide } from './curator.decider';
import type { CuratorInput } from './curator.decider';
import { input, story, TEXTS } from './story.fixture';

/** given: the inputs already curated; returns the index folded from their events. */
function given(...inputs: CuratorInput[]): CuratorIndex {
  return inputs.reduce((index, i) => decide(i, index).events.reduce(evolve, index), initialIndex());
}

function when(i: CuratorInput, index: CuratorIndex) {
  const out = decide(i, index);
  for (const e of out.events) expect(ArticleEventSchema.parse(e)).toEqual(e);
  return out;
}

const types = (events: ArticleEvent[]) => events.map((e) => `${e.type}@${e.articleId}#${e.sequence}`);

const v1 = story({ body: TEXTS.summit });
const idOf = (source: string, guid: string) => articleIdOf(guidKey(source, guid));
const A = idOf('afp', 'urn:afp:1');

describe('decide', () => {
  it('publishes a new story under an id derived from its source and guid', () => {
    const { decision, events } = when(input(v1), initialIndex());
    expect(decision).toEqual({ kind: 'published', articleId: A });
    expect(A).toMatch(/^art_[a-z2-7]{13}$/);
    expect(events).toHaveLength(1);
    const [e] = events;
    expect(e).toMatchObject({
      type: 'ArticlePublished',
      eventId: `${A}:1`,
      sequence: 1,
      occurredAt: '2024-05-23T10:00:00Z',
    });
    if (e.type !== 'ArticlePublished') throw new Error('unreachable');
    expect(e.payload.fingerprints.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(e.payload.fingerprints.simhash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('links a higher wire version of the same guid as a revision, naming what changed', () => {
    const v2 = story({ version: 2, body: [...TEXTS.summit, 'Iran is a key backer of Hamas.'] });
    const { decision, events } = when(input(v2), given(input(v1)));
    expect(decision).toMatchObject({ kind: 'revised', articleId: A, match: { articleId: A, by: 'guid' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'ArticleRevised',
      sequence: 2,
      payload: { kind: 'update', changed: ['body'], applied: true, match: { by: 'guid' } },
    });
  });

  it('labels a revision by its wire signal (correction, write-through)', () => {
    const corr = story({ version: 2, signals: ['correction'], body: TEXTS.summit.slice(1) });
    const wt = story({ version: 2, signals: ['writethru'], headline: 'New headline', body: TEXTS.summit });
    expect(when(input(corr), given(input(v1))).events[0].payload).toMatchObject({ kind: 'correction' });
    expect(when(input(wt), given(input(v1))).events[0].payload).toMatchObject({
      kind: 'writethru',
      changed: ['headline', 'signals'],
    });
  });

  it('writes nothing for a replay: same guid, same version, same content', () => {
    const { decision, events } = when(input(v1), given(input(v1)));
    expect(decision).toEqual({
      kind: 'replay',
      articleId: A,
      match: { articleId: A, by: 'guid', similarity: 1 },
    });
    expect(events).toEqual([]);
  });

  it('treats the same version with different content as a correction', () => {
    const fixed = story({
      body: [TEXTS.summit[0].replace('Thursday', 'Wednesday'), ...TEXTS.summit.slice(1)],
    });
    const { decision, events } = when(input(fixed), given(input(v1)));
    expect(decision.kind).toBe('revised');
    expect(events[0].payload).toMatchObject({ kind: 'correction', applied: true });
  });

  it('keeps an older version arriving late in history without applying it', () => {
    const v3 = story({ version: 3, body: [...TEXTS.summit, 'A third paragraph arrives.'] });
    const v2 = story({ version: 2, body: [...TEXTS.summit, 'A second paragraph.'] });
    const index = given(input(v1), input(v3));
    const { decision, events } = when(input(v2), index);
    expect(decision.kind).toBe('revised');
    expect(events[0]).toMatchObject({
      type: 'ArticleRevised',
      sequence: 3,
      payload: { kind: 'late', applied: false },
    });
    // v3 stays the applied content: an exact copy of v3 from elsewhere still matches it exactly
    const after = events.reduce(evolve, index);
    const copyOfV3 = story({ ...v3, source: 'reuters', guid: 'r-9', version: 1 });
    expect(when(input(copyOfV3), after).decision).toMatchObject({
      kind: 'duplicate',
      match: { by: 'exact' },
    });
  });

  it.each([
    [{ pubStatus: 'canceled' as const }, 'canceled'],
    [{ pubStatus: 'withheld' as const }, 'withheld'],
    [{ signals: ['kill' as const] }, 'kill'],
  ])('withdraws the article on %j', (change, reason) => {
    const kill = story({ ...v1, ...change, version: 2, body: ['This story has been withdrawn.'] });
    const { decision, events } = when(input(kill), given(input(v1)));
    expect(decision).toMatchObject({ kind: 'withdrawn', articleId: A });
    expect(events[0]).toMatchObject({
      type: 'ArticleWithdrawn',
      sequence: 2,
      payload: { reason, version: 2 },
    });
  });

  it('records an exact copy from another feed as a duplicate, and its replay as nothing', () => {
    const copy = story({ ...v1, source: 'aggregator', guid: 'agg-77', format: 'plain-text' });
    const index = given(input(v1));
    const { decision, events } = when(input(copy), index);
    expect(decision).toEqual({
      kind: 'duplicate',
      articleId: A,
      match: { articleId: A, by: 'exact', similarity: 1 },
    });
    expect(events[0]).toMatchObject({
      type: 'DuplicateReceived',
      sequence: 2,
      payload: { by: 'exact', source: 'aggregator', guid: 'agg-77' },
    });
    expect(when(input(copy), events.reduce(evolve, index)).events).toEqual([]);
  });

  it('does not match copies against a withdrawn article', () => {
    const kill = story({ ...v1, version: 2, pubStatus: 'canceled' });
    const copy = story({ ...v1, source: 'aggregator', guid: 'agg-77' });
    expect(when(input(copy), given(input(v1), input(kill))).decision).toEqual({
      kind: 'published',
      articleId: idOf('aggregator', 'agg-77'),
    });
  });

  it('records an edited copy from another source as a near duplicate', () => {
    const edited = story({
      source: 'reuters',
      guid: 'r-1',
      headline: 'Iran-allied militant chiefs meet in Tehran',
      body: [
        TEXTS.summit[0].replace('state media reported Thursday', 'Iranian state media said'),
        ...TEXTS.summit.slice(1, 3),
      ],
    });
    const { decision, events } = when(input(edited), given(input(v1)));
    expect(decision).toMatchObject({ kind: 'duplicate', articleId: A, match: { by: 'near' } });
    expect(decision.match!.similarity).toBeGreaterThan(0.5);
    expect(events[0]).toMatchObject({ type: 'DuplicateReceived', payload: { by: 'near', guid: 'r-1' } });
  });

  it('records a brief (headline and first paragraphs) of a longer article as a near duplicate by containment', () => {
    const long = story({
      body: [
        ...TEXTS.summit,
        'Iran is a key backer of Hamas, but has repeatedly denied involvement in the Palestinian group October 7 attack in southern Israel.',
      ],
    });
    const brief = story({ source: 'aggregator', guid: 'brief-1', body: TEXTS.summit.slice(0, 2) });
    const { decision } = when(input(brief), given(input(long)));
    expect(decision).toMatchObject({ kind: 'duplicate', articleId: A, match: { by: 'near' } });
    // below the Jaccard threshold: only containment makes it the same article
    expect(decision.match!.similarity).toBeLessThan(initialIndex().config.duplicateThreshold);
  });

  it('treats a near duplicate from the same source under a new guid as a revision, then follows that guid', () => {
    const moved = story({
      guid: 'urn:afp:2',
      body: [...TEXTS.summit.slice(0, 3), 'Iran is a key backer of Hamas.'],
    });
    const index = given(input(v1));
    const first = when(input(moved), index);
    expect(first.decision).toMatchObject({ kind: 'revised', articleId: A, match: { by: 'near' } });
    expect(first.events[0].payload).toMatchObject({ kind: 'new-guid', applied: true });
    const next = story({ ...moved, version: 2, body: [...moved.body, 'More to follow.'] });
    const second = when(input(next), first.events.reduce(evolve, index));
    expect(second.decision).toMatchObject({ kind: 'revised', articleId: A, match: { by: 'guid' } });
    expect(second.events[0].sequence).toBe(3);
  });

  it('publishes a similar story below the duplicate threshold and links both articles', () => {
    const other = story({
      source: 'ap',
      guid: 'ap-5',
      headline: 'Iran hosts allied militant leaders after Raisi funeral',
      body: [
        TEXTS.summit[1],
        TEXTS.summit[2],
        'The meeting, held on the sidelines of the funeral, was attended by senior Hamas and Hezbollah officials, according to Iranian media.',
        'Analysts said the gathering was meant to show that the alliance remained intact after the death of the president.',
        'No statement was issued after the talks, and officials declined to comment on what had been agreed.',
      ],
    });
    const B = idOf('ap', 'ap-5');
    const { decision, events } = when(input(other), given(input(v1)));
    expect(decision).toMatchObject({ kind: 'related', articleId: B, match: { articleId: A, by: 'near' } });
    expect(types(events)).toEqual([
      `ArticlePublished@${B}#1`,
      `RelatedArticleLinked@${B}#2`,
      `RelatedArticleLinked@${A}#2`,
    ]);
    expect(events[1].payload).toMatchObject({ relatedArticleId: A, headline: v1.headline });
    expect(events[2].payload).toMatchObject({ relatedArticleId: B, headline: other.headline });
  });

  it('publishes an unrelated story as a new article', () => {
    const floods = story({
      source: 'ap',
      guid: 'ap-6',
      headline: 'Floods kill 29 in Brazil',
      body: TEXTS.floods,
    });
    expect(when(input(floods), given(input(v1))).decision).toEqual({
      kind: 'published',
      articleId: idOf('ap', 'ap-6'),
    });
  });

  it('ignores candidates outside the time window', () => {
    const late = story({
      ...v1,
      source: 'aggregator',
      guid: 'agg-1',
      versionCreated: '2024-06-23T10:00:00Z',
    });
    expect(when(input(late), given(input(v1))).decision.kind).toBe('published');
    const index = initialIndex({ windowHours: 24 * 60 });
    decide(input(v1), index).events.reduce(evolve, index);
    expect(when(input(late), index).decision.kind).toBe('duplicate');
  });

  it('recognises a ninjs revision and a plain-text republication of it across formats', () => {
    const ninjsV2 = story({
      format: 'ninjs',
      version: 2,
      signals: ['update'],
      body: [...TEXTS.summit, "Hezbollah's Al-Manar channel also reported the meeting, broadcasting photos."],
    });
    // The plain-text feed flattens typography and re-wraps paragraphs; its canonical text keeps the words.
    const plain = story({
      source: 'plain-feed',
      guid: 'heads-of-iran-allied-groups.txt',
      format: 'plain-text',
      headline: 'HEADS OF IRAN-ALLIED MILITANT GROUPS MEET IN TEHRAN',
      body: [ninjsV2.body.join(' ').replace(/'/g, '\u2019').replace(/ Iran/g, '  Iran')],
    });
    const index = given(input(v1));
    const rev = when(input(ninjsV2), index);
    expect(rev.decision).toMatchObject({ kind: 'revised', articleId: A });
    const rep = when(input(plain), rev.events.reduce(evolve, index));
    expect(rep.decision).toEqual({
      kind: 'duplicate',
      articleId: A,
      match: { articleId: A, by: 'exact', similarity: 1 },
    });
  });
});

describe('evolve', () => {
  it("refuses a log with a gap in an article's sequence", () => {
    const [published] = decide(input(v1), initialIndex()).events;
    const v2 = story({ version: 2, body: TEXTS.summit.slice(1) });
    const index = evolve(initialIndex(), published);
    const [revised] = decide(input(v2), index).events;
    expect(() => evolve(index, { ...revised, sequence: 3, eventId: `${A}:3` })).toThrow(
      expect.objectContaining({ code: 'SEQUENCE_GAP' }),
    );
  });

  it('refuses an event for an article it has never seen', () => {
    const [published] = decide(input(v1), initialIndex()).events;
    const other = {
      ...published,
      type: 'ArticleWithdrawn',
      sequence: 2,
      payload: { source: 'afp', guid: 'x', version: 2, reason: 'kill' },
    } as ArticleEvent;
    expect(() => evolve(initialIndex(), other)).toThrow(expect.objectContaining({ code: 'UNKNOWN_ARTICLE' }));
  });
});
