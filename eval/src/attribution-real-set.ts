/**
 * The real attribution set in ../shared/corpora/attribution (third-party copy, read from there at
 * eval time, never copied into the repository), scored in process by the rules of its own
 * report.mjs: a required label is hit by an unused prediction of one of its outlet ids whose
 * sentence + " | " + claim (both folded as report.mjs folds them) contains the anchor; required
 * labels are matched first, then optional ones; a prediction left unused is a false positive
 * (unnamed ones counted apart). Every 4th story by sorted file name is the hold-out.
 *
 * The set's anchors name the outlet and the cue, not the claim, so report.mjs's "anchor inside
 * the claim" says nothing here. A hit's claim counts as exact when it is reported content: four
 * words or more, inside the labelled sentence (or the one before it, for a quote the attribution
 * follows), and holding neither the anchor (the outlet and its cue) nor only a time adverbial.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractAttributions } from '@newswire/attribution';
import { normalize } from '@newswire/wire-formats';
import { z } from 'zod';

const RealLabel = z.object({
  required: z.boolean(),
  outlet: z.union([z.string(), z.array(z.string())]),
  kind: z.string(),
  anchor: z.string(),
  cue: z.string().optional(),
  sentence: z.string().optional(),
});
const RealStory = z.object({ language: z.string(), labels: z.array(RealLabel) });
const RealLabels = z.record(z.string(), RealStory);

export interface Tally {
  tp: number;
  fp: number;
  fpUnnamed: number;
  fn: number;
  /** Hits whose claim is reported content (see above). */
  claimExact: number;
}

export interface RealSetScore {
  stories: number;
  all: Tally;
  byLanguage: Map<string, Tally>;
  byKind: Map<string, Tally>;
  problems: string[];
}

const tally = (): Tally => ({ tp: 0, fp: 0, fpUnnamed: 0, fn: 0, claimExact: 0 });

// report.mjs's kind buckets for outlets that are not labelled in a story (its false positives).
const KIND_OF: Record<string, string> = {};
for (const [kind, ids] of Object.entries({
  state:
    'irib iribnews irna tasnim fars mehr isna ilna mizan sepah-news press-tv sana al-ikhbariya al-manar al-masirah al-mayadeen wafa kcna xinhua tass ria-novosti anadolu spa kuna nna kan army-radio sham-fm yjc defa-press saba al-alam kayhan cctv trt al-aqsa-tv snn hispantv al-kawthar petra wam qna mena bna ona ina al-iraqiya palestine-tv nhk rt sputnik iqna imna shabestan',
  wire: 'reuters ap afp yonhap interfax dpa efe ansa kyodo bloomberg pti apa unn',
  newspaper:
    'wsj haaretz jerusalem-post shargh al-watan-sy nyt washington-post guardian financial-times asharq-al-awsat al-akhbar an-nahar al-quds-al-arabi al-ahram global-times izvestia tehran-times hamshahri etemad javan ham-mihan yedioth-ahronoth le-monde der-spiegel al-thawra-ye iran-daily jomhouri-eslami rodong-sinmun al-thawra-sy',
}))
  for (const id of ids.split(' ')) KIND_OF[id] = kind;

