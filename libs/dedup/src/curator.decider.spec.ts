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
    const explanation = {
      measure: 'exact',
      value: 1,
      sharedPassages: expect.any(Number),
      sharedNames: expect.any(Number),
    };
    expect(decision).toEqual({
      kind: 'duplicate',
      articleId: A,
      match: { articleId: A, by: 'exact', similarity: 1, explanation },
    });
    expect(events[0]).toMatchObject({
      type: 'DuplicateReceived',
      sequence: 2,
      payload: { by: 'exact', source: 'aggregator', guid: 'agg-77', explanation },
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

  it('puts a copy that pastes a short story whole below most of a longer one on the longer one, which shares more', () => {
    // A composite page: most of a main story, then a short sidebar of another source in full. Both
    // pass as copies; the sidebar is contained whole, but the main story shares more of the page.
    const main = story({ body: [...TEXTS.summit, ...TEXTS.floods] });
    const sidebar = story({ source: 'dpa', guid: 'd-1', headline: 'ECB holds rates', body: TEXTS.rates });
    const page = story({ source: 'aggregator', guid: 'g-1', body: [...TEXTS.summit, ...TEXTS.rates] });
    const index = given(input(main), input(sidebar, '2024-05-23T10:05:00Z', '1'));
    const { decision } = when(input(page, '2024-05-23T10:10:00Z', '2'), index);
    expect(decision).toMatchObject({ kind: 'duplicate', articleId: A });
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

  // Written for these tests: a wire story, paragraph by paragraph.
  const QUAKE = [
    'A magnitude 6.9 earthquake struck the mountain province of Valdoria before dawn on Tuesday, killing at least 212 people and trapping hundreds more under collapsed buildings, the interior ministry said.',
    'Rescue teams worked through the night in the town of Castel Meno, where entire streets of older stone houses were flattened, according to regional governor Ilaria Bront.',
    'The quake was centred 14 kilometres below the village of Sorrab and was followed by more than 40 aftershocks, the national seismology institute reported.',
    'Hospitals in the provincial capital Marrevale were overwhelmed and the army set up field clinics in school courtyards, officials said.',
    'Prime Minister Tomas Elgar cut short a visit abroad and declared three days of national mourning, his office said in a statement.',
    'Neighbouring countries offered search dogs and heavy lifting equipment, and the European Union said it was ready to send emergency aid.',
    'The region was last hit by a deadly quake in 1987, when 96 people died and much of the old town of Castel Meno had to be rebuilt.',
  ];

  describe('on copy as outlets republish it', () => {
    const wire = story({
      source: 'afp',
      guid: 'afp-quake-1',
      headline: 'Quake kills 212 in Valdoria',
      body: QUAKE,
    });
    const Q = idOf('afp', 'afp-quake-1');

    it('merges a re-headlined, trimmed, re-paragraphed copy with a credit line, and says what matched', () => {
      const copy = story({
        source: 'daily-herald',
        guid: 'herald-991',
        headline: 'Hundreds trapped as deadly earthquake flattens mountain towns',
        body: [
          `${QUAKE[0]} ${QUAKE[1]}`,
          `${QUAKE[2]} ${QUAKE[3]}`,
          QUAKE[4].replace('his office said in a statement', 'his office said'),
          '(Reporting by AFP; editing by the Herald desk)',
        ],
      });
      const { decision, events } = when(input(copy), given(input(wire)));
      expect(decision).toMatchObject({ kind: 'duplicate', articleId: Q, match: { by: 'near' } });
      const { explanation } = decision.match!;
      expect(explanation).toMatchObject({ measure: 'containment' });
      expect(explanation!.value).toBeGreaterThanOrEqual(initialIndex().config.duplicateContainment);
      expect(explanation!.sharedPassages).toBeGreaterThanOrEqual(2);
      expect(events[0].payload).toMatchObject({ explanation });
    });

    it('finds the article from a copy of a later version, through the text an earlier copy brought', () => {
      const first = story({ ...wire, canonicalText: undefined, body: QUAKE.slice(0, 3) });
      const update = [
        'The death toll rose to 260 on Wednesday as rescuers pulled more bodies from the rubble of a collapsed apartment block in the town of Castel Meno, the civil protection agency said.',
        'Among the dead were 31 children from a boarding school whose dormitory caved in, local media reported, citing the school director.',
        'Thousands of survivors spent a second night in tents and cars as temperatures dropped close to freezing in the mountain valleys.',
        'Engineers began inspecting bridges on the main highway into the province, which was closed after cracks appeared in two viaducts.',
      ];
      const copyOfUpdate = story({
        source: 'ticker',
        guid: 'ticker-5',
        headline: 'Valdoria quake toll rises',
        body: [...QUAKE.slice(0, 3), ...update],
      });
      const copyOfCopy = story({ source: 'gazette', guid: 'gz-8', headline: 'Toll climbs', body: update });
      const index = given(input(first));
      const seen = when(input(copyOfUpdate), index);
      expect(seen.decision).toMatchObject({ kind: 'duplicate', articleId: Q });
      expect(when(input(copyOfCopy), given(input(first))).decision.kind).not.toBe('duplicate');
      const later = when(input(copyOfCopy), seen.events.reduce(evolve, index));
      expect(later.decision).toMatchObject({ kind: 'duplicate', articleId: Q });
    });

    it('links an independent account of the same event as related, by its names and numbers, and never merges it', () => {
      const own = story({
        source: 'reuters',
        guid: 'rtr-quake',
        headline: 'Valdoria earthquake: rescuers race to reach survivors',
        body: [
          'Rescuers in Valdoria dug with bare hands on Tuesday to reach people buried when a powerful 6.9 magnitude tremor brought down homes across the province, with 212 deaths confirmed so far.',
          'In Castel Meno, the worst-hit town, Governor Ilaria Bront told reporters that the priority was finding survivors before nightfall.',
          'Aftershocks rattled Sorrab and Marrevale through the morning, sending residents running into the streets.',
          'Tomas Elgar, the prime minister, flew back from a summit and promised that every family would get help to rebuild.',
        ],
      });
      const { decision, events } = when(input(own), given(input(wire)));
      expect(decision).toMatchObject({ kind: 'related', match: { articleId: Q } });
      expect(decision.match!.explanation).toMatchObject({ measure: 'names' });
      expect(decision.match!.explanation!.sharedNames).toBeGreaterThanOrEqual(
        initialIndex().config.relatedNames,
      );
      expect(events.map((e) => e.type)).toEqual([
        'ArticlePublished',
        'RelatedArticleLinked',
        'RelatedArticleLinked',
      ]);
    });
  });

  describe("an agency's later version, by its credit and the order of what it keeps", () => {
    // Written for these tests: an agency's first story and its write-through, both credited.
    const FIRST = ['VALDORIA (AFP) — ' + QUAKE[0], ...QUAKE.slice(1)];
    const REWRITTEN_TOP = [
      'VALDORIA (AFP) — The death toll from the Valdoria earthquake climbed to 260 on Tuesday evening as soldiers and volunteers dug through rubble in Castel Meno by floodlight, the interior ministry said.',
      'Among the dead were 31 pupils of a boarding school in Sorrab whose dormitory caved in while they slept, the provincial education office told reporters.',
      'Governor Ilaria Bront said more than 1,500 people had been treated for injuries and that the search would go on until every missing resident was found.',
      'Survivors queued for water and blankets at a sports hall on the edge of Marrevale, where the Red Cross had set up a shelter for 3,000 people.',
    ];
    // the write-through keeps four of the first story's seven paragraphs, in their order
    const WRITETHRU = [...REWRITTEN_TOP, FIRST[1], FIRST[2], FIRST[4], FIRST[6]];
    const first = story({ source: 'outlet-a', guid: 'a-1', headline: 'Quake kills 212', body: FIRST });
    const FIRST_ID = idOf('outlet-a', 'a-1');
    const later = (body: string[], hours = 6) =>
      story({
        source: 'outlet-b',
        guid: 'b-7',
        headline: 'Valdoria quake toll rises to 260',
        body,
        versionCreated: new Date(Date.parse('2024-05-23T10:00:00Z') + hours * 3600_000).toISOString(),
      });
    const credited = (agency: string) => (p: string) => p.replace('(AFP)', `(${agency})`);

    it("merges it into the article at a containment under a copy's, and says so", () => {
      const { decision } = when(input(later(WRITETHRU)), given(input(first)));
      expect(decision).toMatchObject({ kind: 'duplicate', articleId: FIRST_ID, match: { by: 'near' } });
      expect(decision.match!.explanation).toMatchObject({ measure: 'containment' });
      const { value } = decision.match!.explanation!;
      const cfg = initialIndex().config;
      expect(value).toBeLessThan(cfg.duplicateContainment);
      expect(value).toBeGreaterThanOrEqual(cfg.versionContainment);
    });

    it('decides alike against the index rebuilt from the log read back (credit and ranks from the events)', () => {
      const log = JSON.parse(JSON.stringify(decide(input(first), initialIndex()).events)) as ArticleEvent[];
      const rebuilt = log.reduce(evolve, initialIndex());
      const { decision } = when(input(later(WRITETHRU)), rebuilt);
      expect(decision.kind).toBe('duplicate');
      expect(decision).toEqual(decide(input(later(WRITETHRU)), given(input(first))).decision);
    });

    it("does not merge the same text without the credit, nor under another agency's", () => {
      const uncredited = (p: string) => p.replace('VALDORIA (AFP) — ', '');
      const plain = when(input(later(WRITETHRU.map(uncredited))), given(input(first)));
      expect(plain.decision).toMatchObject({ kind: 'related', match: { articleId: FIRST_ID } });
      const other = when(input(later(WRITETHRU.map(credited('AP')))), given(input(first)));
      expect(other.decision).toMatchObject({ kind: 'related', match: { articleId: FIRST_ID } });
    });

    it('does not merge it when the kept passages come in another order, or a day later', () => {
      const shuffled = [...REWRITTEN_TOP, FIRST[6], FIRST[4], FIRST[2], FIRST[1]];
      expect(when(input(later(shuffled)), given(input(first))).decision.kind).toBe('related');
      expect(when(input(later(WRITETHRU, 30)), given(input(first))).decision.kind).toBe('related');
    });

    it("never merges another agency's copy of the same text below the Jaccard threshold", () => {
      const trimmed = story({
        source: 'outlet-c',
        guid: 'c-1',
        headline: 'Earthquake in Valdoria',
        body: [FIRST[0], FIRST[1], FIRST[2]].map(credited('Reuters')),
      });
      const { decision } = when(input(trimmed), given(input(first)));
      expect(decision).toMatchObject({ kind: 'related', match: { articleId: FIRST_ID } });
      expect(decision.match!.explanation!.value).toBeGreaterThanOrEqual(
        initialIndex().config.duplicateContainment,
      );
      // uncredited, the same trimmed copy is a copy
      const plain = story({ ...trimmed, canonicalText: undefined, body: [FIRST[0], FIRST[1], FIRST[2]] });
      expect(when(input(plain), given(input(first))).decision.kind).toBe('duplicate');
    });
  });

  it('links stories that share only names less readily the further apart they are', () => {
    const names = (day: number) =>
      story({
        source: `outlet-${day}`,
        guid: `n-${day}`,
        headline: 'Governor visits Marrevale',
        body: [
          `Governor Ilaria Bront met farmers in Marrevale and Sorrab on day ${day}, promising help for 4,200 families.`,
        ],
        versionCreated: new Date(Date.parse('2024-05-23T10:00:00Z') + day * 24 * 3600_000).toISOString(),
      });
    const other = (hours: number) =>
      story({
        source: 'outlet-x',
        guid: `x-${hours}`,
        headline: 'Bront tours the valleys',
        body: [
          'In Marrevale and Sorrab, Ilaria Bront heard the complaints of 4,200 families who lost their crops.',
        ],
        versionCreated: new Date(Date.parse('2024-05-23T10:00:00Z') + hours * 3600_000).toISOString(),
      });
    const index = given(input(names(0)));
    const near = decide(input(other(2)), index);
    expect(near.decision.kind).toBe('related');
    expect(near.decision.match!.explanation).toMatchObject({ measure: 'names', sharedPassages: 0 });
    expect(decide(input(other(40)), index).decision.kind).toBe('published');
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
    expect(rep.decision).toMatchObject({
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
