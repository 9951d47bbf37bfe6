import type { AppConfig } from '@newswire/config';
import { bootstrapTopics, describeDrift, type MessageBus } from '@newswire/kafka';
import type { Logger } from '@newswire/observability';

/**
 * Creates the missing topics and warns of each way an existing one differs from its spec: an app
 * still starts (the operator may mean it), but the difference is in its log, not found later.
 */
export async function ensureTopics(bus: MessageBus, config: AppConfig, logger: Logger): Promise<void> {
  const { created, drift } = await bootstrapTopics(bus, config.kafka);
  if (created.length) logger.info({ created }, 'created topics');
  for (const d of drift) logger.warn({ drift: d }, `topic drift: ${describeDrift(d)}`);
}
