import { SaxesParser } from 'saxes';
import type { ErrorCode } from '../../errors/codes';
import { MarcError } from '../errors';
import { DEFAULT_MAX_RECORD_BYTES, type ByteSource, type ReadItem, type ReaderOptions } from '../read-item';
import { MarcRecord } from '../record';
import { MarcXmlHandler, type DraftSink, type MarcXmlParser, type RecordDraft } from './marcxml-builder';
import { PieceDecoder, PieceWindow, sniffCharset, type TextPiece } from './marcxml-source';

/** Input is handed to the XML parser in slices of at most this many bytes (bounds per-step work). */
const SLICE_BYTES = 64 * 1024;
/** The XML declaration, if any, lies within the first bytes up to its `>`. */
const SNIFF_BYTES = 512;
const GT = 0x3e;
const NO_BYTES = new Uint8Array(0);

// saxes keeps parsing after these; the document stays in step, so reading can go on.
const IGNORABLE = [
  'unbound namespace prefix', // `marc:record` cut out of an OAI response without its xmlns
  'documents may contain only one root', // concatenated documents
  'text data outside of root node',
  'an XML declaration must be at the start',
  'expected one of', // the pseudo-attributes of that misplaced declaration
  'expected the name',
  'document must contain a root element', // empty input
];
const RECORD_LEVEL = [
  'undefined entity', // includes entities a DOCTYPE declares: saxes never expands them
  'disallowed character',
  'malformed character entity',
  'empty entity name',
  'duplicate attribute',
];

/**
 * Reads MARCXML (a `<collection>`, a lone `<record>`, prefixed or un-namespaced, records inside
 * OAI-PMH or any other wrapper) as a stream: text goes to saxes slice by slice and records are
 * yielded as each `</record>` closes, so memory follows the largest record, not the file.
 *
 * saxes loads no DTD and expands no entity but the five predefined ones, so DOCTYPE entity bombs
 * and external entities cannot act; a reference to any other entity rejects its record. A record
 * over `maxRecordBytes` or `MAX_FIELDS_PER_RECORD` is rejected; a single token (text, comment,
 * DOCTYPE) over `maxRecordBytes` stops reading, since the parser would have to hold all of it.
 */
export async function* readMarcXml(
  source: ByteSource,
  options: ReaderOptions = {},
): AsyncGenerator<ReadItem> {
  const session = new MarcXmlSession(options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES);
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
      session.write(chunk.subarray(at, at + SLICE_BYTES));
      yield* drain(session.queue, options);
      if (session.stopped) return;
    }
  }
  session.end();
  yield* drain(session.queue, options);
}

function* drain(queue: ReadItem[], options: ReaderOptions): Generator<ReadItem> {
  while (queue.length > 0) {
    const item = queue.shift()!;
    if (!item.ok && options.strict) throw new MarcError(item.code, item.message, item);
    yield item;
  }
}

class MarcXmlSession implements DraftSink {
  readonly queue: ReadItem[] = [];
  private readonly parser: MarcXmlParser = new SaxesParser({ xmlns: true, position: true });
  private readonly handler: MarcXmlHandler;
  private readonly window = new PieceWindow();
  private decoder: PieceDecoder | null = null;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private recordNumber = 0;
  private sawContent = false;

  constructor(private readonly maxRecordBytes: number) {
    this.handler = new MarcXmlHandler(this.parser, this, maxRecordBytes);
    this.parser.on('error', (err) => this.onXmlError(err.message.replace(/^\d+:\d+: /, '')));
  }

  private onXmlError(message: string): void {
    if (this.stopped || IGNORABLE.some((s) => message.startsWith(s))) return;
    if (RECORD_LEVEL.some((s) => message.startsWith(s))) this.handler.reject(`malformed XML: ${message}`);
    // XML cannot be re-synchronised reliably after a structural error (a tag may be lost, so
    // every later element could be misread); report the record in progress and stop.
    else this.handler.fail('marc_bad_xml', `malformed XML: ${message}`);
  }

  get stopped(): boolean {
    return this.handler.stopped;
  }

