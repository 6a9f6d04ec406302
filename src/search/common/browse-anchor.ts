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
  const guess = looksLikeLc(request.from) || !looksLikeDewey(request.from) ? 'lc' : 'dewey';
  return shelfKey(request.from, request.scheme ?? guess);
}
