import { AppError } from '../../errors/app-error';
import { isControlField, type DataField, type MarcRecord } from '../record';
import type { MarcWriter } from './writer';

const FT = '\x1e';
const SD = '\x1f';
const RT = '\x1d';
const MAX_FIELD = 9999;
const MAX_RECORD = 99999;

/**
 * Serialises a record as ISO 2709 in UTF-8 (leader/09 `a`). Lengths and addresses are computed
 * from the encoded bytes; the leader's other positions are kept as the model has them, so a valid
 * UTF-8 record written back is byte-identical to what was read.
 */
export function toIso2709(record: MarcRecord): Buffer {
  const hasInd3 = record.fields.some((f) => !isControlField(f) && (f as DataField).ind3 !== undefined);
  const bodies: string[] = [];
  let directory = '';
  let offset = 0;
  for (const field of record.fields) {
    const body =
      (isControlField(field) ? checked(field.tag, field.value) : dataBody(field as DataField, hasInd3)) + FT;
    const length = Buffer.byteLength(body, 'utf8');
    if (length > MAX_FIELD)
      throw unencodable(`field ${field.tag} is ${length} bytes; ISO 2709 allows ${MAX_FIELD}`);
    directory += tagOf(field.tag) + pad(length, 4) + pad(offset, 5);
    bodies.push(body);
    offset += length;
  }
  const base = 24 + directory.length + 1;
  const total = base + offset + 1;
  if (total > MAX_RECORD) throw unencodable(`record is ${total} bytes; ISO 2709 allows ${MAX_RECORD}`);
  const leader = buildLeader(record.leader, total, base, hasInd3 ? '3' : '2');
  return Buffer.from(leader + directory + FT + bodies.join('') + RT, 'utf8');
}

const DELIMITERS = /[\x1d-\x1f]/;

function dataBody(field: DataField, hasInd3: boolean): string {
  let s = ind(field.ind1) + ind(field.ind2) + (hasInd3 ? ind(field.ind3) : '');
  for (const sf of field.subfields) s += SD + (sf.code || ' ') + checked(field.tag, sf.value);
  return s;
}

/** A delimiter inside a value would silently split the field for every later reader. */
function checked(tag: string, value: string): string {
  if (DELIMITERS.test(value))
    throw unencodable(`field ${tag} holds an ISO 2709 delimiter character in its data`);
  return value;
}

function ind(value: string | undefined): string {
  return value && value.length > 0 ? value[0]! : ' ';
}

function tagOf(tag: string): string {
  return (tag + '   ').slice(0, 3);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function buildLeader(leader: string, total: number, base: number, indicatorCount: string): string {
  const l = (leader + ' '.repeat(24)).slice(0, 24);
  return (
    pad(total, 5) +
    l.slice(5, 9) +
    'a' +
    indicatorCount +
    '2' +
    pad(base, 5) +
    l.slice(17, 20) +
    '450' +
    l.slice(23)
  );
}

function unencodable(message: string): AppError {
  return new AppError('marc_unencodable', message);
}

export function iso2709Writer(): MarcWriter {
  return {
    mediaType: 'application/marc',
    extension: 'mrc',
    begin: () => '',
    write: toIso2709,
    end: () => '',
  };
}
