import { looksLikeDewey, looksLikeLc } from '../shelf-key';
import type { ItemCallNumberScheme } from './item';

/**
 * The scheme a bare call number looks like, for input that does not say (a spreadsheet's empty
 * `scheme` cell, `GET /shelf/position` without `scheme`): LC, then Dewey, else `other`.
 */
export function detectScheme(value: string): ItemCallNumberScheme {
  if (looksLikeLc(value)) return 'lc';
  if (looksLikeDewey(value)) return 'dewey';
  return 'other';
}
