import stopwords from './language-stopwords.json';

// Letters only Persian writes (پ چ ژ گ ی ک) against letters only Arabic writes (ة ي ك ى).
const PERSIAN_ONLY = new Set([0x067e, 0x0686, 0x0698, 0x06af, 0x06cc, 0x06a9]);
const ARABIC_ONLY = new Set([0x0629, 0x064a, 0x0643, 0x0649]);
const SAMPLE = 4000;

const STOPWORDS: Array<[string, Set<string>]> = Object.entries(stopwords).map(([lang, words]) => [
  lang,
  new Set(words),
]);

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
  return latinLanguage(text.slice(0, SAMPLE));
}

function latinLanguage(sample: string): string {
  const words = sample.toLowerCase().split(/[^a-zäöüßàâçéèêëîïôûùåøæñáíóú]+/);
  let best = 'und';
  let bestHits = 0;
  for (const [lang, set] of STOPWORDS) {
    let hits = 0;
    for (const w of words) if (set.has(w)) hits++;
    if (hits > bestHits) {
      best = lang;
      bestHits = hits;
    }
  }
  return best;
}
