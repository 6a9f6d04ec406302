import { chooseCharset, type CharsetOption } from '../charset/charset';
import { makeValueDecoder, type ValueDecoder } from '../charset/value-decoder';
import { MarcError, type InputPosition } from '../errors';
import type { Warning } from '../read-item';
import { MarcRecord, type DataField, type Field, type Subfield } from '../record';
import { FIELD_TERMINATOR, RECORD_TERMINATOR, SUBFIELD_DELIMITER } from './iso2709-framer';
import { readLeader, type LeaderLayout } from './iso2709-leader';

export interface Iso2709ParseOptions {
  charset?: CharsetOption;
  /** NFC-normalise values (default). Off only for byte-exact round trips of decomposed UTF-8. */
  normalize?: boolean;
}

export interface ParsedRecord {
  record: MarcRecord;
  warnings: Warning[];
}

interface Entry {
  tag: string;
  start: number;
  end: number;
}

/**
 * Parses one framed ISO 2709 record (bytes [start, end), the terminator included when present).
 * Trusts the directory while it agrees with the field terminators, and falls back to splitting
 * at the terminators when the lengths lie; what cannot be read at all throws a MarcError.
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
  const dataEnd = buf[end - 1] === RECORD_TERMINATOR ? end - 1 : end;
  const entries = readDirectory(buf, bytes, start, dataEnd, layout, warnings, position);
  const choice = chooseCharset(buf.subarray(start + 24, end), buf[start + 9] as number, options.charset);
  if (choice.warning) warnings.push(choice.warning);
  const decoder = makeValueDecoder(buf, bytes, start, choice.charset, options.normalize ?? true);
  const fields = entries.map((e) => readField(buf, e, layout.indicatorCount, decoder, warnings));
  if (decoder.fallbacks > 0) {
    warnings.push({
      code: 'charset_latin1_assumed',
      message: `${decoder.fallbacks} value(s) were not valid MARC-8 and were read as Latin-1`,
    });
  }
  return { record: new MarcRecord(layout.leader, fields), warnings };
}

function readDirectory(
  buf: Buffer,
  bytes: string,
  start: number,
  dataEnd: number,
  layout: LeaderLayout,
  warnings: Warning[],
  position: InputPosition,
): Entry[] {
  const entrySize = 3 + layout.lengthOfLength + layout.lengthOfStart;
  const raw: { tag: string; length: number; offset: number }[] = [];
  let p = start + 24;
  while (p < dataEnd && buf[p] !== FIELD_TERMINATOR) {
    if (p + entrySize > dataEnd) break;
    const length = readNumber(bytes, p - start + 3, layout.lengthOfLength);
    const offset = readNumber(bytes, p - start + 3 + layout.lengthOfLength, layout.lengthOfStart);
    if (length < 0 || offset < 0) {
      warnings.push({
        code: 'directory_recovered',
        message: `directory entry at byte ${p - start} is not numeric`,
      });
      break;
    }
    raw.push({ tag: tagAt(bytes, p - start), length, offset });
    p += entrySize;
  }
  const directoryClosed = buf[p] === FIELD_TERMINATOR;
  if (!directoryClosed && raw.length === 0) {
    throw new MarcError('marc_bad_directory', 'no readable directory', position);
  }
  const base = chooseBase(layout.baseAddress, directoryClosed ? p + 1 - start : -1, warnings);
  return placeFields(buf, start + base, dataEnd, raw, warnings);
}

function chooseBase(declared: number, found: number, warnings: Warning[]): number {
  if (found < 0) return declared;
  if (declared !== found) {
    warnings.push({
      code: 'directory_recovered',
      message: `leader base address ${declared} but the directory ends at ${found - 1}; using ${found}`,
    });
  }
  return found;
}

const TAGS = new Map<number, string>();

/** Tags repeat across millions of records: one shared string per tag instead of one per field. */
function tagAt(bytes: string, at: number): string {
  const key = (bytes.charCodeAt(at) << 16) | (bytes.charCodeAt(at + 1) << 8) | bytes.charCodeAt(at + 2);
  let tag = TAGS.get(key);
  if (tag === undefined) {
    tag = bytes.substr(at, 3);
    if (TAGS.size < 4096) TAGS.set(key, tag);
  }
  return tag;
}

function readNumber(bytes: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const b = bytes.charCodeAt(i);
    if (b < 0x30 || b > 0x39) return -1;
    v = v * 10 + (b - 0x30);
  }
  return v;
}

/**
 * Maps directory entries to byte ranges. When every entry lands on a field terminator the
 * directory is right. Otherwise, when the terminators split the data area into exactly as many
 * fields as there are entries, the lengths were counted wrongly (characters for bytes, usually)
 * and the terminators win. Otherwise each field is read up to its own terminator, best effort.
 */
