import { AppError } from '../../errors/app-error';

/**
 * A CQL query we cannot answer, carrying the SRU diagnostic that says why (the SRU diagnostic
 * list, `info:srw/diagnostic/1/N`): 10 syntax, 16 unknown index, 19 relation, 28 masking … The SRU
 * layer answers it as that diagnostic; anything else that meets it sees an `invalid_query` error.
 */
export class CqlError extends AppError {
  readonly diagnostic: number;
  /** The diagnostic's details field: what the list says to name (an index, a relation, a position). */
  readonly detail: string;

  constructor(diagnostic: number, detail: string, message: string) {
    super('invalid_query', message, { diagnostic, detail });
    this.diagnostic = diagnostic;
    this.detail = detail;
  }
}

/** The diagnostics CQL raises, by name, so code reads as what went wrong. */
export const CQL_DIAGNOSTICS = {
  syntax: 10,
  tooLong: 12,
  parentheses: 13,
  quotes: 14,
  contextSet: 15,
  index: 16,
  relation: 19,
  relationModifier: 20,
  relationAndIndex: 22,
  relationAndTerm: 24,
  emptyTerm: 27,
  masking: 28,
  maskedTooShort: 29,
  anchoring: 31,
  anchoringPosition: 32,
  termFormat: 36,
  boolean: 37,
  tooManyBooleans: 38,
  proximity: 39,
  booleanModifier: 46,
} as const;
