import { topicSpecs } from '@newswire/contracts';
import type { MessageBus } from './message-bus.port';

export interface TopicLayout {
  topicPrefix: string;
  partitions: number;
  /** Generation of the event log in use (`newswire reprocess` writes generation 2, 3, …). */
  eventsGeneration?: number;
}

/** Creates the topics of DESIGN.md that are missing, with their partitions and configs. Idempotent. */
export async function bootstrapTopics(bus: MessageBus, layout: TopicLayout): Promise<string[]> {
  const specs = topicSpecs(layout.topicPrefix, layout.partitions, layout.eventsGeneration ?? 1);
  const admin = await bus.admin();
  try {
    return await admin.ensureTopics(specs);
  } catch (error) {
    // Two apps starting together race to create the same topic; the loser sees TOPIC_ALREADY_EXISTS.
    if (/already exists/i.test(String((error as Error).message))) return admin.ensureTopics(specs);
    throw error;
  } finally {
    await admin.close();
  }
}
