import { topicSpecs } from '@newswire/contracts';
import type { MessageBus } from './message-bus.port';

/** Creates the topics of DESIGN.md that are missing, with their partitions and configs. Idempotent. */
export async function bootstrapTopics(
  bus: MessageBus,
  prefix: string,
  partitions: number,
): Promise<string[]> {
  const admin = await bus.admin();
  try {
    return await admin.ensureTopics(topicSpecs(prefix, partitions));
  } catch (error) {
    // Two apps starting together race to create the same topic; the loser sees TOPIC_ALREADY_EXISTS.
    if (/already exists/i.test(String((error as Error).message)))
      return admin.ensureTopics(topicSpecs(prefix, partitions));
    throw error;
  } finally {
    await admin.close();
  }
}
