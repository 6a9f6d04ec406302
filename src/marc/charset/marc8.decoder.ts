import { MARC8_CODE_SETS, type Marc8CodeSetSource } from './marc8-tables.generated';

/**
 * MARC-8 → Unicode (NFC), after "MARC 21 Specifications, Character Sets", Parts 2–4: ISO 2022
 * style G0/G1 designation, MARC's own short escapes for Greek symbols, subscripts and
 * superscripts, 3-byte EACC, combining marks moved after their base, `&#xHHHH;` references.
 */
export interface Marc8Decoded {
  text: string;
  /**
   * Byte sequences that are no MARC-8 character, each dropped as yaz-marcdump drops them: a code
   * the designated set lacks (an EACC triple outside LoC's table, ANSEL's A0), a multi-byte
   * character cut short, an ESC that designates nothing, a C0 control under a non-ASCII G0 set.
   */
  invalid: number;
  /** The first MAX_REPORTED of those sequences as hex ("7B 36 39"), when there are any. */
  invalidBytes?: string[];
}

/** Enough sequences for a warning to show what was dropped, without quoting a whole field. */
export const MAX_REPORTED = 8;

const ESC = 0x1b;
const SPACE = 0x20;
const AMPERSAND = 0x26;
const BASIC_LATIN = 0x42;
const ANSEL = 0x45;
const COMBINING = 1 << 24;
const SCALAR = COMBINING - 1;
const UNMAPPED = -1;

/**
 * LoC maps the second halves of the ligature (EC) and double tilde (FB) to nothing: the first
 * half alone becomes the Unicode mark spanning both letters. The table carries their <alt>, the
 * deprecated right-half marks, which only a second half with no first half before it should use.
 */
const LIGATURE = 0x0361;
const DOUBLE_TILDE = 0x0360;
const LIGATURE_RIGHT_HALF = 0xfe21;
const DOUBLE_TILDE_RIGHT_HALF = 0xfe23;

interface CodeSet {
  final: number;
  width: 1 | 3;
  source: Marc8CodeSetSource;
  /** Width 1: scalar | COMBINING by 7-bit position, UNMAPPED where LoC lists nothing. */
  single?: Int32Array;
  /** Width 3: scalar | COMBINING by 24-bit code with the high bits stripped. */
  multi?: Map<number, number>;
}

let codeSets: Map<number, CodeSet> | undefined;
let c1Controls: Int32Array | undefined;

function codeSet(final: number): CodeSet | undefined {
  codeSets ??= new Map(MARC8_CODE_SETS.map((s) => [s.final, { final: s.final, width: s.width, source: s }]));
  return codeSets.get(final);
}

/** Parsed on first use, so start-up never pays for EACC's 15,739 entries unless CJK turns up. */
function singleTable(set: CodeSet): Int32Array {
  if (set.single) return set.single;
  const table = new Int32Array(128).fill(UNMAPPED);
  for (const token of set.source.data.split(' ')) {
    const marc = parseInt(token.slice(0, 2), 16);
    const value = parseInt(token.slice(3), 16) | (token.endsWith('+') ? COMBINING : 0);
    // ANSEL's four C1 controls (0x88…0x8E) are not graphic characters of the set; see c1Table.
    if ((marc & 0x7f) >= SPACE) table[marc & 0x7f] = value;
  }
  set.single = table;
  return table;
}

function multiTable(set: CodeSet): Map<number, number> {
  if (set.multi) return set.multi;
  const map = new Map<number, number>();
  let code = -1;
  let scalar = 0;
  for (const token of set.source.data.split(',')) {
    const colon = token.indexOf(':');
    if (colon >= 0) code += parseInt(token.slice(0, colon), 36);
    code += 1;
    scalar += parseInt(token.slice(colon + 1), 36);
    map.set(code & 0x7f7f7f, scalar | (token.endsWith('+') ? COMBINING : 0));
  }
  set.multi = map;
  return map;
}

function c1Table(): Int32Array {
  if (c1Controls) return c1Controls;
  const table = new Int32Array(32).fill(UNMAPPED);
  for (const token of (codeSet(ANSEL) as CodeSet).source.data.split(' ')) {
    const marc = parseInt(token.slice(0, 2), 16);
    if (marc >= 0x80 && marc < 0xa0) table[marc - 0x80] = parseInt(token.slice(3), 16);
  }
  c1Controls = table;
  return table;
}

/**
 * An escape sequence at `i`, packed as length | g1 << 4 | final << 8; 0 when it is none MARC-8
 * knows. G0: ESC ( F, ESC , F, ESC $ F, ESC $ , F, ESC $ ( F; G1: ESC ) F, ESC - F, ESC $ ) F,
 * ESC $ - F; ANSEL's registered final is "!E" (accepted with or without the "!"); ESC g, ESC b,
 * ESC p and ESC s are MARC's locking shorthands for Greek symbols, subscripts, superscripts, ASCII.
 */
