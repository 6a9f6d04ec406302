import type { ByteSource } from '../read-item';

/**
 * Cuts a byte stream of JSON records into one slice per top-level object, whatever the layout:
 * one object, a top-level array of objects (however large), or one object per line. Only the
 * current object is buffered (at most maxObjectBytes), so memory stays constant; each slice is
 * decoded and parsed on its own. Structural characters are ASCII and UTF-8 continuation bytes
 * never are, so scanning bytes is safe where a chunk boundary splits a multi-byte character.
 *
 * Damage is contained. Records are assumed to open their lines no deeper than the first one did.
 * An object that never closes is cut at the first line opening like a record, but only once it
 * has failed (input ends, or it outgrows the bound), so oddly indented valid JSON is never split.
 * A raw newline inside a string (invalid, but some writers do it) is let through, unless a line
 * opening like a record follows: then the quote was never closed and the object ends there.
 */
export type JsonPiece = JsonObjectPiece | JsonBadPiece;

export interface JsonObjectPiece {
  kind: 'object';
  /** Valid only until the next piece is requested; copy to keep. */
  bytes: Uint8Array;
  offset: number;
}

export interface JsonBadPiece {
  kind: 'bad';
  /** What was kept of the bytes: at most maxObjectBytes. */
  bytes: Uint8Array;
  offset: number;
  /** The object outgrew maxObjectBytes (otherwise it is malformed or not an object). */
  tooLarge: boolean;
  size: number;
  reason: string;
}

export interface SplitOptions {
  maxObjectBytes: number;
}

type Mode = 'top' | 'object' | 'oversize' | 'junk';

const LF = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(b: number): boolean {
  return b === 0x20 || b === LF || b === 0x0d || b === 0x09;
}

/** A byte buffer that never grows past its limit. */
class BoundedBuffer {
  private data = new Uint8Array(16384);
  length = 0;

  constructor(private readonly limit: number) {}

  append(bytes: Uint8Array): void {
    const take = Math.min(bytes.length, this.limit - this.length);
    if (take <= 0) return;
    if (this.length + take > this.data.length) {
      let capacity = this.data.length * 2;
      while (capacity < this.length + take) capacity *= 2;
      const grown = new Uint8Array(Math.min(capacity, this.limit));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(bytes.subarray(0, take), this.length);
    this.length += take;
  }

  take(): Uint8Array {
    const out = this.data.slice(0, this.length);
    this.length = 0;
    return out;
  }

  /** The buffered bytes followed by `tail`; `tail` itself, uncopied, when nothing is buffered. */
  takeWith(tail: Uint8Array): Uint8Array {
    if (this.length === 0) return tail;
    this.append(tail);
    return this.take();
  }
}

export class JsonSplitter {
  private mode: Mode = 'top';
  private arrayDepth = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private position = 0;
  private lineStart = 0;
  private lineHasContent = false;
  private start = 0;
  /** Column of the record's `{` when it opened its line, else -1. */
  private startColumn = -1;
  /** Where a record may start inside an object that has not closed (-1: none seen). */
  private candidate = -1;
  private candidateColumn = 0;
  /** A raw newline turned up inside a string: invalid JSON, and maybe an unclosed quote. */
  private suspicious = false;
  private readonly buffer: BoundedBuffer;
  private out: JsonPiece[] = [];
  private readonly max: number;

  constructor(options: SplitOptions) {
    this.max = options.maxObjectBytes;
    this.buffer = new BoundedBuffer(this.max);
  }

  /** Scan one chunk; returns the pieces it completed. */
  push(chunk: Uint8Array): JsonPiece[] {
    this.out = [];
    const bom = this.position === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
    if (bom) this.lineStart = 3;
    this.scan(bom ? chunk.subarray(3) : chunk, this.position + (bom ? 3 : 0));
    this.position += chunk.length;
    return this.out;
  }

  /** Flush at the end of input: whatever is open is truncated. */
  end(): JsonPiece[] {
    this.out = [];
    this.finish();
    return this.out;
  }

  private finish(): void {
    if (this.mode === 'top') return;
    if (this.mode === 'object' && this.candidate >= 0) {
      this.replayFromCandidate('object not closed');
      this.finish();
      return;
    }
    const reasons: Record<Mode, string> = {
      top: '',
      object: 'input ended inside this object',
      oversize: 'object too large',
      junk: 'not a JSON object',
    };
    this.out.push(this.bad(this.buffer.take(), reasons[this.mode], this.position - this.start));
    this.mode = 'top';
  }

  private scan(bytes: Uint8Array, base: number): void {
    let segment = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (this.inString && this.lineHasContent && this.mode === 'object' && !this.escaped) {
        i = this.skipStringText(bytes, i, base);
        if (i === bytes.length) break;
      }
      const b = bytes[i] as number;
      const cut = this.step(b, base + i, bytes, segment, i);
      if (cut >= 0) segment = cut;
      if (b === LF) {
        this.lineStart = base + i + 1;
        this.lineHasContent = false;
      } else if (!isSpace(b)) {
        this.lineHasContent = true;
      }
    }
    if (this.mode !== 'top') this.buffer.append(bytes.subarray(segment));
  }

