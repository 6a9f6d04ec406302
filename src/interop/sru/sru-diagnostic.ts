import { AppError } from '../../errors/app-error';
import { CqlError } from '../cql/cql-error';

/**
 * An SRU diagnostic (https://www.loc.gov/standards/sru/diagnostics/diagnosticsList.html): its
 * number in `info:srw/diagnostic/1/`, the details the list asks for, and a message for people.
 * SRU answers them in XML with HTTP 200; they never become problem+json.
 */
export class SruDiagnostic extends Error {
  constructor(
    readonly number: number,
    readonly details: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'SruDiagnostic';
  }

  get uri(): string {
    return `info:srw/diagnostic/1/${this.number}`;
  }
}

export const SRU_DIAGNOSTICS = {
  general: 1,
  unavailable: 2,
  operation: 4,
  version: 5,
  parameterValue: 6,
  missingParameter: 7,
  unsupportedParameter: 8,
  queryTooComplex: 38,
  firstRecordOutOfRange: 61,
  unknownSchema: 66,
  recordPacking: 71,
  xpath: 72,
  stylesheet: 110,
  responsePosition: 120,
} as const;

/**
 * What an error thrown while answering means to an SRU client: CQL's own diagnostic, a search
 * error (a query the index refused) as a query diagnostic, a busy server as 2. Anything else is
 * not the client's doing and goes on to the API's error handler (a logged 500).
 */
export function diagnosticFor(err: unknown): SruDiagnostic | undefined {
  if (err instanceof SruDiagnostic) return err;
  if (err instanceof CqlError) return new SruDiagnostic(err.diagnostic, err.detail, err.message);
  if (!(err instanceof AppError)) return undefined;
  if (err.code === 'query_too_long')
    return new SruDiagnostic(12, String(err.details.limit ?? ''), err.message);
  if (err.code === 'query_too_complex') {
    return new SruDiagnostic(SRU_DIAGNOSTICS.queryTooComplex, String(err.details.limit ?? ''), err.message);
  }
  if (err.status === 503) return new SruDiagnostic(SRU_DIAGNOSTICS.unavailable, undefined, err.message);
  if (err.status === 400) return new SruDiagnostic(10, undefined, err.message);
  return undefined;
}
