import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API key secrets: `stk_` + 32 random bytes in base64url (43 characters). The prefix makes a
 * leaked key recognisable to secret scanners and to people reading a config file.
 */
export const KEY_PREFIX = 'stk_';
const SECRET_BYTES = 32;
const SECRET_BODY_LENGTH = 43; // base64url of 32 bytes, unpadded
/** Characters of the secret kept in clear to recognise a key in lists: `stk_` + 8 (48 bits of 256). */
export const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 8;

const SECRET_SHAPE = new RegExp(`^${KEY_PREFIX}[A-Za-z0-9_-]{${SECRET_BODY_LENGTH}}$`);

export function generateSecret(): string {
  return KEY_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

/** Whether a presented string could be one of our keys at all; cheap, so garbage never reaches the database. */
export function looksLikeSecret(value: string): boolean {
  return SECRET_SHAPE.test(value);
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, DISPLAY_PREFIX_LENGTH);
}

/**
 * SHA-256, unsalted and fast, on purpose. Slow KDFs (bcrypt, scrypt, Argon2) exist to make
 * guessing low-entropy human passwords expensive; these secrets carry 256 random bits, so
 * guessing from a stolen hash is already infeasible, and a salt adds nothing when no two
 * secrets are alike. A slow KDF would instead put ~100 ms of CPU on every authenticated request,
 * handing anyone with a garbage key a cheap way to exhaust the server.
 */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * Compares a stored hash with a presented one in constant time. The candidate row is found by
 * its display prefix, which is not secret; what decides acceptance is this comparison, so its
 * timing must not tell an attacker how many leading bytes were right.
 */
export function hashesMatch(stored: Buffer, presented: Buffer): boolean {
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}
