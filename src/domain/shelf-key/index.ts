import { deweyShelfKey } from './dewey.shelf-key';
import { lcShelfKey } from './lc.shelf-key';

export { lcShelfKey, looksLikeLc, LC_KEY_PREFIX } from './lc.shelf-key';
export { deweyShelfKey, looksLikeDewey, DEWEY_KEY_PREFIX } from './dewey.shelf-key';

export type CallNumberScheme = 'lc' | 'dewey';

/** The shelf key of a call number in its scheme; LC keys start "L ", Dewey "D ", so they never interleave. */
export function shelfKey(callNumber: string, scheme: CallNumberScheme): string {
  return scheme === 'lc' ? lcShelfKey(callNumber) : deweyShelfKey(callNumber);
}
