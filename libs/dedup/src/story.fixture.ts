import type { CanonicalStory, Causation, EnrichedStoryMessage } from '@newswire/contracts';
import { bodyText } from '@newswire/contracts';
import type { CuratorInput } from './curator.decider';

/** Test stories: realistic wire copy, built as CanonicalStory objects (no parser involved). */
export const TEXTS = {
  summit: [
    "Leaders of the Iran-led so-called axis of resistance, including Hamas's Ismail Haniyeh, discussed Israel's war on Gaza during a meeting in Tehran on the sidelines of president Ebrahim Raisi's funeral, state media reported Thursday.",
    "The axis of resistance brings together Iran's regional allies in the fight against Israel, including the Palestinian movement Hamas, Lebanon's Hezbollah, Yemen's Houthis and Iraqi Shia armed groups.",
    'The leaders of these movements met Wednesday after attending ceremonies organised in Tehran to pay tribute to Raisi, who died Sunday in a helicopter crash in northwest Iran.',
    'They discussed the latest political, social and military situation in Gaza and the role of the resistance front, state broadcaster IRIB reported.',
  ],
  floods: [
    'Heavy rains triggered flash floods across southern Brazil on Tuesday, killing at least 29 people and forcing thousands from their homes, the state civil defence agency said.',
    'Rivers in Rio Grande do Sul burst their banks after days of downpours, cutting roads and bridges and leaving dozens of towns without power or drinking water.',
    'Rescue teams using boats and helicopters pulled residents from rooftops, and the governor said the toll was likely to rise as waters receded.',
  ],
  rates: [
    'The European Central Bank left its key interest rates unchanged on Thursday but signalled that a cut could come as early as June if inflation keeps easing.',
    'ECB president Christine Lagarde told reporters that a few policymakers had already felt confident enough to vote for a reduction at this meeting.',
    'Markets now price roughly three quarter-point cuts this year, with the first fully expected at the June meeting.',
  ],
};

export function story(overrides: Partial<CanonicalStory> & { body: string[] }): CanonicalStory {
  const s: CanonicalStory = {
    source: 'afp',
    guid: 'urn:afp:1',
    version: 1,
    format: 'ninjs',
    pubStatus: 'usable',
    signals: [],
    versionCreated: '2024-05-23T10:00:00Z',
    language: 'en',
    languageDetected: false,
    headline: 'Heads of Iran-allied militant groups meet in Tehran',
    subjects: [],
    keywords: [],
    canonicalText: '',
    ...overrides,
  };
  return { ...s, canonicalText: overrides.canonicalText ?? `${s.headline}\n\n${bodyText(s)}` };
}

export function input(
  s: CanonicalStory,
  receivedAt = s.versionCreated ?? '2024-05-23T10:00:00Z',
  offset = '0',
): CuratorInput {
  const message: EnrichedStoryMessage = {
    schemaVersion: 1,
    traceId: `trace-${s.source}-${s.guid}-${s.version}`,
    receivedAt,
    story: s,
    attributions: [],
    registryVersion: 'test',
  };
  const causation: Causation = {
    topic: 'wire.enriched.v1',
    partition: 0,
    offset,
    storyKey: `${s.source}:${s.guid}`,
  };
  return { message, causation };
}
