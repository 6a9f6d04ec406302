import { chooseCharset, type Charset, type CharsetOption } from '../charset/charset';
import { hasMarc8Escape } from '../charset/marc8.decoder';
import { ValueDecoder } from '../charset/value-decoder';
import { MarcError, type InputPosition } from '../errors';
import type { Warning } from '../read-item';
import { MarcRecord, type DataField, type Field, type Subfield } from '../record';
import { readDirectory, type Directory } from './iso2709-directory';
import { readLeader } from './iso2709-leader';

export interface Iso2709ParseOptions {
  charset?: CharsetOption;
  /** NFC-normalise values (default). Off only for byte-exact round trips of decomposed UTF-8. */
  normalize?: boolean;
}

export interface ParsedRecord {
  record: MarcRecord;
  warnings: Warning[];
}

// Local copies: a constant imported from another module is a property load in every loop turn.
const RT = 0x1d;
const SD = 0x1f;
const SD_CHAR = '\x1f';

/**
 * Parses one framed ISO 2709 record (bytes [start, end), the terminator included when present).
 * What cannot be read at all throws a MarcError; what can be repaired is, with a warning.
 */
export function parseIso2709Record(
  buf: Buffer,
  start: number,
  end: number,
  position: InputPosition,
  options: Iso2709ParseOptions = {},
): ParsedRecord {
  if (end - start < 24)
    throw new MarcError('marc_truncated', `only ${end - start} bytes, shorter than a leader`, position);
  const warnings: Warning[] = [];
  // One native decode of the whole record; byte offsets are offsets into this string.
  const bytes = buf.toString('latin1', start, end);
  const layout = readLeader(bytes, warnings);
  const dataEnd = buf[end - 1] === RT ? end - 1 : end;
  const dir = readDirectory(buf, bytes, start, dataEnd, layout, warnings, position);
  const choice = chooseCharset(buf.subarray(start + 24, end), buf[start + 9] as number, options.charset);
  if (choice.warning) warnings.push(choice.warning);
  const before = warnings.length;
  const read = (charset: Charset): FieldReader => {
    const decoder = new ValueDecoder(buf, bytes, start, charset, options.normalize ?? true);
    return new FieldReader(buf, bytes, start, layout.indicatorCount, decoder, warnings).all(dir);
  };
  let reader = read(choice.charset);
  const sniffed = (options.charset ?? 'auto') === 'auto';
  if (sniffed && reader.decoder.invalid > 0) {
    const latin1 = latin1Instead(buf, start + 24, end, reader.decoder.invalid);
    if (latin1) {
      // The MARC-8 reading's field warnings go with it: the Latin-1 one has its own, if any.
      warnings.length = before;
      reader = read('latin1');
      warnings.push(latin1);
    }
  }
  return { record: new MarcRecord(layout.leader, reader.fields), warnings };
}

/**
 * Whether a record that failed as MARC-8 is clearly something else, mostly a single-byte set such
 * as Latin-1 with a blank leader/09: it holds no MARC-8 escape sequence (which no single-byte set
 * has) and its invalid MARC-8 sequences are at least as many as its valid non-ASCII characters.
 * A record that is mostly valid MARC-8 stays MARC-8, its bad sequences dropped field by field.
 */
function latin1Instead(buf: Buffer, from: number, end: number, invalid: number): Warning | undefined {
  if (hasMarc8Escape(buf, from, end)) return undefined;
  let high = 0;
  for (let i = from; i < end; i++) if ((buf[i] as number) >= 0x80) high++;
  if (invalid * 2 < high) return undefined;
  return {
    code: 'charset_latin1_assumed',
    message: `no MARC-8 escape, and ${invalid} invalid MARC-8 sequence(s) among ${high} non-ASCII byte(s): the record was read as Latin-1`,
  };
}

class FieldReader {
  fields: Field[] = [];

  constructor(
    private readonly buf: Buffer,
    private readonly bytes: string,
    private readonly origin: number,
    private readonly indicatorCount: number,
    readonly decoder: ValueDecoder,
    private readonly warnings: Warning[],
  ) {}

  all(dir: Directory): this {
    const fields: Field[] = new Array<Field>(dir.tags.length);
    for (let i = 0; i < fields.length; i++) {
      const tag = dir.tags[i]!;
      fields[i] = this.field(tag, dir.starts[i]!, dir.ends[i]!);
      const dropped = this.decoder.takeInvalid();
      if (dropped) this.warnings.push(badMarc8(tag, dropped));
    }
    this.fields = fields;
    return this;
  }

  field(tag: string, start: number, end: number): Field {
    const n = this.indicatorCount;
    const isData =
      tag.charCodeAt(0) !== 0x30 ||
      tag.charCodeAt(1) !== 0x30 ||
      // DanMARC and kin put subfields in 00X fields; the delimiter after the indicators tells.
      (n > 0 && n < 4 && end > start + n && this.buf[start + n] === SD);
    return isData ? this.dataField(tag, start, end) : { tag, value: this.decoder.decode(start, end) };
  }

  private dataField(tag: string, start: number, end: number): DataField {
    const n = this.indicatorCount;
    let p = start;
    let ind1 = ' ';
    let ind2 = ' ';
    if (this.buf[start] === SD && n > 0) {
      this.warnings.push({
        code: 'field_recovered',
        message: `field ${tag} has no indicators; blanks assumed`,
      });
    } else {
      p = Math.min(start + n, end);
      if (n > 0 && start < end) ind1 = indicator(this.buf[start] as number);
      if (n > 1 && start + 1 < end) ind2 = indicator(this.buf[start + 1] as number);
    }
    const field: DataField = { tag, ind1, ind2, subfields: this.subfields(tag, p, end) };
    if (n >= 3) field.ind3 = start + 2 < p ? indicator(this.buf[start + 2] as number) : ' ';
    return field;
  }

  private subfields(tag: string, from: number, end: number): Subfield[] {
    const out: Subfield[] = [];
    const bytes = this.bytes;
    const o = this.origin;
    const last = end - o;
    // String.indexOf on the Latin-1 view is a builtin scan, cheaper than a byte loop.
    let p = bytes.indexOf(SD_CHAR, from - o);
    if (p < 0 || p > last) p = last;
    if (p > from - o) {
      this.warnings.push({
        code: 'field_recovered',
        message: `field ${tag}: "${this.decoder.decode(from, p + o)}" before the first subfield dropped`,
      });
    }
    while (p < last) {
      let q = bytes.indexOf(SD_CHAR, p + 1);
      if (q < 0 || q > last) q = last;
      if (q > p + 1) out.push({ code: bytes[p + 1]!, value: this.decoder.decode(p + 2 + o, q + o) });
      else
        this.warnings.push({
          code: 'subfield_empty_code',
          message: `field ${tag}: empty subfield delimiter skipped`,
        });
      p = q;
    }
    return out;
  }
}

function badMarc8(tag: string, dropped: { count: number; bytes: string[] }): Warning {
  const more = dropped.count > dropped.bytes.length ? ', …' : '';
  return {
    code: 'charset_bad_marc8',
    message: `field ${tag}: ${dropped.count} invalid MARC-8 sequence(s) dropped (${dropped.bytes.join(', ')}${more})`,
  };
}

function indicator(b: number): string {
  return b < 0x20 || b > 0x7e ? ' ' : String.fromCharCode(b);
}
