import { JSON_SCHEMA, load } from 'js-yaml';
import type { z } from 'zod';

export class NamedListFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NamedListFileError';
  }
}

/**
 * A YAML file (or JSON, which YAML reads too) listing named entries under one key, as the ingest
 * app's feeds file and the router's subscriptions file do, validated by `schema`: a bad entry
 * throws a NamedListFileError naming the entry (by its `id` field, else its index) and the field,
 * and so does a second entry of one name.
 */
export function parseNamedListFile<S extends z.ZodType>(
  text: string,
  o: { schema: S; source: string; list: string; noun: string; id: string },
): z.infer<S> {
  let doc: unknown;
  try {
    // JSON_SCHEMA: no YAML-specific types (dates, custom tags); plain data only.
    doc = load(text, { filename: o.source, schema: JSON_SCHEMA });
  } catch (error) {
    throw new NamedListFileError(`${o.source}: ${(error as Error).message}`);
  }
  const parsed = o.schema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [top, index, ...field] = issue.path;
    if (top === o.list && typeof index === 'number') {
      const raw = (doc as Record<string, Record<string, unknown>[]>)[o.list][index];
      const id = raw?.[o.id];
      const name = typeof id === 'string' ? `'${id}'` : `#${index + 1}`;
      throw new NamedListFileError(
        `${o.source}: ${o.noun} ${name}: ${field.join('.') || o.noun}: ${issue.message}`,
      );
    }
    throw new NamedListFileError(`${o.source}: ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const entry of (parsed.data as Record<string, Record<string, string>[]>)[o.list]) {
    const id = entry[o.id];
    if (seen.has(id))
      throw new NamedListFileError(`${o.source}: ${o.noun} '${id}': ${o.id}: used by two ${o.noun}s`);
    seen.add(id);
  }
  return parsed.data as z.infer<S>;
}
