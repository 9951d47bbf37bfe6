import { TOPICS } from '@newswire/contracts';

export type TopicNames = { [K in keyof typeof TOPICS]: string };

/** The topic names under a deployment's prefix (e.g. `staging.` for a shared cluster). */
export function topicNames(prefix: string): TopicNames {
  return Object.fromEntries(Object.entries(TOPICS).map(([k, v]) => [k, prefix + v])) as TopicNames;
}
