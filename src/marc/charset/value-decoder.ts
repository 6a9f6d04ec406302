import { MAX_REPORTED, decodeMarc8 } from './marc8.decoder';
import type { Charset } from './charset';

// Every character below U+0300 is NFC-stable, so only strings reaching beyond it pay for normalize().
const BEYOND_LATIN = /[^\u0000-\u02ff]/;

/**
 * Turns a byte range of one record into an NFC string. Built once per record around `bytes`,
 * the record's bytes read as Latin-1 (one char per byte, so byte offsets are string offsets):
 * ASCII values are substrings of it, the rest go through one native UTF-8 decode or the MARC-8
 * state machine. One class for every charset keeps the per-value call site monomorphic.
 */
export class ValueDecoder {
  /** Invalid MARC-8 sequences dropped in all values so far. */
  invalid = 0;
  /** Those dropped since the last takeInvalid(), and the bytes of the first MAX_REPORTED. */
  private pending = 0;
  private pendingBytes: string[] = [];

  constructor(
    private readonly buf: Buffer,
    private readonly bytes: string,
    private readonly origin: number,
    private readonly charset: Charset,
    private readonly normalize: boolean,
  ) {}

  decode(s: number, e: number): string {
    switch (this.charset) {
      case 'ascii':
        return this.bytes.substring(s - this.origin, e - this.origin);
      case 'utf8':
        return this.isAscii(s, e)
          ? this.bytes.substring(s - this.origin, e - this.origin)
          : this.nfc(this.buf.toString('utf8', s, e));
      case 'latin1':
        return this.nfc(this.bytes.substring(s - this.origin, e - this.origin));
      case 'marc8':
        return this.marc8(s, e);
    }
  }

  private isAscii(s: number, e: number): boolean {
    const buf = this.buf;
    for (let i = s; i < e; i++) if ((buf[i] as number) > 0x7f) return false;
    return true;
  }

  /** ASCII with no escape and no `&` (which may open a `&#x…;` reference) reads as itself in MARC-8. */
  private isPlainMarc8(s: number, e: number): boolean {
    const buf = this.buf;
    for (let i = s; i < e; i++) {
      const b = buf[i] as number;
      if (b > 0x7f || b === 0x26 || b === 0x1b) return false;
    }
    return true;
  }

  /** The invalid MARC-8 sequences dropped since the last call, for a warning naming their field. */
  takeInvalid(): { count: number; bytes: string[] } | undefined {
    if (this.pending === 0) return undefined;
    const taken = { count: this.pending, bytes: this.pendingBytes };
    this.pending = 0;
    this.pendingBytes = [];
    return taken;
  }

  private marc8(s: number, e: number): string {
    if (this.isPlainMarc8(s, e)) return this.bytes.substring(s - this.origin, e - this.origin);
    const decoded = decodeMarc8(this.buf, s, e);
    if (decoded.invalid > 0) {
      this.invalid += decoded.invalid;
      this.pending += decoded.invalid;
      const room = MAX_REPORTED - this.pendingBytes.length;
      if (room > 0) this.pendingBytes.push(...(decoded.invalidBytes ?? []).slice(0, room));
    }
    return decoded.text;
  }

  private nfc(value: string): string {
    return this.normalize && BEYOND_LATIN.test(value) ? value.normalize('NFC') : value;
  }
}
