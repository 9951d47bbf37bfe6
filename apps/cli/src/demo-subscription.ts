import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stageGroupId, type AppConfig } from '@newswire/config';
import { HEADERS, subscriptionTopic, type TopicNames } from '@newswire/contracts';
import type { MessageBus } from '@newswire/kafka';
import { parseSubscriptionsFile } from '@newswire/routing';
import type { CliIo } from './command';

/** The subscriptions file `newswire start --demo` gives the router when ROUTER_SUBSCRIPTIONS_FILE is unset. */
export const DEMO_SUBSCRIPTIONS = (root: string): string =>
  join(root, 'fixtures', 'demo-subscriptions', 'subscriptions.yaml');

/**
 * What each Kafka subscription of the demo's file received, one line per delivery, once the router
 * has taken in every projection (for up to `ms`); nothing when no router has read any.
 */
export async function printDemoSubscriptions(
  root: string,
  bus: MessageBus,
  config: AppConfig,
  topics: TopicNames,
  io: CliIo,
  ms = 30000,
): Promise<void> {
  const group = stageGroupId(config.kafka, 'router');
  const admin = await bus.admin();
  try {
    const deadline = Date.now() + ms;
    for (;;) {
      const committed = await admin.groupOffsets(group, topics.projections);
      const from: { [partition: number]: string } = {};
      for (const c of committed) if (c.offset !== '-1') from[c.partition] = c.offset;
      const running = Object.keys(from).length > 0;
      if (running && (await bus.readToEnd(topics.projections, () => undefined, { from })) === 0) break;
      // A router that has committed nothing by now is not running (`newswire demo` on its own).
      if (!running && Date.now() > deadline - ms + 5000) return;
      if (Date.now() > deadline) {
        io.err(`the router had not taken in every projection after ${ms / 1000} s: the list may lack some`);
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await admin.close();
  }
  const file = DEMO_SUBSCRIPTIONS(root);
  for (const s of parseSubscriptionsFile(readFileSync(file, 'utf8'), file)) {
    if (s.delivery.kind !== 'kafka') continue;
    const topic = subscriptionTopic(config.kafka.topicPrefix, s.name);
    io.out(`\nWhat the subscription '${s.name}' received on ${topic} (${s.format}):`);
    await bus.readToEnd(topic, (batch) => {
      for (const m of batch) {
        const ninjs = JSON.parse(m.value?.toString('utf8') ?? '{}') as {
          pubStatus?: string;
          headlines?: { value: string }[];
        };
        const headline = ninjs.headlines?.[0]?.value ?? '';
        io.out(
          `  ${String(m.key).padEnd(18)} v${(m.headers[HEADERS.projectionVersion] ?? '').padEnd(3)} ${(m.headers[HEADERS.signal] ?? '').padEnd(10)} ${(ninjs.pubStatus ?? '').padEnd(9)} ${headline.length > 60 ? `${headline.slice(0, 59)}…` : headline}`,
        );
      }
    });
  }
}
