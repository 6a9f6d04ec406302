import { fold } from '../common/fold';

/**
 * Words as the embedded index's tokenizer (FTS5 unicode61) sees them: runs of letters, digits and
 * private-use characters, its default token categories. Folded text arrives here with CJK
 * characters already spaced apart, so each is a word of its own. The engine then only splits on
 * the spaces we put between these words, so both adapters index and query the same words.
 */
const WORD = /[\p{L}\p{N}\p{Co}]+/gu;
/** Folded ASCII is lower case already; this pattern is several times faster on it. */
const ASCII_WORD = /[a-z0-9]+/g;
const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function tokenize(folded: string): string[] {
  return folded.match(ASCII_ONLY.test(folded) ? ASCII_WORD : WORD) ?? [];
}

/** A query value folded and split as indexed text is. */
export function queryWords(value: string): string[] {
  return tokenize(fold(value));
}
