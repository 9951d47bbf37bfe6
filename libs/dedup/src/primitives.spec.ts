import fc from 'fast-check';
import { articleIdOf, guidKey, parseArticleId } from './article-id';
import {
  asciiCanonicalWords,
  asciiWords,
  canonicalHash,
  canonicalTokens,
  canonicalWords,
} from './canonical-text';
import { dedupConfig, defaultDedupConfig } from './dedup-config';
import {
  decodeSignature,
  encodeSignature,
  equalRows,
  estimateJaccard,
  minHasher,
  minhashSignature,
} from './minhash';
import { fmix32, hashString32, hashText32 } from './hash32';
import { nameHashes, namesOf } from './names';
import { sampledShingles, shingleHashes, shinglesOfWordHashes, wordHashes } from './shingles';
import { hammingDistance, simhash, u64Hex } from './simhash';
import { carriedFingerprint, fingerprint, fingerprintsOf } from './fingerprint';
import { passageHashes, passagesInTextOrder } from './passages';
import { story, TEXTS } from './story.fixture';

const shingles = (text: string) => shingleHashes(canonicalTokens(text), 3);
const hasher = minHasher(defaultDedupConfig);
const text = TEXTS.summit.join(' ');
const unrelated = TEXTS.rates.join(' ');

describe('canonical text', () => {
  it('ignores case, punctuation, spacing and typographic quotes', () => {
    expect(canonicalHash(canonicalTokens("Iran's  \u201cstate\u201d media, said:"))).toBe(
      canonicalHash(canonicalTokens('IRAN\u2019S state media said')),
    );
  });

  it('folds Arabic-script letter variants and diacritics used interchangeably in Persian and Arabic copy', () => {
    expect(canonicalTokens('خبرگزاری فارس گزارش داد')).toEqual(canonicalTokens('خبرگزاري فارس گزارش داد'));
    expect(canonicalTokens('قَالَت الوكالة')).toEqual(canonicalTokens('قالت الوکالة'));
  });

  it('is a SHA-256 hex digest', () => {
    expect(canonicalHash(canonicalTokens(text))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives ASCII text the bytes of its canonical words in one scan, and leaves any other text to canonicalWords', () => {
    const unit = fc.constantFrom(..."aZ09 .,'-\t\n\r\v\f\x00\x7f~é’خ");
    fc.assert(
      fc.property(fc.string({ unit }), fc.string(), (a, b) => {
        const text = a + b;
        const bytes = asciiCanonicalWords(text);
        if (/^[\t\n\r\x20-\x7e]*$/.test(text)) {
          expect(Buffer.from(bytes!).toString('latin1')).toBe(canonicalWords(text));
          expect(canonicalHash(bytes!)).toBe(canonicalHash(canonicalWords(text)));
          expect([...wordHashes(bytes!)]).toEqual([...wordHashes(canonicalWords(text))]);
          expect([...asciiWords(text)!.hashes]).toEqual([...wordHashes(canonicalWords(text))]);
        } else {
          expect(bytes).toBeUndefined();
          expect(asciiWords(text)).toBeUndefined();
        }
      }),
    );
  });
});

/** The definition of names the scanner of names.ts replaced (sentences, tokens, then tests by regex). */
function namesByRegex(text: string): Set<string> {
  const notNames = new Set(
    'the a an in on at by for and but or of to it he she they we i you this that these those his her its their our as if when while after before with from mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december said says reuters ap afp'.split(
      ' ',
    ),
  );
  const names = new Set<string>();
  for (const sentence of text.match(/[^.!?\n]+/g) ?? []) {
    let first = true;
    for (const raw of sentence.match(/[\p{L}\p{N}][\p{L}\p{N}'’.,-]*/gu) ?? []) {
      const token = raw.replace(/[.,'’-]+$/, '');
      const isFirst = first;
      first = false;
      if (/^\d[\d.,]*$/.test(token)) {
        const digits = token.replace(/[.,]/g, '');
        if (digits.length >= 2 && !/^(19|20)\d\d$/.test(digits)) names.add(`#${digits}`);
      } else if (!isFirst && token.length > 1 && /^\p{Lu}/u.test(token)) {
        const name = token.toLowerCase();
        if (!notNames.has(name)) names.add(name);
      }
    }
  }
  return names;
}

describe('names', () => {
  it('are the capitalised words inside sentences and the numbers of 2+ digits other than years', () => {
    expect([
      ...namesOf('The Pope met Macron in Paris. Said 12,500 people, in 2024: 7 of 40! And Ahmed’s.'),
    ]).toEqual(['pope', 'macron', 'paris', '#12500', '#40', 'ahmed’s']);
  });

  it('are what the regex definition gives, for any text', () => {
    const unit = fc.constantFrom(..."aAzZ09 .,!?'’-\n\r\téÉİßخ٣🙂𝐀\ud800");
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 80 }),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        (a, b) => {
          const text = a + b;
          expect([...namesOf(text)].sort()).toEqual([...namesByRegex(text)].sort());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('give the smallest hashes of the names as the sketch', () => {
    const text = TEXTS.summit.join(' ');
    const all = [...new Set([...namesByRegex(text)].map((n) => hashString32(n)))].sort((x, y) => x - y);
    expect([...nameHashes(text, 12)]).toEqual(all.slice(0, 12));
  });
});

describe('word hashes', () => {
  it('equal hashString32 of each canonical token, in order, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (a, b) => {
        const text = `${a} ${b}`;
        expect([...wordHashes(canonicalWords(text))]).toEqual(
          canonicalTokens(text).map((t) => hashString32(t)),
        );
      }),
    );
  });

  it('sampled into shingles keep exactly the shingles whose masked bits are zero, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffffffff })),
        fc.integer({ min: 1, max: 6 }),
        (w, k) => {
          const words = Uint32Array.from(w);
          const all = [...shinglesOfWordHashes(words, k)];
          expect([...sampledShingles(words, k, 7)]).toEqual(all.filter((h) => (h & 7) === 0));
        },
      ),
    );
  });

  it('as passages in text order are the distinct sampled shingles, each where it first occurs', () => {
    const cfg = { passageShingleSize: 2, passageSampling: 2 };
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 60 }), (tokens) => {
        const body = tokens.join(' ');
        const sampled = [...sampledShingles(wordHashes(canonicalWords(body)), 2, 1)];
        const firsts = sampled.filter((h, i) => sampled.indexOf(h) === i);
        expect([...passagesInTextOrder(body, cfg)]).toEqual(firsts);
        expect([...passageHashes(body, cfg)]).toEqual([...firsts].sort((x, y) => x - y));
      }),
    );
  });

  it('hash the same canonical words as the token list does', () => {
    expect(canonicalHash(canonicalWords(text))).toBe(canonicalHash(canonicalTokens(text)));
  });
});

