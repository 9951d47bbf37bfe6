/** Stable codes: callers (the curator app, the CLI) branch on them, people read the message. */
export type DedupErrorCode =
  'INVALID_CONFIG' | 'UNKNOWN_ARTICLE' | 'SEQUENCE_GAP' | 'BAD_ARTICLE_ID' | 'INDEX_FULL';

export class DedupError extends Error {
  constructor(
    readonly code: DedupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DedupError';
  }
}
