export type AttributionErrorCode = 'INVALID_REGISTRY' | 'INVALID_LEXICON';

/** A registry or lexicon that does not validate; `message` names the offending field. */
export class AttributionError extends Error {
  constructor(
    readonly code: AttributionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AttributionError';
  }
}
