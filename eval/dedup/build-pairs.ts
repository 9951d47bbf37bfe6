/**
 * Builds eval/dedup/pairs.json from events.json (independent write-ups of the same event) and
 * edits.json (update paragraphs, credits). Run after `npm run build` with
 * `node dist/eval/dedup/build-pairs.js`. Deterministic: the same inputs give the same pairs.
 *
 * Kinds (label): revision, republication, cross-agency-copy (same article); same-event,
 * unrelated (different articles).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Text {
  headline: string;
  body: string[];
}
interface Event {
  id: string;
  language: string;
  a: Text;
  b: Text;
}
export interface PairStory extends Text {
  source: string;
  guid: string;
  version: number;
  language: string;
  versionCreated: string;
  signals: string[];
}
export interface Pair {
  id: string;
  kind: 'revision' | 'republication' | 'cross-agency-copy' | 'same-event' | 'unrelated';
  same: boolean;
  first: PairStory;
  second: PairStory;
}

const dir = join(__dirname, '..', '..', '..', 'eval', 'dedup');
const { events } = JSON.parse(readFileSync(join(dir, 'events.json'), 'utf8')) as { events: Event[] };
const edits = JSON.parse(readFileSync(join(dir, 'edits.json'), 'utf8')) as Record<
  'updates' | 'credits' | 'attributions',
  Record<string, string[]>
>;

let seed = 20240523;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];

const at = (hour: number) => new Date(Date.UTC(2024, 4, 23, hour)).toISOString().replace('.000', '');
const base = (e: Event, side: 'a' | 'b', source: string): PairStory => ({
  ...e[side],
  body: [...e[side].body],
  source,
  guid: `${source}-${e.id}-${side}`,
  version: 1,
  language: e.language,
  versionCreated: at(8),
  signals: [],
});

/** Drops the clause after the last comma of a paragraph, as subs trim a long sentence. */
const trimClause = (p: string) =>
  p.lastIndexOf(',') > p.length / 2 ? p.slice(0, p.lastIndexOf(',')) + '.' : p;

function revision(s: PairStory, n: number): PairStory {
  const body = [...s.body];
  if (n % 3 === 0) body[body.length - 1] = pick(edits.updates[s.language]); // a paragraph rewritten
  body.push(pick(edits.updates[s.language]));
  if (n % 2 === 0) body[0] = trimClause(body[0]);
  return {
    ...s,
    version: 2,
    body,
    versionCreated: at(10),
    signals: n % 4 === 0 ? ['writethru'] : ['update'],
    headline: n % 4 === 0 ? `UPDATE 1-${s.headline}` : s.headline,
  };
}

function republication(s: PairStory, n: number): PairStory {
  let body = [...s.body];
  if (n % 2 === 0) body = body.slice(0, -1); // the republisher cuts the tail
  if (n % 3 === 0) body.push(pick(edits.credits[s.language]));
  body = body.map((p) => p.replace(/"/g, '\u201c').replace(/'/g, '\u2019'));
  const sameSource = n % 4 === 1;
  return {
    ...s,
    source: sameSource ? s.source : 'aggregator',
    guid: `republished-${n}`,
    headline: n % 2 ? s.headline.toUpperCase() : s.headline,
    body,
    versionCreated: at(12),
  };
}

function crossAgencyCopy(s: PairStory, n: number): PairStory {
  const body = [...s.body];
  body[0] = body[0].replace(/\.$/, pick(edits.attributions[s.language]) + '.');
  if (n % 2 === 0) [body[1], body[2]] = [body[2], body[1]];
  if (n % 3 === 0) body[body.length - 1] = trimClause(body[body.length - 1]);
  return { ...s, source: `agency-${n % 5}`, guid: `copy-${n}`, body, versionCreated: at(9 + (n % 30)) };
}

const pairs: Pair[] = [];
events.forEach((e, i) => {
  (['a', 'b'] as const).forEach((side, j) => {
    const s = base(e, side, j ? 'ap' : 'afp');
    const n = i * 2 + j;
    pairs.push({
      id: `${e.id}-${side}-revision`,
      kind: 'revision',
      same: true,
      first: s,
      second: revision(s, n),
    });
    pairs.push({
      id: `${e.id}-${side}-republication`,
      kind: 'republication',
      same: true,
      first: s,
      second: republication(s, n),
    });
    pairs.push({
      id: `${e.id}-${side}-copy`,
      kind: 'cross-agency-copy',
      same: true,
      first: s,
      second: crossAgencyCopy(s, n),
    });
  });
  pairs.push({
    id: `${e.id}-same-event`,
    kind: 'same-event',
    same: false,
    first: base(e, 'a', 'afp'),
    second: base(e, 'b', 'reuters'),
  });
  // Harder: a brief (headline and first two paragraphs) of the same copy; and a different
  // write-up that quotes the same statement word for word.
  const full = base(e, 'a', 'afp');
  const brief = {
    ...full,
    source: 'aggregator',
    guid: `brief-${i}`,
    body: full.body.slice(0, 2),
    versionCreated: at(11),
  };
  pairs.push({ id: `${e.id}-brief`, kind: 'republication', same: true, first: full, second: brief });
  const other = base(e, 'b', 'reuters');
  const quoting = { ...other, body: [other.body[0], full.body[2], ...other.body.slice(1)] };
  pairs.push({
    id: `${e.id}-same-event-shared-quote`,
    kind: 'same-event',
    same: false,
    first: full,
    second: quoting,
  });
});
for (let n = 0; pairs.length < 250; n++) {
  const [x, y] = [pick(events), pick(events)];
  if (x.id === y.id) continue;
  const [sx, sy] = [pick(['a', 'b'] as const), pick(['a', 'b'] as const)];
  pairs.push({
    id: `${x.id}-${sx}-vs-${y.id}-${sy}`,
    kind: 'unrelated',
    same: false,
    first: base(x, sx, 'afp'),
    second: base(y, sy, 'reuters'),
  });
}

writeFileSync(join(dir, 'pairs.json'), JSON.stringify({ pairs }, null, 1) + '\n');
process.stdout.write(`wrote ${pairs.length} pairs\n`);
