/**
 * `npm run eval -- dedup [--pairs FILE]`: for each labelled pair (eval/dedup/pairs.json), curates
 * the first story into a fresh index, then decides the second; "same article" is predicted when
 * the second lands on the first's article (revised, duplicate or replay). Prints precision and
 * recall, per-kind accuracy and the misses; exits 1 below precision 0.97 or recall 0.95.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalStory } from '@newswire/contracts';
import { parseArgs } from '../../apps/cli/src/command';
import type { CuratorInput } from '@newswire/dedup';
import { decide, evolve, initialIndex } from '@newswire/dedup';
import type { Pair, PairStory } from '../dedup/build-pairs';

const AIM = { precision: 0.97, recall: 0.95 };

function input(s: PairStory): CuratorInput {
  const story: CanonicalStory = {
    ...s,
    signals: s.signals as CanonicalStory['signals'],
    format: 'ninjs',
    pubStatus: 'usable',
    languageDetected: false,
    subjects: [],
    keywords: [],
    canonicalText: `${s.headline}\n\n${s.body.join('\n\n')}`,
  };
  return {
    message: {
      schemaVersion: 1,
      traceId: s.guid,
      receivedAt: s.versionCreated,
      story,
      attributions: [],
      registryVersion: 'eval',
    },
    causation: { topic: 'wire.enriched.v1', partition: 0, offset: '0', storyKey: `${s.source}:${s.guid}` },
  };
}

export async function run(args: string[]): Promise<void> {
  const { flags } = parseArgs(args);
  const file =
    typeof flags.pairs === 'string'
      ? flags.pairs
      : join(__dirname, '..', '..', '..', 'eval', 'dedup', 'pairs.json');
  const { pairs } = JSON.parse(readFileSync(file, 'utf8')) as { pairs: Pair[] };
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const byKind: Record<string, { right: number; total: number }> = {};
  const misses: string[] = [];
  for (const pair of pairs) {
    const index = initialIndex();
    const first = decide(input(pair.first), index);
    first.events.forEach((e) => evolve(index, e));
    const { decision } = decide(input(pair.second), index);
    const same =
      decision.articleId === first.decision.articleId &&
      ['revised', 'duplicate', 'replay'].includes(decision.kind);
    if (same && pair.same) tp++;
    else if (same) fp++;
    else if (pair.same) fn++;
    const k = (byKind[pair.kind] ??= { right: 0, total: 0 });
    k.total++;
    if (same === pair.same) k.right++;
    else
      misses.push(
        `  ${pair.same ? 'missed' : 'false match'}: ${pair.id} (${decision.kind}, similarity ${decision.match?.similarity ?? '-'})`,
      );
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  process.stdout.write(
    `dedup eval: ${pairs.length} pairs, "same article" precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (aim ≥ ${AIM.precision} / ≥ ${AIM.recall})\n`,
  );
  for (const [kind, { right, total }] of Object.entries(byKind))
    process.stdout.write(`  ${kind}: ${right}/${total} right\n`);
  if (misses.length) process.stdout.write(misses.join('\n') + '\n');
  if (precision < AIM.precision || recall < AIM.recall) process.exitCode = 1;
}