describe('hashText32', () => {
  it('changes when any one code unit of the text changes', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 0xffff }),
        (s, at, delta) => {
          const i = at % s.length;
          const changed =
            s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) + delta) & 0xffff) + s.slice(i + 1);
          expect(hashText32(changed)).not.toBe(hashText32(s));
        },
      ),
    );
  });
});

describe('SimHash', () => {
  it('sets exactly the bits that more than half of the shingles vote for', () => {
    const naive = (xs: Uint32Array, salt: number) => {
      let out = 0;
      for (let bit = 0; bit < 32; bit++) {
        const votes = xs.reduce((n, x) => n + ((fmix32(x ^ salt) >>> bit) & 1), 0);
        if (votes * 2 > xs.length) out |= 1 << bit;
      }
      return out >>> 0;
    };
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 300 }), (xs) => {
        const shingles = Uint32Array.from(xs);
        expect(simhash(shingles)).toEqual({
          hi: naive(shingles, 0x6a09e667),
          lo: naive(shingles, 0xbb67ae85),
        });
      }),
    );
  });

  it('puts a lightly edited text a few bits from the original and an unrelated one far away', () => {
    const a = simhash(shingles(text));
    const b = simhash(shingles(text.replace('Thursday', 'Wednesday')));
    const c = simhash(shingles(unrelated));
    expect(hammingDistance(a.hi, a.lo, b.hi, b.lo)).toBeLessThan(8);
    expect(hammingDistance(a.hi, a.lo, c.hi, c.lo)).toBeGreaterThan(16);
    expect(u64Hex(a)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('MinHash', () => {
  it('estimates Jaccard similarity within a few points of the true value', () => {
    const words = canonicalTokens(text);
    const half = words.slice(0, Math.floor(words.length * 0.75));
    const a = shingles(text);
    const b = shingleHashes(half, 3);
    const setA = new Set(a);
    const inter = new Set([...b].filter((x) => setA.has(x))).size;
    const truth = inter / new Set([...a, ...b]).size;
    const est = estimateJaccard(minhashSignature(a, hasher), minhashSignature(b, hasher), hasher);
    expect(Math.abs(est - truth)).toBeLessThan(0.12);
    const far = estimateJaccard(
      minhashSignature(a, hasher),
      minhashSignature(shingles(unrelated), hasher),
      hasher,
    );
    expect(far).toBeLessThan(0.1);
  });

  it('packs the band rows at 16 bits into one 32-bit key a band and keeps 8 bits of the rest', () => {
    const sig = minhashSignature(shingles(text), hasher);
    expect(sig.bandKeys).toHaveLength(defaultDedupConfig.bands);
    expect(sig.bytes).toHaveLength(defaultDedupConfig.permutations - defaultDedupConfig.bands * 2);
    // 16 random 32-bit keys: their high halves are not all zero, as they would be with 1-byte rows
    expect([...sig.bandKeys].some((k) => k >>> 16 > 0xff)).toBe(true);
  });

  it('counts agreeing rows within a band key', () => {
    expect(equalRows(0x12345678, 0x12345678, hasher)).toBe(2);
    expect(equalRows(0x12345678, 0x12340000, hasher)).toBe(1);
    expect(equalRows(0x12345678, 0x00005678, hasher)).toBe(1);
    expect(equalRows(0x12345678, 0x87654321, hasher)).toBe(0);
  });

  it('round-trips a signature through its base64 form and rejects one of another layout', () => {
    const sig = minhashSignature(shingles(text), hasher);
    expect(decodeSignature(encodeSignature(sig), hasher)).toEqual(sig);
    expect(
      decodeSignature(encodeSignature(sig), minHasher({ ...defaultDedupConfig, bands: 8 })),
    ).toBeUndefined();
  });

  it('keeps the minimum of each permutation, whatever the number of permutations', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 0xffffffff }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 8, max: 23 }),
        (xs, permutations) => {
          const h = minHasher({ permutations, bands: 2, rows: 2, seed: 1 });
          const mins = [...h.xors].map((xor, i) =>
            Math.min(
              ...xs.map(
                (x) => (Math.imul(x ^ xor, h.mults[i]) ^ (Math.imul(x ^ xor, h.mults[i]) >>> 15)) >>> 1,
              ),
            ),
          );
          const sig = minhashSignature(Uint32Array.from(xs), h);
          const wide = (i: number) => fmix32(mins[i]) & 0xffff;
          expect([...sig.bandKeys]).toEqual([
            (wide(0) | (wide(1) << 16)) >>> 0,
            (wide(2) | (wide(3) << 16)) >>> 0,
          ]);
          expect([...sig.bytes]).toEqual(mins.slice(4).map((m) => fmix32(m) & 0xff));
        },
      ),
    );
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = minhashSignature(shingles(text), hasher);
    expect(minhashSignature(shingles(text), minHasher(defaultDedupConfig))).toEqual(a);
    expect(minhashSignature(shingles(text), minHasher({ ...defaultDedupConfig, seed: 7 }))).not.toEqual(a);
  });
});

