import { AppError } from '../errors/app-error';
import type { ErrorCode } from '../errors/codes';

/** Where in the input a problem sits. Record numbers count from 1; byte offsets from 0. */
export interface InputPosition {
  recordNumber: number;
  byteOffset: number;
}

/**
 * The one exception root of the codec layer (pymarc's model): strict readers throw it, permissive
 * readers turn it into an error item and go on.
 */
export class MarcError extends AppError {
  readonly recordNumber: number;
  readonly byteOffset: number;
  /** The message without the position, for reports that carry the position in columns. */
  readonly reason: string;

  constructor(
    code: ErrorCode,
    message: string,
    position: InputPosition,
    details: Record<string, unknown> = {},
  ) {
    super(code, `record ${position.recordNumber} at byte ${position.byteOffset}: ${message}`, {
      ...details,
      recordNumber: position.recordNumber,
      byteOffset: position.byteOffset,
    });
    this.recordNumber = position.recordNumber;
    this.byteOffset = position.byteOffset;
    this.reason = message;
  }
}

export class MarcSpecError extends AppError {
  constructor(spec: string, reason: string) {
    super('marc_bad_spec', `invalid field spec "${spec}": ${reason}`, { spec });
  }
}
