import { createHash } from 'node:crypto';
import { OaiError } from './oai-error';

/**
 * Resumption tokens. A token carries everything the next page needs, so the server keeps no
 * state: the list's arguments, the store's change cursor (the position in the change sequence,
 * not an offset, so writes during a harvest shift nothing), how many records came before, and
 * the list's size when it was counted. It is opaque to the client but not a secret: base64url
 * JSON and a checksum, so a garbled or hand-edited token is refused as badResumptionToken rather
 * than read as another request.
 */
export interface ResumptionState {
  /** The list the token continues: ListIdentifiers (`i`) or ListRecords (`r`). */
  list: 'i' | 'r';
  metadataPrefix: string;
  set?: string;
  from?: string;
  until?: string;
  /** The store's change cursor: the next page starts after it. */
  after: string;
  /** Records (and deleted headers) sent before the next page: the `cursor` attribute. */
  sent: number;
  completeListSize?: number;
  /** Seconds since the epoch after which the token is refused (the `expirationDate`). */
  expires: number;
}

/**
 * A day. The change cursor itself never goes stale (it is a position, and writes only add
 * positions after it), so the lifetime is a promise rather than a constraint: long enough for a
 * slow harvest of a large catalog, short enough that a harvester picking up a week-old token
 * starts again with `from` instead.
 */
export const TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

// Not a key: the token is not secret. The salt only keeps the checksum from being a plain SHA-256
// a client could be tempted to recompute by hand.
const SALT = 'stacks-oai-token-1';

export function encodeToken(state: ResumptionState): string {
  const body = Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
  return `${body}.${checksum(body)}`;
}

export function decodeToken(token: string, list: 'i' | 'r', nowSeconds: number): ResumptionState {
  const [body, sum, ...rest] = token.split('.');
  if (!body || !sum || rest.length > 0 || checksum(body) !== sum)
    throw bad('it is not one this repository gave out');
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw bad('it cannot be read');
  }
  if (!isState(state)) throw bad('it cannot be read');
  if (state.list !== list)
    throw bad(`it continues ${state.list === 'i' ? 'ListIdentifiers' : 'ListRecords'}, not this verb`);
  if (state.expires < nowSeconds) throw bad(`it expired at ${new Date(state.expires * 1000).toISOString()}`);
  return state;
}

function checksum(body: string): string {
  return createHash('sha256').update(SALT).update(body).digest('base64url').slice(0, 16);
}

function bad(why: string): OaiError {
  return new OaiError('badResumptionToken', `the resumptionToken is not valid: ${why}; start the list again`);
}

function isState(value: unknown): value is ResumptionState {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  const optionalString = (k: string) => s[k] === undefined || typeof s[k] === 'string';
  const count = (k: string) => Number.isSafeInteger(s[k]) && (s[k] as number) >= 0;
  return (
    (s.list === 'i' || s.list === 'r') &&
    typeof s.metadataPrefix === 'string' &&
    typeof s.after === 'string' &&
    s.after !== '' &&
    ['set', 'from', 'until'].every(optionalString) &&
    count('sent') &&
    count('expires') &&
    (s.completeListSize === undefined || count('completeListSize'))
  );
}
