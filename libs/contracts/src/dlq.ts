import { z } from 'zod';

/** Why a stage rejected a message. Stable codes: dashboards and redrive filters key on them. */
export const DlqErrorCode = [
  'UNSUPPORTED_FORMAT',
  'MALFORMED',
  'TOO_LARGE',
  'TOO_COSTLY',
  'EMPTY_BODY',
  'BAD_ENCODING',
  'INSECURE_XML',
  'SCHEMA_VIOLATION',
  'PROCESSING_FAILED',
] as const;
export type DlqErrorCode = (typeof DlqErrorCode)[number];

/**
 * A failure of the stage, not of its input (a dependency that does not answer): the input is not
 * dead-lettered; its transaction aborts and the input is handled again.
 */
export class RetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

/** A typed failure that a stage turns into a DLQ record. */
export class StageError extends Error {
  constructor(
    readonly code: DlqErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StageError';
  }
}

/**
 * The value on wire.dlq.redrives.v1 (keyed by `origin`): a dead-letter record sent back to its
 * topic. A later redrive skips every record of the same origin unless told `--again`.
 */
export const RedriveRecord = z.object({
  /** `partition:offset` of the dead-letter record first sent back (HEADERS.redriveOf on the copy). */
  origin: z.string().regex(/^\d+:\d+$/),
  /** The dead-letter record the copy was made from (the origin, or a later failure of it). */
  from: z.object({ partition: z.number().int().min(0), offset: z.string().regex(/^\d+$/) }),
  topic: z.string().min(1),
  redrivenAt: z.iso.datetime(),
  again: z.boolean(),
});
export type RedriveRecord = z.infer<typeof RedriveRecord>;
