/**
 * Finds where each ISO 2709 record starts and ends in a byte window, trusting the leader's
 * length when the record terminator sits where it says, and the terminators when it lies
 * (character counts instead of byte counts, hand-edited files, concatenation damage).
 * Pure and synchronous: the reader feeds it a window and an end-of-input flag.
 */

export const RECORD_TERMINATOR = 0x1d;
export const FIELD_TERMINATOR = 0x1e;

export type Frame =
  | { type: 'record'; start: number; end: number; note?: string }
  | { type: 'garbage'; start: number; end: number }
  | { type: 'truncated'; start: number; end: number }
  | { type: 'too-large'; start: number; end: number }
  | { type: 'more' }
  | { type: 'done' };

const MIN_RECORD = 25; // a 24-byte leader and a record terminator

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

/** Bytes that separate records in files from real systems and mean nothing. */
export function isFiller(b: number): boolean {
  return b === 0x0a || b === 0x0d || b === 0x20 || b === 0x00 || b === 0x1a;
}

function digitsAt(buf: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const b = buf[i];
    if (!isDigit(b)) return -1;
    v = v * 10 + ((b as number) - 0x30);
  }
  return v;
}

function isLetter(b: number | undefined): boolean {
  return b !== undefined && b >= 0x61 && b <= 0x7a;
}

/**
 * A leader-shaped run: a 5-digit length, status and type letters (leader/05–06), a digit
 * indicator count and a 5-digit base address. Directory bytes are all digits, so the letters
 * keep a directory from passing for a leader.
 */
export function looksLikeLeader(buf: Uint8Array, at: number): boolean {
  return (
    at + 24 <= buf.length &&
    digitsAt(buf, at, 5) >= MIN_RECORD &&
    isLetter(buf[at + 5]) &&
    isLetter(buf[at + 6]) &&
    isDigit(buf[at + 10]) &&
    digitsAt(buf, at + 12, 5) > 24
  );
}

export function nextFrame(buf: Uint8Array, pos: number, eof: boolean, maxBytes: number): Frame {
  let p = pos;
  while (p < buf.length && isFiller(buf[p] as number)) p++;
  if (p >= buf.length) return eof ? { type: 'done' } : { type: 'more' };
  if (buf.length - p < 5 && !eof) return { type: 'more' };

  const declared = digitsAt(buf, p, 5);
  if (declared < 0) return garbageFrom(buf, p, eof, maxBytes);

  const claimedEnd = p + declared;
  if (declared >= MIN_RECORD && claimedEnd <= buf.length) {
    if (buf[claimedEnd - 1] === RECORD_TERMINATOR) return { type: 'record', start: p, end: claimedEnd };
    // Whether the next record starts where the length says can only be told with its leader in
    // the window; deciding earlier would make the framing depend on where the chunks end.
    if (!eof && claimedEnd + 24 > buf.length) return { type: 'more' };
    // The terminator is missing but the next record (or the end) starts where the length says.
    if (claimedEnd === buf.length ? eof : looksLikeLeader(buf, claimedEnd)) {
      return { type: 'record', start: p, end: claimedEnd, note: 'record terminator missing' };
    }
  } else if (declared >= MIN_RECORD && !eof && declared <= maxBytes) {
    return { type: 'more' };
  }
  return byTerminator(buf, p, eof, maxBytes, declared);
}

/** The leader's length lies: the record ends at the next terminator or where the next leader begins. */
function byTerminator(
  buf: Uint8Array,
  start: number,
  eof: boolean,
  maxBytes: number,
  declared: number,
): Frame {
  const limit = Math.min(buf.length, start + maxBytes);
  for (let i = start + 24; i < limit; i++) {
    const b = buf[i];
    if (b === RECORD_TERMINATOR) {
      return {
        type: 'record',
        start,
        end: i + 1,
        note: `leader length ${declared} but the record is ${i + 1 - start} bytes`,
      };
    }
    if (b === FIELD_TERMINATOR && looksLikeLeader(buf, i + 1)) {
      return { type: 'record', start, end: i + 1, note: 'record terminator missing; next record follows' };
    }
  }
  if (limit === start + maxBytes) return skipTooLarge(buf, start, eof, maxBytes);
  if (!eof) return { type: 'more' };
  return { type: 'truncated', start, end: buf.length };
}

function skipTooLarge(buf: Uint8Array, start: number, eof: boolean, maxBytes: number): Frame {
  for (let i = start + maxBytes; i < buf.length; i++) {
    if (buf[i] === RECORD_TERMINATOR) return { type: 'too-large', start, end: i + 1 };
    if (looksLikeLeader(buf, i) && buf[i - 1] === FIELD_TERMINATOR)
      return { type: 'too-large', start, end: i };
  }
  if (!eof) return { type: 'more' };
  return { type: 'too-large', start, end: buf.length };
}

/** Bytes that cannot start a record: skip to the next leader-shaped run or past the next terminator. */
function garbageFrom(buf: Uint8Array, start: number, eof: boolean, maxBytes: number): Frame {
  const limit = Math.min(buf.length, start + maxBytes);
  for (let i = start + 1; i < limit; i++) {
    if (buf[i] === RECORD_TERMINATOR) return { type: 'garbage', start, end: i + 1 };
    if (isDigit(buf[i]) && looksLikeLeader(buf, i)) return { type: 'garbage', start, end: i };
  }
  if (!eof && limit < start + maxBytes) return { type: 'more' };
  return { type: 'garbage', start, end: limit };
}
