import { randomUUID } from 'node:crypto';
import { HEADERS, type TopicNames } from '@newswire/contracts';
import type { MessageBus } from '@newswire/kafka';
import { contentTypeOf, readWireFile } from './wire-files';

export interface Published {
  file: string;
  traceId: string;
  source?: string;
}

/**
 * Sends wire files to wire.raw.v1 as raw bytes with their headers. Messages of one feed share a key,
 * so a feed's stories keep their order (a revision after its original); without a source the
 * wire's own provider names it.
 */
export async function publishFiles(
  bus: MessageBus,
  topics: TopicNames,
  files: { file: string; source?: string }[],
): Promise<Published[]> {
  const producer = await bus.producer();
  try {
    const sent = files.map(({ file, source }) => {
      const traceId = randomUUID();
      const contentType = contentTypeOf(file);
      return {
        published: { file, traceId, source },
        message: {
          topic: topics.raw,
          key: source ?? 'cli',
          value: readWireFile(file),
          headers: {
            ...(source ? { [HEADERS.wireSource]: source } : {}),
            [HEADERS.receivedAt]: new Date().toISOString(),
            [HEADERS.traceId]: traceId,
            ...(contentType ? { [HEADERS.contentType]: contentType } : {}),
          },
        },
      };
    });
    await producer.send(sent.map((s) => s.message));
    return sent.map((s) => s.published);
  } finally {
    await producer.close();
  }
}