  write(bytes: Uint8Array): void {
    if (this.decoder) return this.feed(this.decoder.decode(bytes));
    // Hold the first bytes until the XML declaration (and so the charset) can be seen.
    this.head.push(bytes);
    this.headBytes += bytes.length;
    if (this.headBytes >= SNIFF_BYTES || bytes.includes(GT)) this.startDecoding();
  }

  end(): void {
    if (!this.decoder) this.startDecoding();
    if (this.stopped) return;
    this.feed(this.decoder!.decode(NO_BYTES, true));
    // Empty or blank input holds no records and is no error (saxes would call it unexpected end).
    if (!this.stopped && this.sawContent) this.parser.close();
  }

  private startDecoding(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    const charset = sniffCharset(head);
    this.decoder = new PieceDecoder(charset);
    if (charset.kind === 'unsupported') {
      this.handler.fail(
        'marc_bad_xml',
        `unsupported character encoding ${charset.name}; MARCXML must be UTF-8`,
      );
      return;
    }
    this.feed(this.decoder.decode(head));
  }

  private feed(piece: TextPiece | null): void {
    if (!piece || this.stopped) return;
    this.window.push(piece);
    if (!this.sawContent) this.sawContent = /\S/.test(piece.text);
    this.parser.write(piece.text);
    if (this.parser.position - this.handler.lastEventChar > this.maxRecordBytes) {
      this.handler.fail(
        'marc_record_too_large',
        `a text node, comment or tag longer than ${this.maxRecordBytes} bytes`,
      );
    }
    // Keep the record in progress (for its raw bytes) and the tag being opened (for its offset).
    this.window.release(Math.min(this.handler.draftStart ?? Infinity, this.handler.pendingTagChar));
  }

  tagStart(position: number, name: string): { char: number; byte: number } {
    // saxes stands one character past the name (`>`, `/` or white space; CR LF counts two).
    let char = Math.max(0, position - name.length - 2);
    if (this.window.charAt(char) !== '<' && this.window.charAt(char - 1) === '<') char--;
    return { char, byte: this.window.byteAt(char) };
  }

  record(draft: RecordDraft, endChar: number): void {
    const size = this.window.byteAt(endChar) - draft.startByte;
    if (!draft.error && size > this.maxRecordBytes) {
      draft.error = {
        code: 'marc_record_too_large',
        message: `record of ${size} bytes exceeds ${this.maxRecordBytes}`,
      };
      draft.oversized = true;
    }
    this.recordNumber++;
    if (draft.error) {
      const raw = draft.oversized ? NO_BYTES : this.window.bytesBetween(draft.startChar, endChar);
      return this.pushError(draft.error.code, draft.error.message, draft.startByte, raw);
    }
    if (this.window.invalidSince(draft.startChar)) flagReplacementChars(draft);
    const record = new MarcRecord(draft.leader, draft.fields);
    this.queue.push({
      ok: true,
      record,
      recordNumber: this.recordNumber,
      byteOffset: draft.startByte,
      warnings: draft.warnings,
    });
  }

  fatal(draft: RecordDraft | null, code: ErrorCode, message: string, atChar: number): void {
    this.recordNumber++;
    if (!draft) return this.pushError(code, message, this.window.byteAt(atChar), NO_BYTES);
    const keep = !draft.oversized && code !== 'marc_record_too_large';
    const raw = keep ? this.window.bytesBetween(draft.startChar, atChar) : NO_BYTES;
    this.pushError(
      code,
      draft.error ? `${message} (and ${draft.error.message})` : message,
      draft.startByte,
      raw,
    );
  }

  stray(name: string, startByte: number): void {
    this.recordNumber++;
    this.pushError('marc_bad_xml', `<${name}> outside any <record>`, startByte, NO_BYTES);
  }

  private pushError(code: ErrorCode, message: string, byteOffset: number, raw: Uint8Array): void {
    this.queue.push({ ok: false, recordNumber: this.recordNumber, byteOffset, code, message, raw });
  }
}

function flagReplacementChars(draft: RecordDraft): void {
  const hit = draft.fields.some((f) =>
    ('value' in f ? f.value : f.subfields.map((s) => s.value).join('')).includes('\uFFFD'),
  );
  if (hit)
    draft.warnings.push({
      code: 'field_recovered',
      message: 'bytes that are not UTF-8 were replaced by U+FFFD',
    });
}