function placeFields(
  buf: Buffer,
  base: number,
  dataEnd: number,
  raw: { tag: string; length: number; offset: number }[],
  warnings: Warning[],
): Entry[] {
  let consistent = true;
  for (const r of raw) {
    const e = base + r.offset + r.length;
    if (r.length === 0 || e > dataEnd || buf[e - 1] !== FIELD_TERMINATOR) consistent = false;
  }
  if (consistent)
    return raw.map((r) => ({ tag: r.tag, start: base + r.offset, end: base + r.offset + r.length - 1 }));
  const segments = splitAtTerminators(buf, base, dataEnd);
  if (segments.length === raw.length) {
    warnings.push({
      code: 'field_recovered',
      message: 'directory lengths do not match the data; fields split at terminators',
    });
    return raw.map((r, i) => ({ tag: r.tag, start: segments[i]![0], end: segments[i]![1] }));
  }
  return bestEffort(buf, base, dataEnd, raw, warnings);
}

function splitAtTerminators(buf: Buffer, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let s = from;
  while (s < to) {
    let e = buf.indexOf(FIELD_TERMINATOR, s);
    if (e < 0 || e > to) e = to;
    out.push([s, e]);
    s = e + 1;
  }
  return out;
}

function bestEffort(
  buf: Buffer,
  base: number,
  dataEnd: number,
  raw: { tag: string; length: number; offset: number }[],
  warnings: Warning[],
): Entry[] {
  const out: Entry[] = [];
  for (const r of raw) {
    const s = base + r.offset;
    if (r.length === 0 || s >= dataEnd) {
      warnings.push({ code: 'field_recovered', message: `field ${r.tag} lies outside the record; dropped` });
      continue;
    }
    let e = buf.indexOf(FIELD_TERMINATOR, s);
    if (e < 0 || e > Math.min(dataEnd, s + r.length)) {
      e = Math.min(dataEnd, s + r.length);
      warnings.push({ code: 'field_recovered', message: `field ${r.tag} has no field terminator` });
    }
    out.push({ tag: r.tag, start: s, end: e });
  }
  return out;
}

function readField(
  buf: Buffer,
  entry: Entry,
  indicatorCount: number,
  decoder: ValueDecoder,
  warnings: Warning[],
): Field {
  const { tag, start, end } = entry;
  const isData =
    tag.charCodeAt(0) !== 0x30 ||
    tag.charCodeAt(1) !== 0x30 ||
    // DanMARC and kin put subfields in 00X fields; the delimiter after the indicators tells.
    (indicatorCount > 0 &&
      indicatorCount < 4 &&
      buf[start + indicatorCount] === SUBFIELD_DELIMITER &&
      end > start + indicatorCount);
  if (!isData) return { tag, value: decoder.decode(start, end) };
  return readDataField(buf, entry, indicatorCount, decoder, warnings);
}

function readDataField(
  buf: Buffer,
  entry: Entry,
  indicatorCount: number,
  decoder: ValueDecoder,
  warnings: Warning[],
): DataField {
  const { tag, start, end } = entry;
  let p = start;
  let ind1 = ' ';
  let ind2 = ' ';
  if (buf[start] === SUBFIELD_DELIMITER && indicatorCount > 0) {
    warnings.push({ code: 'field_recovered', message: `field ${tag} has no indicators; blanks assumed` });
  } else {
    p = Math.min(start + indicatorCount, end);
    if (indicatorCount > 0 && start < end) ind1 = indicatorChar(buf[start] as number);
    if (indicatorCount > 1 && start + 1 < end) ind2 = indicatorChar(buf[start + 1] as number);
  }
  const field: DataField = { tag, ind1, ind2, subfields: readSubfields(buf, p, end, decoder, tag, warnings) };
  if (indicatorCount >= 3) field.ind3 = start + 2 < p ? indicatorChar(buf[start + 2] as number) : ' ';
  return field;
}

function indicatorChar(b: number): string {
  return b < 0x20 || b > 0x7e ? ' ' : String.fromCharCode(b);
}

function readSubfields(
  buf: Buffer,
  from: number,
  end: number,
  decoder: ValueDecoder,
  tag: string,
  warnings: Warning[],
): Subfield[] {
  const out: Subfield[] = [];
  let p = from;
  while (p < end && buf[p] !== SUBFIELD_DELIMITER) p++;
  if (p > from) {
    warnings.push({
      code: 'field_recovered',
      message: `field ${tag}: "${decoder.decode(from, p)}" before the first subfield dropped`,
    });
  }
  while (p < end) {
    const codeAt = p + 1;
    let q = codeAt;
    while (q < end && buf[q] !== SUBFIELD_DELIMITER) q++;
    if (q > codeAt)
      out.push({ code: String.fromCharCode(buf[codeAt] as number), value: decoder.decode(codeAt + 1, q) });
    else
      warnings.push({
        code: 'subfield_empty_code',
        message: `field ${tag}: empty subfield delimiter skipped`,
      });
    p = q;
  }
  return out;
}
