/**
 * A wire's language as a canonical BCP 47 tag (`DE` → `de`, `en-us` → `en-US`, `en_GB` → `en-GB`,
 * `iw` → `he`), so that filters and the API compare one spelling; the platform's
 * Intl.getCanonicalLocales does the work. A value it refuses is kept lower-cased rather than lost.
 */
export function canonicalLanguageTag(tag: string): string {
  const t = tag.trim().replace(/_/g, '-');
  try {
    return Intl.getCanonicalLocales(t)[0] ?? t.toLowerCase();
  } catch {
    return t.toLowerCase();
  }
}
