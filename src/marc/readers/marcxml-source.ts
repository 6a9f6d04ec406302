import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

/**
 * Turns input bytes into text for the XML parser while remembering where each piece of text came
 * from, so that character positions (all a SAX parser knows) can be mapped back to byte offsets
 * and to the raw bytes of a rejected record.
 *
 * Each chunk is cut at the last complete UTF-8 sequence and the tail is carried into the next
 * chunk, so every piece of text corresponds exactly to a known byte range. Inside a piece, byte
 * offsets are exact for valid UTF-8; invalid bytes decode to U+FFFD and may shift offsets inside
 * that one piece (the next piece re-synchronises).
 */

export interface TextPiece {
  text: string;
  bytes: Uint8Array;
  charStart: number;
  byteStart: number;
  /** One char per byte (ASCII-only UTF-8, or a single-byte charset): offsets need no counting. */
  simple: boolean;
  /** The bytes were not valid UTF-8 and were decoded with U+FFFD replacements. */
  invalid: boolean;
}

/** Single-byte charsets an XML declaration may name; everything else must be UTF-8. */
const SINGLE_BYTE = new Set([
  'iso-8859-1',
  'iso8859-1',
  'latin1',
  'latin-1',
  'l1',
  'us-ascii',
  'ascii',
  'windows-1252',
  'cp1252',
  'iso-8859-15',
  'latin9',
]);

const DECL_ENCODING = /^(?:\uFEFF)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

export type Charset =
  { kind: 'utf-8' } | { kind: 'single-byte'; decoder: TextDecoder } | { kind: 'unsupported'; name: string };

/**
 * The charset of a document from its first bytes: a UTF-16 byte order mark or the XML
 * declaration's `encoding`. Reads the declaration as Latin-1, which every supported encoding
 * agrees with for the ASCII characters a declaration is made of.
 */
export function sniffCharset(head: Uint8Array): Charset {
  if (head[0] === 0xfe && head[1] === 0xff) return { kind: 'unsupported', name: 'UTF-16BE' };
  if (head[0] === 0xff && head[1] === 0xfe) return { kind: 'unsupported', name: 'UTF-16LE' };
  const decl = DECL_ENCODING.exec(Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1'));
  const declared = decl?.[1];
  if (declared === undefined) return { kind: 'utf-8' };
  const name = declared.toLowerCase();
  if (name === 'utf-8' || name === 'utf8') return { kind: 'utf-8' };
  if (SINGLE_BYTE.has(name))
    return {
      kind: 'single-byte',
      decoder: new TextDecoder(name === 'iso-8859-15' || name === 'latin9' ? 'iso-8859-15' : 'windows-1252'),
    };
  return { kind: 'unsupported', name: declared };
}

/** How many leading bytes end on a UTF-8 sequence boundary (a split character's head is excluded). */
export function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const need = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + need > n ? i : n;
  }
  return n;
}

export class PieceDecoder {
  private carry: Uint8Array | null = null;
  private charPos = 0;
  private bytePos = 0;

  constructor(private readonly charset: Charset) {}

  /** Decodes the next chunk; returns null when it held only part of one character. */
  decode(chunk: Uint8Array, final = false): TextPiece | null {
    let bytes = chunk;
    if (this.carry) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
      this.carry = null;
    }
    if (this.charset.kind === 'utf-8' && !final) {
      const cut = completeUtf8Length(bytes);
      if (cut < bytes.length) {
        this.carry = bytes.slice(cut);
        bytes = bytes.subarray(0, cut);
      }
    }
    if (bytes.length === 0) return null;
    return this.piece(bytes);
  }

  private piece(bytes: Uint8Array): TextPiece {
    let text: string;
    let invalid = false;
    if (this.charset.kind === 'single-byte') {
      text = this.charset.decoder.decode(bytes);
    } else {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      invalid = !isUtf8(buf);
      text = buf.toString('utf8');
    }
    const piece: TextPiece = {
      text,
      bytes,
      charStart: this.charPos,
      byteStart: this.bytePos,
      simple: text.length === bytes.length,
      invalid,
    };
    this.charPos += text.length;
    this.bytePos += bytes.length;
    return piece;
  }
}

/**
 * The recent pieces of text, enough to map the character positions of the record being read (and
 * of the tag just opened) to byte offsets and raw bytes. Pieces before `release`'s mark are dropped,
 * so memory follows the largest record, not the document.
 */
export class PieceWindow {
  private pieces: TextPiece[] = [];
  // A cursor inside one piece: offsets are asked for in increasing order, so counting resumes here.
  private cursorPiece: TextPiece | null = null;
  private cursorChar = 0;
  private cursorByte = 0;

  push(piece: TextPiece): void {
    this.pieces.push(piece);
  }

  /** Drops pieces that end at or before `charPos`, always keeping the newest. */
  release(charPos: number): void {
    let drop = 0;
    while (drop < this.pieces.length - 1 && end(this.pieces[drop]!) <= charPos) drop++;
    if (drop > 0) this.pieces.splice(0, drop);
  }

  charAt(charPos: number): string {
    const p = this.find(charPos);
    return p ? (p.text[charPos - p.charStart] ?? '') : '';
  }

  /** Byte offset of a character position; clamps to the window's edges. */
  byteAt(charPos: number): number {
    const p = this.find(charPos);
    if (!p)
      return this.pieces.length === 0
        ? 0
        : charPos < this.pieces[0]!.charStart
          ? this.pieces[0]!.byteStart
          : endByte(this.last());
    const rel = charPos - p.charStart;
    // saxes may stand past the last character at the end of input (a held CR counts), so clamp.
    if (p.simple) return p.byteStart + Math.min(rel, p.bytes.length);
    if (this.cursorPiece !== p || this.cursorChar > rel) {
      this.cursorPiece = p;
      this.cursorChar = 0;
      this.cursorByte = 0;
    }
    this.cursorByte += Buffer.byteLength(p.text.slice(this.cursorChar, rel), 'utf8');
    this.cursorChar = rel;
    return p.byteStart + Math.min(this.cursorByte, p.bytes.length);
  }

  /** A copy of the input bytes between two character positions. */
  bytesBetween(fromChar: number, toChar: number): Uint8Array {
    const from = this.byteAt(fromChar);
    const to = Math.max(from, this.byteAt(toChar));
    const out = new Uint8Array(to - from);
    for (const p of this.pieces) {
      const s = Math.max(from, p.byteStart);
      const e = Math.min(to, endByte(p));
      if (s < e) out.set(p.bytes.subarray(s - p.byteStart, e - p.byteStart), s - from);
    }
    return out;
  }

  /** Whether any piece from `charPos` on held invalid UTF-8. */
  invalidSince(charPos: number): boolean {
    return this.pieces.some((p) => p.invalid && end(p) > charPos);
  }

  private find(charPos: number): TextPiece | undefined {
    for (let i = this.pieces.length - 1; i >= 0; i--) {
      const p = this.pieces[i]!;
      if (charPos >= p.charStart) return charPos < end(p) || i === this.pieces.length - 1 ? p : undefined;
    }
    return undefined;
  }

  private last(): TextPiece {
    return this.pieces[this.pieces.length - 1]!;
  }
}

function end(p: TextPiece): number {
  return p.charStart + p.text.length;
}

function endByte(p: TextPiece): number {
  return p.byteStart + p.bytes.length;
}
