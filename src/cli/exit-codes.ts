import type { ErrorCategory } from '../errors/categories';

/**
 * The command line's exit codes, one table so scripts and docs/errors.md agree. 1 is a finished
 * run that did not load everything (commands set it from their tally, not from an error).
 * Unavailable servers stay 2 as README and docs have promised since the first release: scripts
 * test for it, and a separate "retry later" code would break them.
 */
export const EXIT_CODES = {
  ok: 0,
  notAllLoaded: 1,
  toFix: 2,
  bug: 70,
} as const;

/** Which exit code an AppError of each category ends the command with. */
export const EXIT_CODE_BY_CATEGORY: Record<ErrorCategory, number> = {
  invalid_request: EXIT_CODES.toFix,
  input_data: EXIT_CODES.toFix,
  auth: EXIT_CODES.toFix,
  not_found: EXIT_CODES.toFix,
  conflict: EXIT_CODES.toFix,
  unavailable: EXIT_CODES.toFix,
  system: EXIT_CODES.toFix,
  internal: EXIT_CODES.bug,
};

/** What each exit code means, for docs/errors.md. */
export const EXIT_CODE_MEANINGS: Record<number, string> = {
  [EXIT_CODES.ok]: 'every record of every file was read (or the command did what it was asked)',
  [EXIT_CODES.notAllLoaded]:
    'the run finished, but not all of the input loaded: a record or row was rejected, a file held no MARC record, records stay pending; `shelf-read`: the shelf needs work; `circulation offline`: a line invalid or a conflict not applied; `circulation recover`: an operation not settled',
  [EXIT_CODES.toFix]:
    'a problem to fix before running again: a bad flag or file, bad data, an unreachable server, a bad configuration',
  [EXIT_CODES.bug]: 'a bug in Stacks (a stack trace follows, or an `internal` error code)',
};
