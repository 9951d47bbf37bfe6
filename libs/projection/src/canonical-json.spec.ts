import fc from 'fast-check';
import { canonicalJson, projectionDigest } from './canonical-json';
import { project } from './article.projection';
import { published } from './article-events.fixture';

describe('canonicalJson', () => {
  it('writes object keys in sorted order at every depth and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same bytes for any key order of the same value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });
});

describe('projectionDigest', () => {
  it('is a sha256 hex that changes when the projection does', () => {
    const p = project(undefined, published('a1'));
    expect(projectionDigest(p)).toMatch(/^[0-9a-f]{64}$/);
    expect(projectionDigest({ ...p })).toBe(projectionDigest(p));
    expect(projectionDigest({ ...p, headline: 'x' })).not.toBe(projectionDigest(p));
  });
});
