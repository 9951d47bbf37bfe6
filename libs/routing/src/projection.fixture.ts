import type { ArticleProjection, OutletRef, ProjectionRevision } from '@newswire/contracts';

export const IRIB: OutletRef = {
  id: 'irib',
  name: 'IRIB',
  kind: 'state-broadcaster',
  country: 'IR',
  controlledBy: 'Government of Iran',
};
export const REUTERS: OutletRef = { id: 'reuters', name: 'Reuters', kind: 'news-agency', country: 'GB' };

/** A projection of article `art_1` at `version`, its revisions all `kinds` (the first `published`). */
export function projectionAt(
  version: number,
  overrides: Partial<ArticleProjection> = {},
  kinds: ProjectionRevision['kind'][] = [],
): ArticleProjection {
  const revisions: ProjectionRevision[] = Array.from({ length: version }, (_, i) => ({
    n: i + 1,
    at: '2026-03-01T10:00:00.000Z',
    kind: i === 0 ? 'published' : (kinds[i] ?? 'update'),
    changed: [],
    applied: true,
  }));
  return {
    articleId: 'art_1',
    version,
    status: 'published',
    headline: 'Leaders meet in Tehran',
    body: ['State broadcaster IRIB reported the meeting.'],
    language: 'en',
    firstPublished: '2026-03-01T10:00:00.000Z',
    lastRevised: '2026-03-01T10:00:00.000Z',
    sources: [
      { source: 'wire-a', guid: 'g1', version: 1, receivedAt: '2026-03-01T10:00:00.000Z', role: 'original' },
    ],
    attributions: [
      {
        outlet: IRIB,
        claims: [{ cue: 'reported', claim: 'the meeting', sentence: 'x', start: 0, end: 3, confidence: 0.9 }],
      },
    ],
    duplicates: [],
    related: [],
    revisions,
    lastSequence: version,
    registryVersion: 'r1',
    ...overrides,
  };
}
