import stopwords from './language-stopwords.json';

// Letters only Persian writes (پ چ ژ گ ی ک) against letters only Arabic writes (ة ي ك ى).
const PERSIAN_ONLY = new Set([0x067e, 0x0686, 0x0698, 0x06af, 0x06cc, 0x06a9]);
const ARABIC_ONLY = new Set([0x0629, 0x064a, 0x0643, 0x0649]);
const SAMPLE = 4000;
// Common words settle a Latin-script language within a few hundred words.
const WORD_SAMPLE = 1500;

// word -> the languages it is common in, so each word of the sample costs one lookup.
const STOPWORDS = new Map<string, string[]>();
for (const [lang, words] of Object.entries(stopwords)) {
  for (const w of words) STOPWORDS.set(w, [...(STOPWORDS.get(w) ?? []), lang]);
}

/**
 * A BCP-47 tag for text whose wire did not say: the dominant script decides, Persian against
 * Arabic by letters only one of them uses, and Latin-script languages by their commonest words.
 * `und` (undetermined) when nothing decides.
 */
export function detectLanguage(text: string): string {
  let arabicScript = 0;
  let persian = 0;
  let arabic = 0;
  let latin = 0;
  let cyrillic = 0;
  let hebrew = 0;
  let cjk = 0;
  const n = Math.min(text.length, SAMPLE);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) latin++;
    } else if (c >= 0x0600 && c <= 0x06ff) {
      arabicScript++;
      if (PERSIAN_ONLY.has(c)) persian++;
      else if (ARABIC_ONLY.has(c)) arabic++;
    } else if (c >= 0x00c0 && c <= 0x024f) latin++;
    else if (c >= 0x0400 && c <= 0x04ff) cyrillic++;
    else if (c >= 0x0590 && c <= 0x05ff) hebrew++;
    else if (c >= 0x4e00 && c <= 0x9fff) cjk++;
  }
  const top = Math.max(arabicScript, latin, cyrillic, hebrew, cjk);
  if (top === 0) return 'und';
  if (top === arabicScript) return persian > arabic ? 'fa' : 'ar';
  if (top === cjk) return 'zh';
  if (top === cyrillic) return 'ru';
  if (top === hebrew) return 'he';
  return latinLanguage(text.slice(0, WORD_SAMPLE));
}

function latinLanguage(sample: string): string {
  const hits: Record<string, number> = {};
  for (const w of sample.toLowerCase().split(/[^a-zäöüßàâçéèêëîïôûùåøæñáíóú]+/)) {
    const langs = STOPWORDS.get(w);
    if (langs) for (const lang of langs) hits[lang] = (hits[lang] ?? 0) + 1;
  }
  let best = 'und';
  let bestHits = 0;
  for (const [lang, n] of Object.entries(hits)) {
    if (n > bestHits) {
      best = lang;
      bestHits = n;
    }
  }
  return best;
}
