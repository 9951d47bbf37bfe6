import { StageError } from '@newswire/contracts';
import type { InMessage } from '@newswire/kafka';

type SafeParser<T> = {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } };
};

/** Validates a JSON message at the edge, where it is read from Kafka; a failure is a typed DLQ reason. */
export function parseMessage<T>(m: InMessage, schema: SafeParser<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(m.value?.toString('utf8') ?? '');
  } catch (error) {
    throw new StageError('MALFORMED', `not JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new StageError('SCHEMA_VIOLATION', parsed.error.message.slice(0, 1000));
  return parsed.data;
}