function readEscape(bytes: Uint8Array, i: number, end: number): number {
  const first = i + 1 < end ? (bytes[i + 1] as number) : -1;
  if (first === 0x67 || first === 0x62 || first === 0x70) return 2 | (first << 8);
  if (first === 0x73) return 2 | (BASIC_LATIN << 8);
  let at = i + 2;
  let g1 = first === 0x29 || first === 0x2d;
  const multibyte = first === 0x24;
  if (!multibyte && !g1 && first !== 0x28 && first !== 0x2c) return 0;
  if (multibyte && at < end) {
    const second = bytes[at] as number;
    if (second === 0x29 || second === 0x2d) g1 = true;
    if (g1 || second === 0x28 || second === 0x2c) at++;
  }
  if (!multibyte && at + 1 < end && bytes[at] === 0x21 && bytes[at + 1] === ANSEL) at++;
  if (at >= end) return 0;
  const set = codeSet(bytes[at] as number);
  if (!set || (set.width === 3) !== multibyte) return 0;
  return (at + 1 - i) | (g1 ? 16 : 0) | (set.final << 8);
}

/** True when the range holds at least one MARC-8 escape sequence: UTF-8 and Latin-1 never do. */
export function hasMarc8Escape(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = bytes.indexOf(ESC, start); i >= 0 && i < end; i = bytes.indexOf(ESC, i + 1)) {
    if (readEscape(bytes, i, end) !== 0) return true;
  }
  return false;
}

/** The common case by far: nothing but ASCII and no `&#x`, so the bytes are the text. */
function isPlainAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    if (b >= 0x80 || b === ESC || (b === AMPERSAND && opensReference(bytes, i, end))) return false;
  }
  return true;
}

function opensReference(bytes: Uint8Array, i: number, end: number): boolean {
  return i + 2 < end && bytes[i + 1] === 0x23 && ((bytes[i + 2] as number) | 0x20) === 0x78;
}

/** Output UTF-16 units, reused across calls, and a Buffer view that turns them into a string. */
interface Scratch {
  units: Uint16Array;
  view: Buffer;
}

let scratch = makeScratch(4096);

function makeScratch(size: number): Scratch {
  const units = new Uint16Array(size);
  return { units, view: Buffer.from(units.buffer) };
}

/**
 * Decodes `bytes[start, end)` as one MARC-8 value. The state starts over on every call (ASCII in
 * G0, ANSEL in G1), as every field and subfield does. Every valid character decodes; what is not
 * is dropped and counted (`invalid`, `invalidBytes`), so the caller can warn, and can judge from
 * a whole record's counts whether it is MARC-8 at all (Latin-1 mislabelled, say).
 */
