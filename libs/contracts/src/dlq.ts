/** Why a stage rejected a message. Stable codes: dashboards and redrive filters key on them. */
export const DlqErrorCode = [
  'UNSUPPORTED_FORMAT',
  'MALFORMED',
  'TOO_LARGE',
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
