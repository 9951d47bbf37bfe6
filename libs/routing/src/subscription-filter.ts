import type { ArticleProjection, OutletRef, SubscriptionFilter } from '@newswire/contracts';

const lower = (values: readonly string[]) => values.map((v) => v.toLowerCase());

/** Whether an article, as this projection has it, is one a subscriber with this filter takes. */
export function matchesFilter(filter: SubscriptionFilter, p: ArticleProjection): boolean {
  if (filter.statuses && !filter.statuses.includes(p.status)) return false;
  if (filter.languages && !matchesLanguage(filter.languages, p.language)) return false;
  if (filter.maxUrgency !== undefined && (p.urgency === undefined || p.urgency > filter.maxUrgency))
    return false;
  if (filter.subjects) {
    const wanted = new Set(lower(filter.subjects));
    const has = (p.subjects ?? []).some(
      (s) => wanted.has(s.name.toLowerCase()) || (s.code !== undefined && wanted.has(s.code.toLowerCase())),
    );
    if (!has) return false;
  }
  if (filter.keywords) {
    const wanted = new Set(lower(filter.keywords));
    if (!(p.keywords ?? []).some((k) => wanted.has(k.toLowerCase()))) return false;
  }
  if (filter.firstPublished && !inWindow(filter.firstPublished, p.firstPublished)) return false;
  if (hasOutletCriteria(filter) && !p.attributions.some((a) => matchesOutlet(filter, a.outlet))) return false;
  return true;
}

/** `en` takes `en` and `en-GB`; `en-GB` takes only itself. */
function matchesLanguage(tags: readonly string[], language: string): boolean {
  const l = language.toLowerCase();
  return lower(tags).some((t) => l === t || l.startsWith(`${t}-`));
}

function inWindow(window: NonNullable<SubscriptionFilter['firstPublished']>, at: string): boolean {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return false;
  if (window.since !== undefined && t < Date.parse(window.since)) return false;
  if (window.until !== undefined && t > Date.parse(window.until)) return false;
  return true;
}

function hasOutletCriteria(f: SubscriptionFilter): boolean {
  return !!(f.outlets || f.outletKinds || f.outletCountries || f.outletControllers);
}

/** The outlet criteria hold together for one outlet. */
function matchesOutlet(f: SubscriptionFilter, o: OutletRef): boolean {
  if (f.outlets && !f.outlets.includes(o.id)) return false;
  if (f.outletKinds && !f.outletKinds.includes(o.kind)) return false;
  if (f.outletCountries && (o.country === undefined || !f.outletCountries.includes(o.country.toUpperCase())))
    return false;
  if (
    f.outletControllers &&
    (o.controlledBy === undefined || !lower(f.outletControllers).includes(o.controlledBy.toLowerCase()))
  )
    return false;
  return true;
}