const canon = (id: string) => (id.startsWith('unnamed') ? 'unnamed' : id === 'iribnews' ? 'irib' : id);
const fold = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\u200c\u200d]/g, '')
    .replace(/[“”«»]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .toLowerCase();

/** The set's folder, or undefined when ../shared (or NEWSWIRE_SHARED) does not hold it. */
export function realSetDir(): string | undefined {
  const shared = process.env.NEWSWIRE_SHARED ?? join(process.cwd(), '..', 'shared');
  const dir = join(shared, 'corpora', 'attribution');
  return existsSync(join(dir, 'labels.json')) ? dir : undefined;
}

/** File names of the set, sorted, with the hold-out (every 4th) apart. */
export function splitSet(dir: string): { dev: string[]; holdOut: string[] } {
  const files = Object.keys(
    RealLabels.parse(JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'))),
  ).sort();
  return {
    dev: files.filter((_, i) => i % 4 !== 3),
    holdOut: files.filter((_, i) => i % 4 === 3),
  };
}

/** Scores the named files of the set; `explain` adds each miss and false positive to `problems`. */
export function scoreRealSet(dir: string, files: string[], explain: boolean): RealSetScore {
  const labels = RealLabels.parse(JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')));
  const score: RealSetScore = {
    stories: files.length,
    all: tally(),
    byLanguage: new Map(),
    byKind: new Map(),
    problems: [],
  };
  const bump = (lang: string, kind: string, field: keyof Tally) => {
    for (const t of [score.all, at(score.byLanguage, lang), at(score.byKind, kind)]) t[field]++;
  };
  for (const file of files) {
    const spec = labels[file];
    const attributions = normalize(readFileSync(join(dir, file))).flatMap((story) =>
      extractAttributions(story),
    );
    const preds = attributions.map((a) => ({
      a,
      outlet: canon(a.outlet.id),
      haystack: fold(a.sentence) + ' | ' + fold(a.claim),
      claim: fold(a.claim),
      used: false,
    }));
    const wants = [...spec.labels.filter((l) => l.required), ...spec.labels.filter((l) => !l.required)];
    for (const w of wants) {
      const ids = [w.outlet].flat().map(canon);
      const anchor = fold(w.anchor);
      const hit = preds.find((p) => !p.used && ids.includes(p.outlet) && p.haystack.includes(anchor));
      if (hit) hit.used = true;
      if (!w.required) continue;
      if (hit) {
        bump(spec.language, w.kind, 'tp');
        if (claimIsContent(hit.claim, anchor, fold(w.sentence ?? ''), hit.haystack))
          bump(spec.language, w.kind, 'claimExact');
        else if (explain)
          score.problems.push(
            `  claim   ${file}: ${ids.join('|')} "${w.anchor}" claim="${hit.a.claim.slice(0, 90)}"`,
          );
      } else {
        bump(spec.language, w.kind, 'fn');
        if (explain) {
          const near = preds
            .filter((p) => p.haystack.includes(anchor))
            .map((p) => `${p.a.outlet.id}[${p.a.cue}]`);
          score.problems.push(
            `  missed  ${file}: ${ids.join('|')} "${w.anchor}" (cue ${w.cue ?? '?'})${near.length ? ' got ' + near.join(', ') : ''}`,
          );
        }
      }
    }
    for (const p of preds.filter((x) => !x.used)) {
      const unnamed = p.outlet === 'unnamed';
      bump(spec.language, unnamed ? 'unnamed' : (KIND_OF[p.outlet] ?? 'other'), unnamed ? 'fpUnnamed' : 'fp');
      if (explain)
        score.problems.push(`  extra   ${file}: ${p.a.outlet.id} [${p.a.cue}] ${p.a.sentence.slice(0, 140)}`);
    }
  }
  return score;
}

function claimIsContent(claim: string, anchor: string, sentence: string, haystack: string): boolean {
  const words = claim.split(/[\s,،;:]+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  const inside = sentence ? sentence.includes(claim) || !haystack.startsWith(sentence) : true;
  return words.length >= 4 && inside && !claim.includes(anchor);
}

function at(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = tally()));
  return t;
}

export const precisionOf = (t: Tally) => ratio(t.tp, t.tp + t.fp + t.fpUnnamed);
export const recallOf = (t: Tally) => ratio(t.tp, t.tp + t.fn);
export const claimExactnessOf = (t: Tally) => ratio(t.claimExact, t.tp);
const ratio = (num: number, den: number) => (den === 0 ? 1 : num / den);

/** Lines of a score: overall, per language and per kind. */
export function describe(name: string, s: RealSetScore): string[] {
  const row = (label: string, t: Tally) =>
    `  ${label.padEnd(14)} P ${precisionOf(t).toFixed(3)}  R ${recallOf(t).toFixed(3)}  claims exact ${claimExactnessOf(t).toFixed(3)}  (tp ${t.tp}, fp ${t.fp}, fp-unnamed ${t.fpUnnamed}, fn ${t.fn})`;
  return [
    `${name}: ${s.stories} stories`,
    row('overall', s.all),
    ...[...s.byLanguage].sort().map(([k, t]) => row(`lang ${k}`, t)),
    ...[...s.byKind].sort().map(([k, t]) => row(`kind ${k}`, t)),
  ];
}
