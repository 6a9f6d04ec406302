import { FIELD_TERMINATOR, RECORD_TERMINATOR, isFiller, looksLikeLeader } from './iso2709-framer';

/**
 * How far into the input the first record is looked for. Real leading filler is small: NUL or
 * blank padding, CR/LF, a BOM, tape labels (three 80-byte VOL1/HDR records), a 512-byte header
 * block, a banner line. 4 KiB, one disk block, holds all of these with room to spare, while a
 * text or binary file that merely holds a leader-shaped run deep inside is not taken for MARC,
 * and format detection reads no more than the start of the input.
 */
export const LEADING_FILLER_LIMIT = 4096;

/** Bytes needed to judge a record start: the leader and one directory entry. */
export const RECORD_START_BYTES = 24 + 12;

/** Where the first record starts, or that the window is too short to tell yet. */
export type FirstRecord = { start: number; filler: boolean } | 'more';

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

function isAlphanumeric(b: number | undefined): boolean {
  return b !== undefined && (isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a));
}

/**
 * A leader (see looksLikeLeader) followed by a directory entry (a three-character tag and nine
 * digits) or by the directory's terminator. Stricter than the framer needs between records:
 * bytes are only skipped for a start this plain, so a text dump (`LDR    01269cam…` and a
 * newline) or junk that happens to begin with five digits is not mistaken for a record.
 */
export function looksLikeRecordStart(buf: Uint8Array, at: number): boolean {
  if (at + RECORD_START_BYTES > buf.length || !looksLikeLeader(buf, at)) return false;
  const entry = at + 24;
  if (buf[entry] === FIELD_TERMINATOR) return true;
  for (let i = entry; i < entry + 3; i++) if (!isAlphanumeric(buf[i])) return false;
  for (let i = entry + 3; i < entry + 12; i++) if (!isDigit(buf[i])) return false;
  return true;
}

/**
 * Finds the first record of an input in its first bytes (`buf` starts at byte 0). Blank and NUL
 * padding is passed over as the framer does between records (silently past the bound, as there);
 * other bytes are filler only when a plain record start follows within the first
 * LEADING_FILLER_LIMIT bytes and no record or field terminator comes before it: bytes holding a
 * terminator are a damaged record, which the framer reports as an error item with its raw bytes
 * instead. `filler` says whether bytes were skipped. Decides the same whatever the chunking: it
 * asks for more until the answer cannot change.
 */
export function findFirstRecord(buf: Uint8Array, eof: boolean): FirstRecord {
  let p = 0;
  while (p < buf.length && isFiller(buf[p] as number)) p++;
  // Padding longer than the bound is left to the framer, which skips it without holding it all.
  if (p > LEADING_FILLER_LIMIT) return { start: 0, filler: false };
  if (p >= buf.length) return eof ? { start: p, filler: false } : 'more';
  for (let at = p; at <= LEADING_FILLER_LIMIT; at++) {
    if (at + RECORD_START_BYTES > buf.length) {
      if (!eof) return 'more';
      break;
    }
    if (looksLikeRecordStart(buf, at)) return { start: at, filler: at > 0 };
    const b = buf[at];
    if (b === RECORD_TERMINATOR || b === FIELD_TERMINATOR) break;
  }
  return { start: p, filler: false };
}
