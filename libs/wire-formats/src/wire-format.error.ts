import { StageError, type DlqErrorCode } from '@newswire/contracts';

/** Why a wire input could not become a story; the normalizer turns it into a DLQ record. */
export class WireFormatError extends StageError {
  constructor(code: DlqErrorCode, message: string) {
    super(code, message);
    this.name = 'WireFormatError';
  }
}
