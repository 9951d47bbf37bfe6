import { HEADERS, type ArticleProjection } from '@newswire/contracts';
import type { MessageBus } from '@newswire/kafka';

/** Projections onto a projections topic as the projector writes them: keyed by article, versioned. */
export async function sendProjections(
  bus: MessageBus,
  topic: string,
  projections: ArticleProjection[],
): Promise<void> {
  const producer = await bus.producer();
  try {
    await producer.send(
      projections.map((p) => ({
        topic,
        key: p.articleId,
        value: JSON.stringify(p),
        headers: {
          [HEADERS.projectionVersion]: String(p.version),
          [HEADERS.traceId]: `trace-${p.articleId}`,
        },
      })),
    );
  } finally {
    await producer.close();
  }
}
