import type { SaxesParser, SaxesTagNS } from 'saxes';
import type { ErrorCode } from '../../errors/codes';
import type { Warning, WarningCode } from '../read-item';
import { BLANK_LEADER, padNumericTag, type DataField, type Field } from '../record';

export const MARCXML_NAMESPACES: ReadonlySet<string> = new Set([
  'http://www.loc.gov/MARC21/slim',
  // MarcXchange (ISO 25577) uses the same element names.
  'info:lc/xmlns/marcxchange-v1',
  'info:lc/xmlns/marcxchange-v2',
]);

/** ISO 2709 cannot hold more (12-byte directory entries in 99,999 bytes); XML gets some slack. */
export const MAX_FIELDS_PER_RECORD = 20_000;

export type MarcXmlParser = SaxesParser<{ xmlns: true; position: true }>;

/** A record being read, in character positions; the reader maps them to bytes. */
export interface RecordDraft {
  startChar: number;
  startByte: number;
  leader: string | undefined;
  fields: Field[];
  warnings: Warning[];
  error: { code: ErrorCode; message: string } | undefined;
  /** Too large to keep its raw bytes for a rejects file. */
  oversized: boolean;
}

export interface DraftSink {
  /** Where the `<` of the start tag whose name ended just before `position` is. */
  tagStart(position: number, name: string): { char: number; byte: number };
  record(draft: RecordDraft, endChar: number): void;
  /** A well-formedness error: the draft in progress (if any) is reported and reading stops. */
  fatal(draft: RecordDraft | null, code: ErrorCode, message: string, atChar: number): void;
  /** MARC field elements found outside any record. */
  stray(name: string, startByte: number): void;
}

// Element frames: what each open element is, so that its close tag knows what to finish.
const WRAPPER = 0;
const RECORD = 1;
const CANDIDATE = 2; // an un-namespaced <record> not yet known to be MARC
const LEADER = 3;
const CONTROL = 4;
const DATA = 5;
const SUBFIELD = 6;
const IGNORED = 7;

const MARC_FIELD_NAMES = new Set(['leader', 'controlfield', 'datafield']);
const NEEDS_NFC = /[^\u0000-\u02ff]/; // nothing below U+0300 changes under NFC

/**
 * Turns saxes events into record drafts. A MARC record is a `record` element in the MARCXML
 * namespace, or an un-namespaced `record` whose first child element is a leader, controlfield or
 * datafield (an OAI-PMH `record` starts with `header`, so it is taken as a wrapper and searched).
 */
export class MarcXmlHandler {
  lastEventChar = 0;
  stopped = false;
  private readonly stack: number[] = [];
  private draft: RecordDraft | null = null;
  private text = '';
  private field: DataField | null = null;
  private fieldTag = '';
  private code = '';
  private openChar = 0;
  private openName = '';
  private strayDepth = -1;

  constructor(
    private readonly parser: MarcXmlParser,
    private readonly sink: DraftSink,
    private readonly maxRecordChars: number,
  ) {
    parser.on('opentagstart', (tag) => {
      this.openChar = parser.position;
      this.openName = tag.name;
    });
    parser.on('opentag', (tag) => this.open(tag));
    parser.on('closetag', () => this.close());
    parser.on('text', (t) => this.onText(t));
    parser.on('cdata', (t) => this.onText(t));
  }

  /** Stops reading, reporting the record in progress. */
  fail(code: ErrorCode, message: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.sink.fatal(this.draft, code, message, this.parser.position);
    this.draft = null;
  }

  /** Where the text to keep for the record in progress starts (none when it is too large to keep). */
  get draftStart(): number | undefined {
    return this.draft && !this.draft.oversized ? this.draft.startChar : undefined;
  }

  /** A little before the `<` of the tag last opened (CR LF after its name takes two characters). */
  get pendingTagChar(): number {
    return this.openChar - this.openName.length - 4;
  }

  private open(tag: SaxesTagNS): void {
    if (this.stopped) return;
    this.lastEventChar = this.parser.position;
    // saxes reports an unbound prefix as its own URI; treat the element as un-namespaced.
    const uri = tag.prefix !== '' && tag.uri === tag.prefix ? '' : tag.uri;
    const top = this.stack.length === 0 ? WRAPPER : this.stack[this.stack.length - 1]!;
    if (this.draft && this.parser.position - this.draft.startChar > this.maxRecordChars) this.tooLarge();
    switch (top) {
      case WRAPPER:
        return this.openInWrapper(tag, uri);
      case RECORD:
      case CANDIDATE:
        return this.openInRecord(tag, uri, top === CANDIDATE);
      case DATA:
        if (isMarcNs(uri) && tag.local === 'subfield') return this.openSubfield(tag);
        return this.openUnexpected(tag, uri);
      case IGNORED:
        this.stack.push(IGNORED);
        return;
      default:
        return this.openUnexpected(tag, uri);
    }
  }