  /**
   * The fast path, where most bytes are: ordinary characters inside a string on a line that has
   * content already. Returns the index of the next byte the state machine must see.
   */
  private skipStringText(bytes: Uint8Array, i: number, base: number): number {
    const limit = Math.min(bytes.length, this.start + this.max - base);
    let j = i;
    while (j < limit) {
      const c = bytes[j] as number;
      if (c === QUOTE || c === BACKSLASH || c === LF) break;
      j++;
    }
    return j;
  }

  /** One byte. Returns the index in `bytes` where the buffered segment now starts, or -1 (unchanged). */
  private step(b: number, at: number, bytes: Uint8Array, segment: number, i: number): number {
    switch (this.mode) {
      case 'top':
        return this.stepTop(b, at, i);
      case 'junk':
        if (b !== OPEN_BRACE && b !== OPEN_BRACKET && !(b === CLOSE_BRACKET && this.arrayDepth > 0))
          return -1;
        this.buffer.append(bytes.subarray(segment, i));
        this.out.push(this.bad(this.buffer.take(), 'not a JSON object', at - this.start));
        this.mode = 'top';
        return this.stepTop(b, at, i);
      case 'object':
        if (at - this.start >= this.max) return this.overflow(b, at, bytes, segment, i);
        return this.stepObject(b, at, bytes, segment, i);
      case 'oversize':
        return this.stepObject(b, at, bytes, segment, i);
    }
  }

  private stepTop(b: number, at: number, i: number): number {
    if (isSpace(b) || b === COMMA) return -1;
    // A byte-order mark that arrived split across the first chunks.
    if (at < 3 && b === [0xef, 0xbb, 0xbf][at]) return -1;
    if (b === OPEN_BRACKET || (b === CLOSE_BRACKET && this.arrayDepth > 0)) {
      this.arrayDepth += b === OPEN_BRACKET ? 1 : -1;
      return -1;
    }
    if (b === OPEN_BRACE) {
      this.openObject(at);
    } else {
      this.mode = 'junk';
      this.start = at;
    }
    return i;
  }

  private openObject(at: number): void {
    this.mode = 'object';
    this.depth = 1;
    this.inString = false;
    this.escaped = false;
    this.start = at;
    this.startColumn = this.lineHasContent ? -1 : at - this.lineStart;
    this.candidate = -1;
    this.suspicious = false;
  }

  /** A `{` opening its line no deeper than the record's did (column 0 if the record began mid-line). */
  private atRecordIndent(b: number, at: number): boolean {
    if (b !== OPEN_BRACE || this.lineHasContent) return false;
    return at - this.lineStart <= Math.max(this.startColumn, 0);
  }

  private stepObject(b: number, at: number, bytes: Uint8Array, segment: number, i: number): number {
    if (this.suspicious && this.mode === 'object' && this.atRecordIndent(b, at)) {
      // After a raw newline in a string, a line opening like a record means the quote never closed.
      this.buffer.append(bytes.subarray(segment, i));
      this.out.push(this.bad(this.buffer.take(), 'unterminated string', at - this.start));
      this.openObject(at);
      return i;
    }
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) this.inString = false;
      else if (b === LF) this.suspicious = true;
      return -1;
    }
    if (b === QUOTE) {
      this.inString = true;
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (this.candidate < 0 && this.mode === 'object' && this.atRecordIndent(b, at)) {
        this.candidate = at;
        this.candidateColumn = at - this.lineStart;
      }
      this.depth++;
    } else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && --this.depth === 0) {
      const whole = this.buffer.takeWith(bytes.subarray(segment, i + 1));
      const size = at + 1 - this.start;
      const oversize = this.mode === 'oversize';
      this.out.push(
        oversize ? this.bad(whole, '', size) : { kind: 'object', bytes: whole, offset: this.start },
      );
      this.mode = 'top';
      return i + 1;
    }
    return -1;
  }

  /** The object reached the size bound at `at`: cut it at a candidate record start, or skip it. */
  private overflow(b: number, at: number, bytes: Uint8Array, segment: number, i: number): number {
    this.buffer.append(bytes.subarray(segment, i));
    if (this.candidate < 0) {
      this.mode = 'oversize';
      const closed = this.stepObject(b, at, bytes, i, i);
      return closed >= 0 ? closed : i;
    }
    this.replayFromCandidate('object not closed');
    const cut = this.step(b, at, bytes, i, i);
    return cut >= 0 ? cut : i;
  }

  /** Reject the bytes before the candidate, then scan the buffered rest again as fresh input. */
  private replayFromCandidate(reason: string): void {
    const kept = this.buffer.take();
    const cut = this.candidate - this.start;
    this.out.push(this.bad(kept.subarray(0, cut), reason, cut));
    const from = this.candidate;
    this.mode = 'top';
    this.lineStart = from - this.candidateColumn;
    this.lineHasContent = false;
    this.scan(kept.subarray(cut), from);
  }

  private bad(bytes: Uint8Array, reason: string, size: number): JsonBadPiece {
    const tooLarge = size > this.max;
    return {
      kind: 'bad',
      bytes,
      offset: this.start,
      tooLarge,
      size,
      reason: tooLarge ? 'object too large' : reason,
    };
  }
}

/** JsonSplitter over an async byte source. */
export async function* splitJsonObjects(
  source: ByteSource,
  options: SplitOptions,
): AsyncGenerator<JsonPiece> {
  const splitter = new JsonSplitter(options);
  for await (const chunk of source) yield* splitter.push(chunk);
  yield* splitter.end();
}
