import { parseNamedListFile, SubscriptionsFile, type Subscription } from '@newswire/contracts';

/**
 * The subscriptions of a subscriptions file (YAML, or JSON, which YAML reads too), validated: a bad
 * one throws a NamedListFileError naming the subscription (by name, else its index) and the field.
 */
export function parseSubscriptionsFile(text: string, source = 'subscriptions file'): Subscription[] {
  return parseNamedListFile(text, {
    schema: SubscriptionsFile,
    source,
    list: 'subscriptions',
    noun: 'subscription',
    id: 'name',
  }).subscriptions;
}