  private openInWrapper(tag: SaxesTagNS, uri: string): void {
    if (tag.local === 'record' && (uri === '' || MARCXML_NAMESPACES.has(uri))) {
      this.startDraft();
      this.stack.push(uri === '' ? CANDIDATE : RECORD);
      return;
    }
    if (isMarcNs(uri) && MARC_FIELD_NAMES.has(tag.local)) {
      // One report per run of stray fields, not one per field.
      if (this.strayDepth < 0)
        this.sink.stray(tag.name, this.sink.tagStart(this.openChar, this.openName).byte);
      this.strayDepth = this.stack.length;
      this.stack.push(IGNORED);
      return;
    }
    this.stack.push(WRAPPER);
  }

  private openInRecord(tag: SaxesTagNS, uri: string, candidate: boolean): void {
    const marc = isMarcNs(uri) && MARC_FIELD_NAMES.has(tag.local);
    if (candidate) {
      if (!marc) {
        this.draft = null;
        this.stack[this.stack.length - 1] = WRAPPER;
        return this.openInWrapper(tag, uri);
      }
      this.stack[this.stack.length - 1] = RECORD;
    }
    if (!marc) return this.openUnexpected(tag, uri);
    this.text = '';
    if (tag.local === 'leader') this.stack.push(LEADER);
    else if (tag.local === 'controlfield') this.openControlField(tag);
    else this.openDataField(tag);
  }

  private openControlField(tag: SaxesTagNS): void {
    this.fieldTag = this.paddedTag(tag.attributes['tag']?.value ?? '');
    if (this.fieldTag === '') this.reject('<controlfield> without a tag attribute');
    this.stack.push(CONTROL);
  }

  private paddedTag(raw: string): string {
    const tag = padNumericTag(raw);
    if (tag !== raw) this.warn('field_recovered', `tag "${raw}" read as ${tag}`);
    return tag;
  }

  private openDataField(tag: SaxesTagNS): void {
    const fieldTag = this.paddedTag(tag.attributes['tag']?.value ?? '');
    if (fieldTag === '') this.reject('<datafield> without a tag attribute');
    const problems: string[] = [];
    const ind1 = indicator(tag.attributes['ind1']?.value, 'ind1', problems);
    const ind2 = indicator(tag.attributes['ind2']?.value, 'ind2', problems);
    this.field = { tag: fieldTag, ind1, ind2, subfields: [] };
    // yaz writes `ind3` for DanMARC records (leader/10 = 3); only an attribute that is there is kept.
    const ind3 = tag.attributes['ind3']?.value;
    if (ind3 !== undefined) this.field.ind3 = indicator(ind3, 'ind3', problems);
    if (problems.length > 0) this.warn('field_recovered', `field ${fieldTag}: ${problems.join('; ')}`);
    this.stack.push(DATA);
  }

  private openSubfield(tag: SaxesTagNS): void {
    const code = tag.attributes['code']?.value ?? '';
    const fieldTag = this.field?.tag ?? '';
    if (code === '')
      this.warn('subfield_empty_code', `field ${fieldTag}: subfield without a code kept with an empty code`);
    // A MARC subfield code is one character; any repair of "ab" would be a guess.
    else if (code.length > 1) this.reject(`field ${fieldTag}: subfield code "${code}" is not one character`);
    this.code = code;
    this.text = '';
    this.stack.push(SUBFIELD);
  }

