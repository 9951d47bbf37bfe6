import { bodyText, type CanonicalStory } from '@newswire/contracts';

const SCHEMA_31 = 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json';
const SCHEMA_22 = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json';

/** What the renderer reads of a story (an article projection, routed to a subscriber, has this much). */
export type NinjsStory = Pick<
  CanonicalStory,
  | 'source'
  | 'provider'
  | 'guid'
  | 'version'
  | 'pubStatus'
  | 'firstCreated'
  | 'versionCreated'
  | 'embargoed'
  | 'language'
  | 'headline'
  | 'subheadline'
  | 'byline'
  | 'dateline'
  | 'slug'
  | 'editorNote'
  | 'body'
  | 'subjects'
  | 'urgency'
  | 'rights'
>;

/** The story as IPTC ninjs 3.1 (camelCase), valid against IPTC's schema. */
export function toNinjs31(story: NinjsStory): object {
  return render(story, '3.1', SCHEMA_31);
}

/**
 * The story as IPTC ninjs 2.2. 2.x has the same model with lower-case property names
 * (`versioncreated`, `contenttype`) and `embargoed` for 3.x's `embargoedUntil`.
 */
export function toNinjs22(story: NinjsStory): object {
  const { embargoedUntil, ...rest } = render(story, '2.2', SCHEMA_22);
  return lowerKeys({ ...rest, embargoed: embargoedUntil });
}

function render(story: NinjsStory, version: string, schema: string): Record<string, unknown> {
  const text = (value: string, role: string) => ({ role, contentType: 'text/plain', value });
  return prune({
    uri: uriOf(story),
    standard: { name: 'ninjs', version, schema },
    type: 'text',
    representationType: 'full',
    version: String(story.version),
    firstCreated: story.firstCreated,
    versionCreated: story.versionCreated,
    embargoedUntil: story.embargoed,
    pubStatus: story.pubStatus,
    urgency: story.urgency,
    copyrightHolder: story.rights?.copyrightHolder,
    copyrightNotice: story.rights?.copyrightNotice,
    usageTerms: story.rights?.usageTerms,
    edNote: story.editorNote,
    language: story.language,
    headlines: [text(story.headline, 'main')],
    descriptions: story.subheadline ? [text(story.subheadline, 'summary')] : undefined,
    bodies: [text(bodyText(story), 'main')],
    subjects: story.subjects.length
      ? story.subjects.map((s) => ({ name: s.name, literal: s.code }))
      : undefined,
    by: story.byline,
    slugline: story.slug,
    located: story.dateline?.place,
    infoSources: [{ name: story.provider ?? story.source, role: 'originator' }],
  });
}

/** ninjs wants a URI; a wire id that is not one becomes a `urn:newswire:` name under its source. */
function uriOf(story: NinjsStory): string {
  if (/^(?:https?:\/\/|urn:|tag:)[^\s]+$/i.test(story.guid)) return story.guid;
  return `urn:newswire:${encodeURIComponent(story.source)}:${encodeURIComponent(story.guid)}`;
}

function prune(o: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function lowerKeys(value: unknown): Record<string, unknown> {
  const lower = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(lower)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => x !== undefined)
              .map(([k, x]) => [k.toLowerCase(), lower(x)]),
          )
        : v;
  return lower(value) as Record<string, unknown>;
}
