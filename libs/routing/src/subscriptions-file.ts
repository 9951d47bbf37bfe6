import { SubscriptionsFile, type Subscription } from '@newswire/contracts';
import { JSON_SCHEMA, load } from 'js-yaml';

export class SubscriptionsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubscriptionsFileError';
  }
}

/**
 * The subscriptions of a subscriptions file (YAML, or JSON, which YAML reads too), validated: a bad
 * one throws a SubscriptionsFileError naming the subscription (by name, else its index) and the field.
 */
export function parseSubscriptionsFile(text: string, source = 'subscriptions file'): Subscription[] {
  let doc: unknown;
  try {
    // JSON_SCHEMA: no YAML-specific types (dates, custom tags); plain data only.
    doc = load(text, { filename: source, schema: JSON_SCHEMA });
  } catch (error) {
    throw new SubscriptionsFileError(`${source}: ${(error as Error).message}`);
  }
  const parsed = SubscriptionsFile.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [top, index, ...field] = issue.path;
    if (top === 'subscriptions' && typeof index === 'number') {
      const raw = (doc as { subscriptions: { name?: unknown }[] }).subscriptions[index];
      const name = typeof raw?.name === 'string' ? `'${raw.name}'` : `#${index + 1}`;
      throw new SubscriptionsFileError(
        `${source}: subscription ${name}: ${field.join('.') || 'subscription'}: ${issue.message}`,
      );
    }
    throw new SubscriptionsFileError(`${source}: ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const s of parsed.data.subscriptions) {
    if (seen.has(s.name))
      throw new SubscriptionsFileError(
        `${source}: subscription '${s.name}': name: used by two subscriptions`,
      );
    seen.add(s.name);
  }
  return parsed.data.subscriptions;
}