  private openUnexpected(tag: SaxesTagNS, uri: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top === LEADER || top === CONTROL || top === SUBFIELD)
      this.reject(`element <${tag.name}> inside a text-only element`);
    // An unknown MARCXML element in a field (`<subfields>`) holds field data that would be lost.
    else if (top === DATA && isMarcNs(uri))
      this.reject(`unexpected element <${tag.name}> in field ${this.field?.tag ?? ''}`);
    // Beside the fields it is no MARC data (OAI `identifier`s leak in; other vocabularies extend).
    else this.warn('garbage_skipped', `element <${tag.name}>${uri ? ` (${uri})` : ''} skipped`);
    this.stack.push(IGNORED);
  }

  private close(): void {
    if (this.stopped) return;
    this.lastEventChar = this.parser.position;
    const kind = this.stack.pop();
    if (this.stack.length < this.strayDepth) this.strayDepth = -1;
    const draft = this.draft;
    if (!draft) return;
    switch (kind) {
      case LEADER:
        if (draft.leader === undefined) draft.leader = this.text;
        else this.warn('leader_repaired', 'a second <leader> was ignored');
        return;
      case CONTROL:
        return this.addField({ tag: this.fieldTag, value: nfc(this.text) });
      case SUBFIELD:
        this.field?.subfields.push({ code: this.code, value: nfc(this.text) });
        return;
      case DATA:
        if (this.field) this.addField(this.field);
        this.field = null;
        return;
      case RECORD:
        this.draft = null;
        return this.finish(draft);
      case CANDIDATE:
        this.draft = null; // an un-namespaced <record> with no child elements is not MARC
    }
  }

  private onText(t: string): void {
    if (this.stopped) return;
    this.lastEventChar = this.parser.position;
    const top = this.stack[this.stack.length - 1];
    if (top === LEADER || top === CONTROL || top === SUBFIELD) this.text += t;
    else if ((top === RECORD || top === DATA) && /\S/.test(t)) {
      this.warn('garbage_skipped', `text "${t.trim().slice(0, 40)}" outside any field or subfield skipped`);
    }
  }

  private startDraft(): void {
    this.strayDepth = -1;
    const { char, byte } = this.sink.tagStart(this.openChar, this.openName);
    this.draft = {
      startChar: char,
      startByte: byte,
      leader: undefined,
      fields: [],
      warnings: [],
      error: undefined,
      oversized: false,
    };
  }

  private finish(draft: RecordDraft): void {
    if (!draft.error) {
      if (draft.leader === undefined && draft.fields.length === 0) {
        draft.error = { code: 'marc_bad_xml', message: 'empty record: no leader and no fields' };
      } else draft.leader = repairLeader(draft.leader, draft.warnings);
    }
    this.sink.record(draft, this.parser.position);
  }

  private addField(field: Field): void {
    const draft = this.draft;
    if (!draft || draft.error) return; // a rejected record keeps nothing but its raw bytes
    if (draft.fields.length >= MAX_FIELDS_PER_RECORD) {
      this.setError('marc_record_too_large', `more than ${MAX_FIELDS_PER_RECORD} fields`);
      return;
    }
    draft.fields.push(field);
  }

  private tooLarge(): void {
    if (this.draft!.oversized) return;
    this.setError('marc_record_too_large', `record larger than ${this.maxRecordChars} bytes`);
    this.draft!.oversized = true;
  }

  /** Rejects the record in progress, if any; reading goes on. */
  reject(message: string): void {
    this.setError('marc_bad_xml', message);
  }

  private setError(code: ErrorCode, message: string): void {
    const draft = this.draft;
    if (!draft) return;
    if (!draft.error) draft.error = { code, message };
    draft.fields = [];
  }

  private warn(code: WarningCode, message: string): void {
    this.draft?.warnings.push({ code, message });
  }
}

function isMarcNs(uri: string): boolean {
  return uri === '' || MARCXML_NAMESPACES.has(uri);
}

function nfc(value: string): string {
  return NEEDS_NFC.test(value) ? value.normalize('NFC') : value;
}

function indicator(value: string | undefined, name: string, problems: string[]): string {
  if (value !== undefined && value.length === 1) return value;
  if (value === undefined || value === '') {
    problems.push(`${value === undefined ? 'no' : 'empty'} ${name}, blank assumed`);
    return ' ';
  }
  problems.push(`${name} "${value}" longer than one character, first kept`);
  return value[0]!;
}

/** Pretty-printing white space around a leader is layout, not data; anything else is repaired. */
function repairLeader(raw: string | undefined, warnings: Warning[]): string {
  if (raw === undefined) {
    warnings.push({ code: 'leader_repaired', message: 'no <leader>; a default leader was assumed' });
    return BLANK_LEADER;
  }
  if (raw.length === 24) return raw;
  const value = raw.replace(/^[ \t]*[\r\n]\s*/, '').replace(/\s*[\r\n][ \t]*$/, '');
  if (value.length === 24) return value;
  const fixed = value.length > 24 ? value.slice(0, 24) : value + BLANK_LEADER.slice(value.length);
  warnings.push({
    code: 'leader_repaired',
    message: `leader of ${value.length} characters made 24: "${fixed}"`,
  });
  return fixed;
}
