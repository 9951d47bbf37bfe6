import { WireFormatError } from '@newswire/wire-formats';
import { contentHash } from './content-hash';
import type { FeedItem } from './feed-item';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The ninjs documents of a JSON answer: an array of them, an object listing them under `items`
 * (or `data.items`, each either the document or `{item: document}`, as agency APIs wrap them), or
 * one document alone. Undefined when the JSON is none of these.
 */
function documentsOf(doc: unknown): Json[] | undefined {
  const unwrap = (v: unknown) => (isObject(v) && isObject(v.item) ? v.item : v);
  const list = Array.isArray(doc)
    ? doc
    : isObject(doc) && Array.isArray(doc.items)
      ? doc.items
      : isObject(doc) && isObject(doc.data) && Array.isArray(doc.data.items)
        ? doc.data.items
        : undefined;
  if (list) return list.map(unwrap).filter(isObject);
  return isObject(doc) ? [doc] : undefined;
}

function headlineOf(d: Json): string {
  if (typeof d.headline === 'string') return d.headline;
  const first = Array.isArray(d.headlines) ? (d.headlines[0] as Json | undefined) : undefined;
  return typeof first?.value === 'string' ? first.value : '';
}

/** ninjs lists and single documents: each document re-serialised on its own. */
export function ninjsItems(text: string): FeedItem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new WireFormatError('MALFORMED', `JSON does not parse: ${(error as Error).message}`);
  }
  const docs = documentsOf(doc);
  if (!docs)
    throw new WireFormatError(
      'UNSUPPORTED_FORMAT',
      'JSON that is neither a ninjs document nor a list of them',
    );
  return docs.map((d) => {
    const json = JSON.stringify(d);
    const hash = contentHash(json);
    const id = typeof d.uri === 'string' ? d.uri : typeof d.guid === 'string' ? d.guid : hash;
    return {
      id,
      headline: headlineOf(d),
      bytes: Buffer.from(json),
      contentType: 'application/ninjs+json; charset=utf-8',
      hash,
    };
  });
}
