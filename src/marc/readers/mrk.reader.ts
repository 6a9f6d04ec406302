import type { ErrorCode } from '../../errors/codes';
import { decodeMnemonics, lookupMnemonic } from '../charset/mnemonics';
import { MarcError } from '../errors';
import {
  DEFAULT_MAX_RECORD_BYTES,
  type ByteSource,
  type ReadItem,
  type ReaderOptions,
  type Warning,
  type WarningCode,
} from '../read-item';
import { BLANK_LEADER, MarcRecord, isControlTag, type DataField, type Field, type Subfield } from '../record';
import { LineSplitter, classify, recordLines, type Line } from './mrk-lines';

/**
 * MARC mnemonic text: LoC MARCMaker/MARCBreaker `.mrk` and MarcEdit `.mrk`/`.mrk8`.
 *
 *   =LDR  00000nam\\2200000\a\4500
 *   =008  960221s1955\\\\dcu…
 *   =245  10$aTitle :$bsubtitle {dollar}5 /$cby Jos{acute}e.
 *
 * Records are separated by blank lines (a new `=LDR` also starts one); `\` is a blank in the leader,
 * control fields and indicators; `$` delimits subfields; `{name}` mnemonics are expanded. Lines not
 * starting with `=` continue the previous field (MARCMaker's wrapped lines), `#` lines are MarcEdit
 * comments. Text is UTF-8, or Latin-1 where it is not valid UTF-8. Only one record's lines are held.
 */

class MrkFormatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

class RecordParser {
  readonly warnings: Warning[] = [];
  private leader = BLANK_LEADER;
  private references = false;
  private indicatorCount = 2;

  warn(code: WarningCode, message: string): void {
    if (!this.warnings.some((w) => w.message === message)) this.warnings.push({ code, message });
  }

  parse(texts: string[]): MarcRecord {
    const logical = joinContinuations(texts);
    const first = logical[0];
    if (first === undefined || !isLeaderLine(first)) throw new MrkFormatError('marc_bad_mrk', 'no =LDR line');
    this.setLeader(splitTagLine(first).content);
    const fields = logical.slice(1).map((line) => this.field(line));
    return new MarcRecord(this.leader, fields);
  }

  private setLeader(content: string): void {
    const leader = content.replace(/\\/g, ' ');
    if (leader.length === 24) this.leader = leader;
    else {
      this.leader = leader.length > 24 ? leader.slice(0, 24) : leader + BLANK_LEADER.slice(leader.length);
      this.warn('leader_repaired', `leader of ${leader.length} characters made 24: "${this.leader}"`);
    }
    // A MARC-8 record's text may carry `&#xHHHH;` for characters MARC-8 lacks; Unicode text never.
    this.references = this.leader[9] !== 'a';
    this.indicatorCount = this.leader[10] === '3' ? 3 : 2;
  }

  private field(line: string): Field {
    const { tag, content } = splitTagLine(line);
    // DanMARC and kin put subfields in 00X fields: a `$` right after the indicators tells.
    const data = isControlTag(tag)
      ? content[this.indicatorCount] === '$'
      : /^\d{3}$/.test(tag) || this.looksLikeData(content);
    if (!data) {
      return { tag, value: this.decode(content.replace(/\\/g, ' '), tag) };
    }
    return this.dataField(tag, content);
  }

  private looksLikeData(content: string): boolean {
    return (
      content.length === this.indicatorCount || content[this.indicatorCount] === '$' || content[0] === '$'
    );
  }

  private dataField(tag: string, content: string): DataField {
    const n = this.indicatorCount;
    let rest = content.slice(n);
    let inds = content.slice(0, n).replace(/\\/g, ' ');
    if (content.startsWith('$')) {
      this.warn('field_recovered', `field ${tag}: no indicators; blanks assumed`);
      rest = content;
      inds = '';
    } else if (rest !== '' && !rest.startsWith('$')) {
      throw new MrkFormatError(
        'marc_bad_mrk',
        `field ${tag}: "${clip(content)}" has no "$" after the indicators`,
      );
    } else if (inds.length < n) {
      this.warn('field_recovered', `field ${tag}: ${inds.length} indicator(s); blanks assumed for the rest`);
    }
    inds = inds.padEnd(n, ' ');
    const field: DataField = {
      tag,
      ind1: inds[0] as string,
      ind2: inds[1] as string,
      subfields: this.subfields(tag, rest),
    };
    if (n === 3) field.ind3 = inds[2] as string;
    return field;
  }

  private subfields(tag: string, rest: string): Subfield[] {
    const out: Subfield[] = [];
    for (let at = rest.indexOf('$'); at >= 0;) {
      const next = rest.indexOf('$', at + 1);
      const chunk = rest.slice(at + 1, next < 0 ? rest.length : next);
      at = next;
      if (chunk === '') {
        this.warn('subfield_empty_code', `field ${tag}: "$" with no subfield code`);
        continue;
      }
      const { code, value } = splitCode(chunk);
      out.push({ code, value: this.decode(value, tag) });
    }
    return out;
  }

