import { looksLikeDewey, looksLikeLc, shelfKey } from '../../domain/shelf-key';
import type { BrowseRequest } from '../port';
import { sortKey } from './fold';

/**
 * The anchor filed the way the index files its keys: folded text for headings, the shared shelf
 * key for call numbers (the scheme given, else LC when it looks like LC, Dewey when it looks like
 * Dewey, else LC, whose key files unrecognised text after every LC number).
 */
export function anchorKey(request: BrowseRequest): string {
  if (request.from.trim() === '') return '';
  if (request.index !== 'callnumber') return sortKey(request.from);
  return callNumberKey(request.from, request.scheme);
}

/** A call number's shelf key, the scheme guessed as anchorKey guesses it when not given. */
export function callNumberKey(text: string, scheme?: 'lc' | 'dewey'): string {
  const guess = looksLikeLc(text) || !looksLikeDewey(text) ? 'lc' : 'dewey';
  return shelfKey(text, scheme ?? guess);
}

/**
 * Shelf-key bounds of an inclusive call-number range: keys `>= low` and `< high`, where `high`
 * follows every key that starts with the upper call number's (so `QA99` takes in `QA99 .A1`).
 */
export function callNumberKeyRange(from?: string, to?: string): { low?: string; high?: string } {
  const range: { low?: string; high?: string } = {};
  if (from !== undefined && from.trim() !== '') range.low = callNumberKey(from);
  if (to !== undefined && to.trim() !== '') range.high = `${callNumberKey(to)}\uffff`;
  return range;
}