describe('fingerprints', () => {
  it('keep the values already in the log, for ASCII and other text', () => {
    const of = (s: ReturnType<typeof story>) =>
      fingerprintsOf(fingerprint(s, defaultDedupConfig, hasher), defaultDedupConfig);
    // toMatchObject: the fields added later (passages, names) are checked in their own tests
    expect(of(story({ body: TEXTS.summit }))).toMatchObject({
      sha256: '012f0029913072b5faa9d6f79af902a2b6070c84d4c3a8158c4c4ab218a6c9c5',
      simhash: '6a0409e2eb428ac5',
      minhash: {
        scheme: 'mh1:3:96:16x2:24301',
        shingles: 127,
        signature:
          'WcUYjZUYeS0gSJeSQu3R9da7/DxMNPKfKhS0Lei9TWb6v4kMBlopoPxFw6QllWmvJXcO19pmuZcS66XAyBrwxnir9NrrSi7IFiLrsnTErMnqlmS4vkQQpA/r6P940w4VuJwwteHbYn++pxQULGjg9b4L3/eeuU+k9kWvZ1utxJ4=',
      },
    });
    expect(
      of(story({ headline: 'خبرگزاری فارس', body: ['قَالَت الوكالة Crème brûlée, "naïve" café.'] })),
    ).toMatchObject({
      sha256: '29f1410fe63155fadd88dfe2098f9a5d8000b48d3e20f129b768528f5d7419d7',
      simhash: 'b0bc1e09234d00b9',
      minhash: {
        scheme: 'mh1:3:96:16x2:24301',
        shingles: 6,
        signature:
          'PDAHmyas1SS/N8mfOc9d+cem1wHxPazy5MOrRagbVgrwSxuQc43q++oY3BiHBuRpy9DmOYZvFCzywivY11iWbipPgoR2aj5OsNrztSfMoe3MBYnC1MAMMOPhUupA04wiIxvAE2OC1QpgyplSUZoDZYSiQroH4u9YpB3cqPHXQjo=',
      },
    });
  });
});