  private decode(text: string, tag: string): string {
    const decoded = decodeMnemonics(text, { references: this.references });
    for (const name of decoded.unknown)
      this.warn('mnemonic_unknown', `field ${tag}: unknown mnemonic {${name}} kept as text`);
    if (decoded.invalid > 0)
      this.warn('charset_bad_marc8', `field ${tag}: ${decoded.invalid} unmappable MARC-8 sequence(s)`);
    return decoded.text;
  }
}

/** `=TAG  content`: two spaces after the tag as written, one accepted. */
function splitTagLine(line: string): { tag: string; content: string } {
  const tag = line.slice(1, 4);
  if (!/^[0-9A-Za-z]{3}$/.test(tag)) throw new MrkFormatError('marc_bad_mrk', `bad tag line "${clip(line)}"`);
  if (line.startsWith('  ', 4) || line.length === 4) return { tag, content: line.slice(6) };
  if (line[4] === ' ') return { tag, content: line.slice(5) };
  throw new MrkFormatError('marc_bad_mrk', `bad tag line "${clip(line)}": no space after the tag`);
}

/** A subfield code is one character, or a mnemonic for one (`${dollar}` is code `$`). */
function splitCode(chunk: string): Subfield {
  const first = chunk.charCodeAt(0);
  if (first !== 0x7b && (first < 0xd800 || first > 0xdbff))
    return { code: chunk[0] as string, value: chunk.slice(1) };
  const close = chunk.startsWith('{') ? chunk.indexOf('}') : -1;
  const named = close > 0 ? lookupMnemonic(chunk.slice(1, close)) : undefined;
  if (named && [...named.text].length === 1) return { code: named.text, value: chunk.slice(close + 1) };
  const code = String.fromCodePoint(chunk.codePointAt(0) as number);
  return { code, value: chunk.slice(code.length) };
}

function isLeaderLine(text: string): boolean {
  const tag = text.slice(0, 4).toUpperCase();
  return tag === '=LDR' || tag === '=000';
}

/** MARCMaker wraps long fields: a line not starting with `=` continues the one before. */
function joinContinuations(texts: string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    if (text.startsWith('=')) out.push(text);
    else if (out.length === 0)
      throw new MrkFormatError('marc_bad_mrk', `"${clip(text)}" before any =LDR line`);
    else out[out.length - 1] += text;
  }
  return out;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

interface PendingRecord {
  offset: number;
  lines: Line[];
  size: number;
  /** Lines that carry fields (comments do not). */
  fieldLines: number;
}

function toItem(pending: PendingRecord, recordNumber: number, max: number): ReadItem {
  const base = { recordNumber, byteOffset: pending.offset };
  const raw = Buffer.concat(pending.lines.map((l) => l.raw));
  if (pending.size > max) {
    const message = `record of ${pending.size} bytes exceeds ${max}`;
    return { ok: false, ...base, code: 'marc_record_too_large', message, raw };
  }
  const parser = new RecordParser();
  const latin1 = () => parser.warn('charset_latin1_assumed', 'text is not valid UTF-8; read as Latin-1');
  const texts = recordLines(raw, pending.offset === 0, latin1).filter(
    (t) => !t.startsWith('#') && t.trim() !== '',
  );
  try {
    const record = parser.parse(texts);
    return { ok: true, ...base, record, warnings: parser.warnings };
  } catch (err) {
    if (!(err instanceof MrkFormatError)) throw err;
    return { ok: false, ...base, code: err.code, message: err.message, raw };
  }
}

/** Gathers lines into records: a blank line, or a new =LDR after fields, ends one. */
class RecordAssembler {
  private pending: PendingRecord | undefined;
  private recordNumber = 0;

  constructor(private readonly maxRecordBytes: number) {}

  line(line: Line, out: ReadItem[]): void {
    const kind = classify(line);
    if (kind === 'blank' || (kind === 'leader' && this.pending && this.pending.fieldLines > 0)) {
      this.flush(out);
      if (kind === 'blank') return;
    }
    if (kind === 'comment' && !this.pending) return;
    const pending = (this.pending ??= { offset: line.offset, lines: [], size: 0, fieldLines: 0 });
    if (pending.size + line.size <= this.maxRecordBytes) pending.lines.push(line);
    pending.size += line.size;
    if (kind !== 'comment') pending.fieldLines++;
  }

  flush(out: ReadItem[]): void {
    const done = this.pending;
    this.pending = undefined;
    if (!done || done.fieldLines === 0) return;
    out.push(toItem(done, ++this.recordNumber, this.maxRecordBytes));
  }
}

/**
 * Read MARC mnemonic text. A damaged record (no `=LDR`, a bad tag line, too large) becomes an
 * error item at the offset of its first line (or, with options.strict, a thrown MarcError) and
 * reading goes on at the next record.
 */
export async function* readMrk(source: ByteSource, options: ReaderOptions = {}): AsyncGenerator<ReadItem> {
  const max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const lines = new LineSplitter(max);
  const records = new RecordAssembler(max);
  const out: ReadItem[] = [];
  const emit = function* (): Generator<ReadItem> {
    for (const item of out.splice(0)) {
      if (!item.ok && options.strict) throw new MarcError(item.code, item.message, item);
      yield item;
    }
  };
  for await (const chunk of source) {
    for (const line of lines.push(chunk)) records.line(line, out);
    yield* emit();
  }
  for (const line of lines.end()) records.line(line, out);
  records.flush(out);
  yield* emit();
}
