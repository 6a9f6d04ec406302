import type { ErrorCode } from '../../errors/codes';
import { nfc } from '../charset/mnemonics';
import type { Warning, WarningCode } from '../read-item';
import {
  BLANK_LEADER,
  MarcRecord,
  padNumericTag,
  type DataField,
  type Field,
  type Subfield,
} from '../record';

/**
 * One parsed MARC-in-JSON object to a record. The format is code4lib's (Ross Singer's):
 * `{"leader": "…", "fields": [{"001": "…"}, {"245": {"ind1": "1", "ind2": "0", "subfields":
 * [{"a": "…"}]}}]}`. Also read, because real files use them: NatLibFi's `{"tag", "value"}` /
 * `{"tag", "ind1", "ind2", "subfields": [{"code", "value"}]}` fields, marc4j's MARC-JSON
 * (`controlfield` / `datafield` / `subfield` with `data` or `content`), and Catmandu's
 * `{"record": [[tag, ind1, ind2, code, value, …]]}`.
 */

/** A record whose JSON parsed but whose shape is not a MARC record. */
export class MarcJsonShapeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ConvertedRecord {
  record: MarcRecord;
  warnings: Warning[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DATA_KEYS = new Set(['ind1', 'ind2', 'ind3', 'subfields']);

/**
 * Checks and repairs values while tracking where it is; messages are only built when something
 * is wrong, since this runs for every subfield of every record.
 */
class Converter {
  readonly warnings: Warning[] = [];
  field = 0;
  tagSeen = '';
  sub = 0;

  where(): string {
    const tag = this.tagSeen === '' ? '' : ` (${this.tagSeen})`;
    return `field ${this.field}${tag}${this.sub > 0 ? ` subfield ${this.sub}` : ''}`;
  }

  /** Start on field n (1-based): the tag and subfield are not known yet. */
  enter(n: number): void {
    this.field = n;
    this.tagSeen = '';
    this.sub = 0;
  }

  fail(message: string): never {
    throw new MarcJsonShapeError('marc_bad_field', `${this.where()}${message}`);
  }

  warn(code: WarningCode, message: string, located = true): void {
    const text = located ? `${this.where()}: ${message}` : message;
    if (!this.warnings.some((w) => w.message === text)) this.warnings.push({ code, message: text });
  }

  leader(value: unknown): string {
    if (value === undefined) {
      this.warn('leader_repaired', 'no leader; a blank one was assumed', false);
      return BLANK_LEADER;
    }
    if (typeof value !== 'string') throw new MarcJsonShapeError('marc_bad_leader', 'leader is not a string');
    if (value.length === 24) return value;
    const fixed = value.length > 24 ? value.slice(0, 24) : value + BLANK_LEADER.slice(value.length);
    this.warn('leader_repaired', `leader of ${value.length} characters made 24: "${fixed}"`, false);
    return fixed;
  }

  tag(value: unknown): string {
    const tag =
      typeof value === 'number'
        ? String(value).padStart(3, '0')
        : typeof value === 'string'
          ? padNumericTag(value)
          : value;
    if (typeof value === 'string' && tag !== value)
      this.warn('field_recovered', `tag "${value}" read as ${String(tag)}`, false);
    if (typeof tag !== 'string' || tag.length !== 3)
      this.fail(`: tag ${JSON.stringify(value)} is not 3 characters`);
    this.tagSeen = tag;
    return tag;
  }

  text(value: unknown): string {
    if (typeof value === 'string') return nfc(value);
    if (typeof value !== 'number' && typeof value !== 'boolean')
      this.fail(`: value is ${describe(value)}, not a string`);
    this.warn('field_recovered', `${String(value)} is not a string; kept as text`);
    return String(value);
  }

  /** FOLIO writes `\` for a blank indicator and others write ""; both mean blank. */
  indicator(value: unknown): string {
    if (typeof value === 'string' && value.length === 1) return value === '\\' ? ' ' : value;
    if (value === '') return ' ';
    if (value === undefined || value === null) {
      this.warn('field_recovered', 'missing indicator taken as blank');
      return ' ';
    }
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string') this.fail(`: indicator is ${describe(value)}`);
    if (text.length === 1) return text;
    const kept = text.trim()[0] ?? ' ';
    this.warn('field_recovered', `indicator ${JSON.stringify(text)} cut to ${JSON.stringify(kept)}`);
    return kept;
  }

  dataField(tag: string, ind1: unknown, ind2: unknown, subfields: Subfield[]): DataField {
    this.sub = 0;
    return { tag, ind1: this.indicator(ind1), ind2: this.indicator(ind2), subfields };
  }

  subfield(code: unknown, value: unknown): Subfield {
    const text = typeof code === 'number' ? String(code) : code;
    if (typeof text !== 'string' || text.length > 1)
      this.fail(`: subfield code ${JSON.stringify(code)} is not one character`);
    if (text === '') this.warn('subfield_empty_code', 'subfield with an empty code');
    return { code: text, value: this.text(value) };
  }

  object(value: unknown): JsonObject {
    if (!isObject(value)) this.fail(` is ${describe(value)}, not an object`);
    return value;
  }

  list(value: unknown, what: string): unknown[] {
    if (!Array.isArray(value)) this.fail(` ${what} is ${describe(value)}, not an array`);
    return value;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function recordList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value))
    throw new MarcJsonShapeError('marc_bad_json', `${what} is ${describe(value)}, not an array`);
  return value;
}

/** Ross Singer's `{"245": {...}}` or NatLibFi's `{"tag": "245", ...}`, told apart per field. */
function fieldFromEntry(value: unknown, n: number, c: Converter): Field {
  c.enter(n);
  const entry = c.object(value);
  if ('tag' in entry) return taggedField(entry, c);
  let key: string | undefined;
  for (const k in entry) {
    if (key !== undefined) c.fail(` has several keys; expected one tag`);
    key = k;
  }
  const tag = c.tag(key);
  const body = entry[key as string];
  if (!isObject(body)) return { tag, value: c.text(body) };
  for (const k in body) {
    if (!DATA_KEYS.has(k)) c.warn('field_recovered', `"${k}" dropped (the record model has no place for it)`);
  }
  const subfields: Subfield[] = [];
  const list = c.list(body.subfields, 'subfields');
  for (let i = 0; i < list.length; i++) {
    c.sub = i + 1;
    codeValuePairs(c.object(list[i]), c, subfields);
  }
  const field = c.dataField(tag, body.ind1, body.ind2, subfields);
  // yaz writes a third indicator for records whose leader/10 says 3 (DanMARC).
  if (body.ind3 !== undefined) field.ind3 = c.indicator(body.ind3);
  return field;
}

/** `{"a": "value"}`; several codes in one object are accepted, in the order JSON.parse gives them. */
function codeValuePairs(entry: JsonObject, c: Converter, out: Subfield[]): void {
  const before = out.length;
  for (const code in entry) out.push(c.subfield(code, entry[code]));
  if (out.length - before !== 1)
    c.warn('field_recovered', `${out.length - before} codes in one subfield object`);
}

/** NatLibFi and marc4j: `{tag, value|data|content}` or `{tag, ind1, ind2|ind, subfields|subfield}`. */
function taggedField(entry: JsonObject, c: Converter): Field {
  const tag = c.tag(entry.tag);
  const raw = entry.subfields ?? entry.subfield;
  if (raw === undefined) return { tag, value: c.text(entry.value ?? entry.data ?? entry.content) };
  const subfields: Subfield[] = [];
  c.list(raw, 'subfields').forEach((item, i) => {
    c.sub = i + 1;
    const s = c.object(item);
    if ('code' in s) subfields.push(c.subfield(s.code, s.value ?? s.data ?? s.content));
    else codeValuePairs(s, c, subfields);
  });
  const joint = typeof entry.ind === 'string' ? entry.ind : undefined;
  return c.dataField(tag, joint?.[0] ?? entry.ind1, joint?.[1] ?? entry.ind2, subfields);
}

/** Catmandu rows: `[tag, ind1, ind2, "_", value]` for control fields, code/value pairs otherwise. */
function catmanduRecord(rows: unknown[], c: Converter): MarcRecord {
  let leader: unknown;
  const fields: Field[] = [];
  rows.forEach((row, i) => {
    c.enter(i + 1);
    const cells = c.list(row, 'row');
    const tag = c.tag(cells[0]);
    if (cells[3] === '_' && cells.length === 5) {
      if (tag === 'LDR') leader = cells[4];
      else fields.push({ tag, value: c.text(cells[4]) });
      return;
    }
    const subfields: Subfield[] = [];
    for (let k = 3; k + 1 < cells.length; k += 2) {
      c.sub = (k - 1) / 2;
      subfields.push(c.subfield(cells[k], cells[k + 1]));
    }
    fields.push(c.dataField(tag, cells[1], cells[2], subfields));
  });
  return new MarcRecord(c.leader(leader), fields);
}

/**
 * Turn one parsed JSON value into a record. Repairs what it safely can (with warnings); throws
 * MarcJsonShapeError for what it cannot.
 */
export function recordFromMarcInJson(value: unknown): ConvertedRecord {
  const c = new Converter();
  if (!isObject(value))
    throw new MarcJsonShapeError('marc_bad_json', `record is ${describe(value)}, not an object`);
  let record: MarcRecord;
  if ('fields' in value) {
    const fields = recordList(value.fields, 'fields').map((f, i) => fieldFromEntry(f, i + 1, c));
    record = new MarcRecord(c.leader(value.leader), fields);
  } else if ('controlfield' in value || 'datafield' in value) {
    const control = recordList(value.controlfield ?? [], 'controlfield');
    const data = recordList(value.datafield ?? [], 'datafield');
    const fields = [...control, ...data].map((f, i) => fieldFromEntry(f, i + 1, c));
    record = new MarcRecord(c.leader(value.leader), fields);
  } else if (Array.isArray(value.record)) {
    record = catmanduRecord(value.record, c);
  } else {
    throw new MarcJsonShapeError('marc_bad_json', 'object has no "fields" array: not a MARC-in-JSON record');
  }
  return { record, warnings: c.warnings };
}
