import { isControlField, isDataField, type DataField, type MarcRecord } from '../marc/record';

/**
 * A record as the mapping rules see it: fields grouped by tag once, so forty rules cost forty map
 * look-ups instead of forty scans of the record. Read-only; built per record by the mapper.
 */
export class RecordView {
  readonly record: MarcRecord;
  readonly leader: string;
  private readonly data = new Map<string, DataField[]>();
  private readonly controls = new Map<string, string[]>();
  /** Data fields by the first digit of their tag (1XX, 6XX …), each in record order. */
  private readonly hundreds: (DataField[] | undefined)[] = [];
  /** Per-record results that several rules share (see `memo`), made on first use. */
  private memos: unknown[] | undefined;

  constructor(record: MarcRecord) {
    this.record = record;
    this.leader = record.leader;
    for (const field of record.fields) {
      if (isDataField(field)) {
        const list = this.data.get(field.tag);
        if (list) list.push(field);
        else this.data.set(field.tag, [field]);
        const hundred = field.tag.charCodeAt(0) - 48;
        if (hundred >= 0 && hundred <= 9) (this.hundreds[hundred] ??= []).push(field);
      } else if (isControlField(field)) {
        const list = this.controls.get(field.tag);
        if (list) list.push(field.value);
        else this.controls.set(field.tag, [field.value]);
      }
    }
  }

  /** Data fields with this exact tag, in record order. */
  fields(tag: string): readonly DataField[] {
    return this.data.get(tag) ?? NONE;
  }

  /**
   * Data fields of several tags, in record order within each hundred (catalogers order 6XX by
   * importance, not by tag) and hundred by hundred (1XX before 7XX), as records have them.
   */
  fieldsOf(tags: TagList): DataField[] {
    const out: DataField[] = [];
    const set = tags.set;
    for (const hundred of tags.hundreds) {
      const list = this.hundreds[hundred];
      if (list) for (const field of list) if (set.has(field.tag)) out.push(field);
    }
    return out;
  }

  /** The first control field with this tag. */
  control(tag: string): string | undefined {
    return this.controls.get(tag)?.[0];
  }

  /** Every control field with this tag (007 repeats). */
  controlsOf(tag: string): readonly string[] {
    return this.controls.get(tag) ?? NO_VALUES;
  }

  /**
   * Work several rules need from one record — the subject facets, the imprint — done once: the
   * first rule to ask computes it, the rest reuse it. Slots are made once per macro, at load.
   */
  memo<T>(slot: MemoSlot<T>, compute: (view: RecordView) => T): T {
    const memos = (this.memos ??= []);
    if (slot.index < memos.length && memos[slot.index] !== undefined) return memos[slot.index] as T;
    const value = compute(this);
    memos[slot.index] = value;
    return value;
  }

  /** Character `at` of the leader, or a blank when the leader is short. */
  leaderAt(at: number): string {
    return this.leader[at] ?? ' ';
  }
}

const NONE: readonly DataField[] = Object.freeze([]);
const NO_VALUES: readonly string[] = Object.freeze([]);

let slots = 0;

/** A place for one memoised per-record result; the type parameter keeps producer and users agreeing. */
export interface MemoSlot<T> {
  readonly index: number;
  readonly name: string;
  /** Never set; carries T. */
  readonly type?: T;
}

export function memoSlot<T>(name: string): MemoSlot<T> {
  return { index: slots++, name };
}

/** A set of numeric tags made once when a rule compiles; `tags` sorted, for messages and docs. */
export interface TagList {
  readonly tags: readonly string[];
  readonly set: ReadonlySet<string>;
  /** The first digits of the tags, ascending: which hundreds of the record to look through. */
  readonly hundreds: readonly number[];
  includes(tag: string): boolean;
}

export function tagList(tags: Iterable<string>): TagList {
  const set = new Set(tags);
  const sorted = [...set].sort();
  const hundreds = [...new Set(sorted.map((t) => t.charCodeAt(0) - 48).filter((d) => d >= 0 && d <= 9))];
  return { tags: sorted, set, hundreds, includes: (tag) => set.has(tag) };
}

/** The first value of a subfield, or undefined. */
export function firstSubfield(field: DataField, code: string): string | undefined {
  for (const sf of field.subfields) if (sf.code === code) return sf.value;
  return undefined;
}
