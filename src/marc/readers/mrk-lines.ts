/**
 * Line handling for the MRK reader: chunks to lines with exact byte offsets, a record's bytes to
 * text lines, and the kind of a line judged from its first bytes (before any decoding).
 */

export interface Line {
  /** The line's bytes with its terminator; cut at the record bound if longer. */
  raw: Uint8Array;
  offset: number;
  size: number;
}

const LF = 0x0a;

/** Cuts chunks into lines (terminators kept), holding at most `max` bytes of an unfinished one. */
export class LineSplitter {
  private parts: Uint8Array[] = [];
  private kept = 0;
  private size = 0;
  private offset = 0;

  constructor(private readonly max: number) {}

  push(chunk: Uint8Array): Line[] {
    const lines: Line[] = [];
    let from = 0;
    for (let nl = chunk.indexOf(LF); nl >= 0; nl = chunk.indexOf(LF, from)) {
      const piece = chunk.subarray(from, nl + 1);
      const raw = this.parts.length === 0 ? piece : this.joined(piece);
      lines.push({ raw, offset: this.offset, size: this.size + piece.length });
      this.offset += this.size + piece.length;
      this.parts = [];
      this.kept = this.size = 0;
      from = nl + 1;
    }
    const rest = chunk.subarray(from, from + Math.max(0, this.max - this.kept));
    if (rest.length > 0) this.parts.push(rest.slice());
    this.kept += rest.length;
    this.size += chunk.length - from;
    return lines;
  }

  end(): Line[] {
    return this.size > 0
      ? [{ raw: this.joined(new Uint8Array(0)), offset: this.offset, size: this.size }]
      : [];
  }

  private joined(tail: Uint8Array): Uint8Array {
    return Buffer.concat([...this.parts, tail.subarray(0, Math.max(0, this.max - this.kept))]);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The record's lines as text, without terminators or a BOM; Latin-1 where not valid UTF-8. */
export function recordLines(bytes: Uint8Array, atStart: boolean, onLatin1: () => void): string[] {
  const from = atStart && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let text: string;
  try {
    text = utf8.decode(bytes.subarray(from));
  } catch {
    onLatin1();
    text = Buffer.from(bytes.subarray(from)).toString('latin1');
  }
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

export type LineKind = 'blank' | 'comment' | 'leader' | 'other';

export function classify(line: Line): LineKind {
  const raw = line.raw;
  let i = line.offset === 0 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
  const first = i;
  while (i < raw.length && (raw[i] === 0x20 || raw[i] === 0x09 || raw[i] === 0x0d || raw[i] === LF)) i++;
  if (i === raw.length) return 'blank';
  if (raw[i] === 0x23) return 'comment';
  if (i !== first || raw[i] !== 0x3d) return 'other';
  const tag = ((raw[i + 1] ?? 0) << 16) | ((raw[i + 2] ?? 0) << 8) | (raw[i + 3] ?? 0);
  // `=LDR` in either case, or MARCMaker's `=000`.
  return (tag | 0x202020) === 0x6c6472 || tag === 0x303030 ? 'leader' : 'other';
}
