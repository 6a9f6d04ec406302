import { tooLong } from './errors';

/**
 * Bounds on one query. They keep a hostile or pasted query from costing more than a page of
 * results is worth: the lexer and the adapters' compiled queries grow with length, the parser's
 * recursion with depth, and every backend's work with the number of terms.
 */
export interface QueryLimits {
  /** Characters (code points) of query text. */
  maxLength: number;
  /** Nesting of parenthesised groups, field groups and NOTs. */
  maxDepth: number;
  /** Terms, phrases and year ranges. */
  maxTerms: number;
}

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = Object.freeze({
  maxLength: 1000,
  maxDepth: 20,
  maxTerms: 100,
});

export function resolveLimits(options: Partial<QueryLimits> = {}): QueryLimits {
  return {
    maxLength: options.maxLength ?? DEFAULT_QUERY_LIMITS.maxLength,
    maxDepth: options.maxDepth ?? DEFAULT_QUERY_LIMITS.maxDepth,
    maxTerms: options.maxTerms ?? DEFAULT_QUERY_LIMITS.maxTerms,
  };
}

/** Counts code points, so a query in a non-Latin script gets as many characters as one in ASCII. */
export function checkQueryLength(text: string, maxLength: number): void {
  // Fast path: UTF-16 length is an upper bound on the code point count.
  if (text.length <= maxLength) return;
  let count = 0;
  for (const _ of text) count++;
  if (count > maxLength) throw tooLong(count, maxLength);
}
