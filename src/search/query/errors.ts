import { AppError } from '../../errors/app-error';

/**
 * Errors of the query language. Positions are 0-based offsets in Unicode code points (not UTF-16
 * units), so clients in any language can point at the bad token; the lexer works in UTF-16 units
 * and converts only when it fails.
 */
export interface SyntaxProblem {
  /** What went wrong, naming the bad token: "unknown field `tilte`". */
  problem: string;
  /** The token found there, as shown to the user, or "end of query". */
  found: string;
  expected: readonly string[];
  /** A way out, appended in parentheses. */
  hint?: string;
  /** More details for clients (e.g. `openedAt` of an unclosed group). */
  extra?: Record<string, unknown>;
}

export const END_OF_QUERY = 'end of query';

export class QuerySyntaxError extends AppError {
  readonly position: number;

  constructor(text: string, index: number, p: SyntaxProblem) {
    const position = codePointOffset(text, index);
    const hint = p.hint ? ` (${p.hint})` : '';
    const message = `${p.problem} at position ${position}: expected ${orList(p.expected)}${hint}`;
    super('invalid_query', message, {
      position,
      found: p.found,
      expected: [...p.expected],
      ...p.extra,
    });
    this.position = position;
  }
}

export function codePointOffset(text: string, index: number): number {
  let count = 0;
  for (const _ of text.slice(0, index)) count++;
  return count;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export function tooLong(length: number, limit: number): AppError {
  return new AppError(
    'query_too_long',
    `the query is ${length} characters long: the limit is ${limit} characters`,
    { length, limit },
  );
}

export function tooDeep(text: string, index: number, limit: number): AppError {
  const position = codePointOffset(text, index);
  return new AppError(
    'query_too_complex',
    `the query nests groups and NOTs more than ${limit} levels deep at position ${position}`,
    { reason: 'depth', limit, position },
  );
}

export function tooManyTerms(text: string, index: number, limit: number): AppError {
  const position = codePointOffset(text, index);
  return new AppError(
    'query_too_complex',
    `the query has more than ${limit} terms: the term at position ${position} is one too many`,
    { reason: 'terms', limit, position },
  );
}