export function decodeMarc8(bytes: Uint8Array, start = 0, end = bytes.length): Marc8Decoded {
  if (isPlainAscii(bytes, start, end)) return { text: latin1(bytes, start, end), invalid: 0 };
  // No input byte yields more than one UTF-16 unit (EACC's astral characters take 3 bytes for 2).
  const needed = end - start + 2;
  if (scratch.units.length < needed) scratch = makeScratch(Math.max(needed, scratch.units.length * 2));
  return new Marc8Run(bytes, end, scratch).decode(start);
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  // Readers hand in Buffers; a Buffer view over any other Uint8Array costs an allocation more.
  if (Buffer.isBuffer(bytes)) return bytes.toString('latin1', start, end);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

class Marc8Run {
  private g0 = codeSet(BASIC_LATIN) as CodeSet;
  private g1 = codeSet(ANSEL) as CodeSet;
  private length = 0;
  private invalid = 0;
  private invalidBytes: string[] | undefined;
  /** Combining marks read but not yet written: MARC-8 puts them before their base, Unicode after. */
  private pending: number[] = [];
  /** First halves of double diacritics still waiting for their second half: 1 ligature, 2 tilde. */
  private openHalves = 0;
  private composable = false;
  private readonly out: Uint16Array;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly end: number,
    private readonly scratch: Scratch,
  ) {
    this.out = scratch.units;
  }

  decode(start: number): Marc8Decoded {
    const bytes = this.bytes;
    let i = start;
    // C0 controls and space mean the same in every set; 0x7F, 0xA0 and 0xFF in none (94-char sets).
    while (i < this.end) {
      const b = bytes[i] as number;
      if (b === ESC) i = this.escape(i);
      // Controls belong to ASCII; under another G0 set (EACC, Cyrillic …) one is stray damage.
      else if (b < SPACE && this.g0.final !== BASIC_LATIN) i = this.reject(i, i + 1);
      else if (b <= SPACE) i = this.base(b, i + 1);
      else if (b === AMPERSAND && this.g0.final === BASIC_LATIN) i = this.reference(i);
      else if (b < 0x7f) i = this.graphic(this.g0, i);
      else if (b >= 0xa1 && b < 0xff) i = this.graphic(this.g1, i);
      else i = this.emit(b >= 0x80 && b < 0xa0 ? (c1Table()[b - 0x80] as number) : UNMAPPED, i, i + 1);
    }
    for (const mark of this.pending) this.push(mark);
    const text = this.scratch.view.toString('utf16le', 0, this.length * 2);
    const decoded: Marc8Decoded = {
      text: this.composable ? text.normalize('NFC') : text,
      invalid: this.invalid,
    };
    if (this.invalidBytes) decoded.invalidBytes = this.invalidBytes;
    return decoded;
  }

  private escape(i: number): number {
    const seq = readEscape(this.bytes, i, this.end);
    if (seq === 0) return this.reject(i, i + 1);
    const set = codeSet(seq >> 8) as CodeSet;
    if (seq & 16) this.g1 = set;
    else this.g0 = set;
    return i + (seq & 15);
  }

  private graphic(set: CodeSet, i: number): number {
    const table = set.width === 1 ? singleTable(set) : undefined;
    if (table) return this.emit(table[(this.bytes[i] as number) & 0x7f] as number, i, i + 1);
    const high = (this.bytes[i] as number) & 0x80;
    let code = 0;
    let n = 0;
    // A character is three bytes from the same half (G0 or G1); a short one is a single error.
    for (; n < 3 && i + n < this.end; n++) {
      const b = this.bytes[i + n] as number;
      if ((b & 0x80) !== high || (b & 0x7f) < SPACE || (b & 0x7f) === 0x7f) break;
      code = (code << 8) | (b & 0x7f);
    }
    if (n < 3) return this.reject(i, i + Math.max(n, 1));
    return this.emit(multiTable(set).get(code) ?? UNMAPPED, i, i + 3);
  }

  /** `&#xHHHH;`, MARC-8's lossless way to carry a character it has no code for. */
  private reference(i: number): number {
    const bytes = this.bytes;
    let j = i + 3;
    let scalar = 0;
    if (opensReference(bytes, i, this.end)) {
      for (let d; j < this.end && j < i + 9 && (d = hexDigit(bytes[j] as number)) >= 0; j++)
        scalar = scalar * 16 + d;
    }
    const valid = j > i + 3 && j < this.end && bytes[j] === 0x3b && scalar <= 0x10ffff;
    if (!valid || (scalar >= 0xd800 && scalar < 0xe000)) return this.base(AMPERSAND, i + 1);
    return this.base(scalar, j + 1);
  }

  /** Writes the character the bytes [at, next) mapped to; bytes that mapped to none are dropped. */
  private emit(value: number, at: number, next: number): number {
    if (value === UNMAPPED) return this.reject(at, next);
    if ((value & COMBINING) === 0) return this.base(value, next);
    this.mark(value & SCALAR);
    return next;
  }

  /** Drops bytes [at, next) that are no character; marks still pending go to the next base. */
  private reject(at: number, next: number): number {
    this.invalid++;
    const reported = (this.invalidBytes ??= []);
    if (reported.length < MAX_REPORTED) reported.push(hex(this.bytes, at, next));
    return next;
  }

  private mark(scalar: number): void {
    const half = doubleMarkBit(scalar);
    if (half !== 0) {
      const isFirst = scalar === LIGATURE || scalar === DOUBLE_TILDE;
      if (!isFirst && this.openHalves & half) {
        this.openHalves &= ~half;
        return;
      }
      if (isFirst) this.openHalves |= half;
    }
    this.pending.push(scalar);
  }

  private base(scalar: number, next: number): number {
    this.push(scalar);
    if (this.pending.length > 0) {
      for (const mark of this.pending) this.push(mark);
      this.pending.length = 0;
    }
    return next;
  }

  private push(scalar: number): void {
    // Everything below U+0300 is NFC-stable on its own; beyond it normalize() has work to do.
    if (scalar >= 0x300) this.composable = true;
    if (scalar < 0x10000) {
      this.out[this.length++] = scalar;
    } else {
      this.out[this.length++] = 0xd800 + ((scalar - 0x10000) >> 10);
      this.out[this.length++] = 0xdc00 + ((scalar - 0x10000) & 0x3ff);
    }
  }
}

function doubleMarkBit(scalar: number): number {
  if (scalar === LIGATURE || scalar === LIGATURE_RIGHT_HALF) return 1;
  return scalar === DOUBLE_TILDE || scalar === DOUBLE_TILDE_RIGHT_HALF ? 2 : 0;
}

function hex(bytes: Uint8Array, start: number, end: number): string {
  const out: string[] = [];
  for (let i = start; i < end; i++)
    out.push((bytes[i] as number).toString(16).toUpperCase().padStart(2, '0'));
  return out.join(' ');
}

function hexDigit(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const lower = b | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}
