import { describe, expect, it } from '@jest/globals';
import type { ArticleProjection, DeliveredState } from '@newswire/contracts';
import fc from 'fast-check';
import { projectionAt } from './projection.fixture';
import { routeDecision } from './route-decision';

const live = (version: number): DeliveredState => ({ version, live: true });

describe('routeDecision', () => {
  it('delivers a matching article a subscriber has not had, and nothing else', () => {
    expect(routeDecision(undefined, projectionAt(1), true)).toEqual({
      action: 'deliver',
      signal: 'published',
      next: live(1),
    });
    expect(routeDecision(undefined, projectionAt(1), false)).toEqual({ action: 'none' });
  });

  it('delivers a correction with its signal, and nothing for a repeat or an older version', () => {
    const corrected = projectionAt(2, {}, ['published', 'correction']);
    expect(routeDecision(live(1), corrected, true)).toMatchObject({
      action: 'deliver',
      signal: 'correction',
    });
    expect(routeDecision(live(2), corrected, true)).toEqual({ action: 'none' });
    expect(routeDecision(live(3), corrected, true)).toEqual({ action: 'none' });
  });

  it('sends nothing for a version a reader cannot see (a copy, a link, a late older wire)', () => {
    const p = projectionAt(3, {}, ['published', 'duplicate', 'related']);
    expect(routeDecision(live(1), p, true)).toEqual({ action: 'none' });
    const late = projectionAt(2);
    late.revisions[1] = { ...late.revisions[1], kind: 'late', applied: false };
    expect(routeDecision(live(1), late, true)).toEqual({ action: 'none' });
  });

  it('takes a kill to every subscriber that has the article live, whatever its filter says', () => {
    const killed = projectionAt(2, { status: 'withdrawn' }, ['published', 'withdrawn']);
    expect(routeDecision(live(1), killed, false)).toEqual({
      action: 'withdraw',
      signal: 'withdrawn',
      next: { version: 2, live: false },
    });
    expect(routeDecision({ version: 1, live: false }, killed, true)).toEqual({ action: 'none' });
    expect(routeDecision(undefined, killed, false)).toEqual({ action: 'none' });
  });

  it('withdraws an article that stopped matching after a revision, and delivers it again once it matches', () => {
    const revised = projectionAt(2, {}, ['published', 'update']);
    expect(routeDecision(live(1), revised, false)).toEqual({
      action: 'withdraw',
      signal: 'unmatched',
      next: { version: 2, live: false },
    });
    expect(routeDecision({ version: 2, live: false }, projectionAt(3), false)).toEqual({ action: 'none' });
    expect(
      routeDecision(
        { version: 2, live: false },
        projectionAt(3, {}, ['published', 'duplicate', 'duplicate']),
        true,
      ),
    ).toMatchObject({
      action: 'deliver',
      next: live(3),
    });
  });

  // Any history of an article: a subscriber's stream must tell the story a reader needs.
  const histories = fc.array(
    fc.record({
      kind: fc.constantFrom('update', 'correction', 'duplicate', 'related', 'withdrawn' as const),
      matches: fc.boolean(),
      repeat: fc.boolean(),
    }),
    { maxLength: 12 },
  );

  it('keeps a subscriber consistent over any history (property)', () => {
    fc.assert(
      fc.property(fc.boolean(), histories, (firstMatches, steps) => {
        let status: ArticleProjection['status'] = 'published';
        const kinds: ArticleProjection['revisions'][number]['kind'][] = ['published'];
        const seen: { p: ArticleProjection; matches: boolean }[] = [
          { p: projectionAt(1), matches: firstMatches },
        ];
        for (const step of steps) {
          kinds.push(step.kind === 'withdrawn' ? 'withdrawn' : step.kind);
          if (step.kind === 'withdrawn') status = 'withdrawn';
          else if (step.kind === 'update' || step.kind === 'correction') status = 'published';
          const p = projectionAt(kinds.length, { status }, kinds);
          seen.push({ p, matches: step.matches });
          if (step.repeat) seen.push({ p, matches: step.matches });
        }
        let state: DeliveredState | undefined;
        for (const { p, matches } of seen) {
          const d = routeDecision(state, p, matches);
          if (d.action === 'none') continue;
          // Each version at most once, in order; never a withdrawal of what was not live there.
          expect(d.next.version).toBeGreaterThan(state?.version ?? 0);
          if (d.action === 'withdraw') expect(state?.live).toBe(true);
          state = d.next;
        }
        // The subscriber ends holding the article live only if the last version is live and it matched.
        const last = seen[seen.length - 1];
        if (state?.live) expect(last.p.status === 'published').toBe(true);
        if (last.p.status === 'withdrawn') expect(state?.live ?? false).toBe(false);
        if (state && last.p.status === 'published' && !last.matches) expect(state.live).toBe(false);
        if (last.p.status === 'published' && last.matches) expect(state?.live).toBe(true);
      }),
    );
  });
});
