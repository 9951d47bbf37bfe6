import { DlqErrorCode, HEADERS } from '@newswire/contracts';
import type { InMessage, OutMessage } from '../message-bus.port';

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

const CODES = new Set<string>(DlqErrorCode);

/**
 * The DLQ code and message of a failure: a typed stage error (StageError, WireFormatError) keeps
 * its code; anything else, a Node error's ECONNRESET included, is a processing failure.
 */
export function describeFailure(error: unknown): { code: DlqErrorCode; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code =
    error && typeof error === 'object' && 'code' in error ? (error as { code: unknown }).code : undefined;
  if (typeof code === 'string' && CODES.has(code)) return { code: code as DlqErrorCode, message };
  return { code: 'PROCESSING_FAILED', message: typeof code === 'string' ? `${code}: ${message}` : message };
}