describe('fingerprints carried in events', () => {
  const s = story({ body: TEXTS.summit });
  const fp = fingerprint(s, defaultDedupConfig, hasher);

  it('give back the fingerprint of the text under the same scheme', () => {
    const carried = JSON.parse(JSON.stringify(fingerprintsOf(fp, defaultDedupConfig)));
    // an event carries the passages an article is indexed under, the smallest, in text order;
    // and no credit: the caller gives the story's
    const n = defaultDedupConfig.passagesPerArticle;
    expect(carriedFingerprint(carried, defaultDedupConfig, hasher, fp.agency)).toEqual({
      ...fp,
      passages: fp.passages.slice(0, n),
      passageOrder: fp.passageOrder.filter((h) => h <= fp.passages[n - 1]),
    });
  });

  it('are ignored when written under another scheme or before they carried MinHash', () => {
    const other = { ...defaultDedupConfig, seed: 7 };
    expect(carriedFingerprint(fingerprintsOf(fp, other), defaultDedupConfig, hasher)).toBeUndefined();
    expect(
      carriedFingerprint({ sha256: fp.sha256, simhash: fp.simhashHex }, defaultDedupConfig, hasher),
    ).toBeUndefined();
  });
});

describe('article ids', () => {
  it('round-trip through their 64-bit key', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (source, guid) => {
        const key = guidKey(source, guid);
        expect(parseArticleId(articleIdOf(key))).toEqual(key);
      }),
    );
  });

  it('keep the ids already in the log, whichever story was asked about before', () => {
    for (const [source, guid, id] of [
      ['afp', 'urn:afp:1', 'art_tqmoetemxmdho'],
      ['afp', 'urn:afp:2', 'art_7cb26itoojpoa'],
      ['afp', 'urn:afp:1', 'art_tqmoetemxmdho'],
      ['afp:urn', 'afp:1', 'art_tqmoetemxmdho'],
    ])
      expect(articleIdOf(guidKey(source, guid))).toBe(id);
  });

  it('keep the encoding of ids already in the log (base32 of the key padded to 65 bits)', () => {
    expect(articleIdOf({ hi: 0xffffffff, lo: 0xffffffff })).toBe('art_7777777777776');
    expect(articleIdOf({ hi: 0, lo: 1 })).toBe('art_aaaaaaaaaaaac');
    expect(articleIdOf({ hi: 0x12345678, lo: 0x9abcdef0 })).toBe('art_ci2fm6e2xtppa');
    expect(parseArticleId('art_ci2fm6e2xtppa')).toEqual({ hi: 0x12345678, lo: 0x9abcdef0 });
  });

  it('rejects ids this curator did not make', () => {
    expect(() => parseArticleId('article-1')).toThrow(expect.objectContaining({ code: 'BAD_ARTICLE_ID' }));
    expect(() => parseArticleId('art_aaaaaaaaaaaab')).toThrow(
      expect.objectContaining({ code: 'BAD_ARTICLE_ID' }),
    );
  });
});

describe('dedupConfig', () => {
  it('fills the documented defaults', () => {
    expect(dedupConfig()).toEqual(defaultDedupConfig);
  });

  it.each([
    [{ bands: 100, rows: 2 }, 'bands × rows'],
    [{ relatedThreshold: 0.9 }, 'relatedThreshold'],
    [{ shingleSize: 0 }, 'shingleSize'],
    [{ windowHours: -1 }, 'windowHours'],
  ])('rejects %j', (bad, message) => {
    expect(() => dedupConfig(bad)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining(message) }),
    );
  });
});
