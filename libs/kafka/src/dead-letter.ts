import { HEADERS } from '@newswire/contracts';
import type { InMessage, OutMessage } from './message-bus.port';

/**
 * The dead-letter record for a rejected input: its original bytes and headers, unchanged, plus why
 * and where it failed, so that `newswire dlq redrive` can send it back exactly as received.
 */
export function deadLetter(
  input: InMessage,
  dlqTopic: string,
  stage: string,
  code: string,
  message: string,
): OutMessage {
  return {
    topic: dlqTopic,
    key: input.key,
    value: input.value,
    headers: {
      ...input.headers,
      [HEADERS.dlq.code]: code,
      [HEADERS.dlq.message]: message.slice(0, 2000),
      [HEADERS.dlq.stage]: stage,
      [HEADERS.dlq.topic]: input.topic,
      [HEADERS.dlq.partition]: String(input.partition),
      [HEADERS.dlq.offset]: input.offset,
      [HEADERS.dlq.failedAt]: new Date().toISOString(),
    },
  };
}

/** The error code and message of a failure: typed stage errors keep theirs, anything else is a processing failure. */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (
    error &&
    typeof error === 'object' &&
    'code' in error &&
    typeof (error as { code: unknown }).code === 'string'
  ) {
    const e = error as { code: string; message?: string };
    if (/^[A-Z_]+$/.test(e.code)) return { code: e.code, message: e.message ?? e.code };
  }
  return { code: 'PROCESSING_FAILED', message: error instanceof Error ? error.message : String(error) };
}
