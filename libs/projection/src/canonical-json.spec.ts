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

describe('canonicalJson (values JSON cannot write)', () => {
  it('writes undefined and functions in arrays as null, as JSON.stringify does', () => {
    expect(canonicalJson([undefined, () => 1, 1])).toBe('[null,null,1]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('orders integer-like keys by code unit too (unlike JS property order)', () => {
    expect(canonicalJson({ a: 3, '10': 2, '9': 1, '': 0 })).toBe('{"":0,"10":2,"9":1,"a":3}');
  });

  it('reads back as the same value for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) =>
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v))),
      ),
    );
  });
});
