/**
 * The MARC record model. Plain data, kept in the order it was read: field order, repeated
 * subfields and unusual tags (non-numeric, local 9XX, `FMT`…) survive a round trip.
 * Values are always Unicode (NFC) strings; byte-level concerns stay in the readers and writers.
 */

export interface Subfield {
  code: string;
  value: string;
}

export interface ControlField {
  tag: string;
  value: string;
}

export interface DataField {
  tag: string;
  ind1: string;
  ind2: string;
  /** A third indicator, only in records whose leader/10 says 3 (DanMARC and kin). */
  ind3?: string;
  subfields: Subfield[];
}

export type Field = ControlField | DataField;

export const BLANK_LEADER = '00000nam a2200000 a 4500';

export function isControlField(field: Field): field is ControlField {
  return (field as ControlField).value !== undefined;
}

export function isDataField(field: Field): field is DataField {
  return (field as DataField).subfields !== undefined;
}

/**
 * A tag every format can write and read back: three ASCII letters or digits (`245`, `FMT`, `LKR`).
 * Anything else (a control character, a space, two characters) would be written differently by
 * each writer, or refused by the MRK one, so a record holding it cannot be stored faithfully.
 */
export const TAG_PATTERN = /^[0-9A-Za-z]{3}$/;

export function isWritableTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

/** MARC 21 puts tags 001–009 (and, loosely, any `00x`) in control fields. */
export function isControlTag(tag: string): boolean {
  return tag.length === 3 && tag[0] === '0' && tag[1] === '0';
}

export class MarcRecord {
  leader: string;
  fields: Field[];

  constructor(leader: string = BLANK_LEADER, fields: Field[] = []) {
    this.leader = leader;
    this.fields = fields;
  }

  /** Fields whose tag matches any of the patterns; `X` in a pattern matches any character (`6XX`). */
  getFields(...patterns: string[]): Field[] {
    if (patterns.length === 0) return this.fields.slice();
    return this.fields.filter((f) => patterns.some((p) => tagMatches(p, f.tag)));
  }

  getDataFields(...patterns: string[]): DataField[] {
    return this.getFields(...patterns).filter(isDataField);
  }

  /** The first control field with this tag, or undefined. */
  getControl(tag: string): string | undefined {
    for (const f of this.fields) if (f.tag === tag && isControlField(f)) return f.value;
    return undefined;
  }

  /** The first value of subfield `code` in the first field tagged `tag`. */
  getSubfield(tag: string, code: string): string | undefined {
    for (const f of this.fields) {
      if (f.tag !== tag || !isDataField(f)) continue;
      const sf = f.subfields.find((s) => s.code === code);
      if (sf) return sf.value;
    }
    return undefined;
  }

  addField(field: Field): this {
    this.fields.push(field);
    return this;
  }

  /** A deep copy, so a mapping step can never alter what the reader produced. */
  clone(): MarcRecord {
    return new MarcRecord(
      this.leader,
      this.fields.map((f) =>
        isControlField(f)
          ? { tag: f.tag, value: f.value }
          : { ...f, subfields: f.subfields.map((s) => ({ ...s })) },
      ),
    );
  }
}

export function tagMatches(pattern: string, tag: string): boolean {
  if (pattern.length !== tag.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p !== 'X' && p !== 'x' && p !== tag[i]) return false;
  }
  return true;
}

/**
 * Tags of one or two digits, as some exports write them (`42` for 042): padded with zeros,
 * as ruby-marc does. Anything else is returned as given.
 */
export function padNumericTag(tag: string): string {
  return /^[0-9]{1,2}$/.test(tag) ? tag.padStart(3, '0') : tag;
}
