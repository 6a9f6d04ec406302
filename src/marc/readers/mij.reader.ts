import type { ErrorCode } from '../../errors/codes';
import { MarcError } from '../errors';
import {
  DEFAULT_MAX_RECORD_BYTES,
  type ByteSource,
  type ErrorItem,
  type ReadItem,
  type ReaderOptions,
} from '../read-item';
import { splitJsonObjects, type JsonPiece } from './json-splitter';
import { MarcJsonShapeError, recordFromMarcInJson } from './mij-record';

export { MarcJsonShapeError, recordFromMarcInJson, type ConvertedRecord } from './mij-record';

/**
 * The MARC-in-JSON reader: json-splitter cuts the bytes into objects, each is parsed on its own
 * and turned into a record by mij-record (which also reads the other JSON dialects real files use).
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

function errorItem(code: ErrorCode, message: string, piece: JsonPiece, recordNumber: number): ErrorItem {
  return { ok: false, recordNumber, byteOffset: piece.offset, code, message, raw: piece.bytes.slice() };
}

/** JSON forbids raw control characters in strings; some writers emit them (pymarc's test.json). */
function escapeRawControls(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!inString) inString = c === 0x22;
    else if (escaped) escaped = false;
    else if (c === 0x5c) escaped = true;
    else if (c === 0x22) inString = false;
    else if (c < 0x20) {
      out += `${text.slice(last, i)}\\u${c.toString(16).padStart(4, '0')}`;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** JSON.parse, retried once with raw control characters escaped; says whether it had to. */
function parseLenient(text: string): { value: unknown; repaired: boolean } {
  try {
    return { value: JSON.parse(text), repaired: false };
  } catch (err) {
    const escaped = escapeRawControls(text);
    if (escaped === text) throw err;
    try {
      return { value: JSON.parse(escaped), repaired: true };
    } catch {
      throw err;
    }
  }
}

function pieceToItem(piece: JsonPiece, recordNumber: number, max: number): ReadItem {
  if (piece.kind === 'bad') {
    if (piece.tooLarge) {
      return errorItem(
        'marc_record_too_large',
        `object of ${piece.size} bytes exceeds ${max}`,
        piece,
        recordNumber,
      );
    }
    return errorItem('marc_bad_json', piece.reason, piece, recordNumber);
  }
  let parsed: { value: unknown; repaired: boolean };
  try {
    parsed = parseLenient(utf8.decode(piece.bytes));
  } catch (err) {
    const reason = err instanceof SyntaxError ? err.message : 'not valid UTF-8';
    return errorItem('marc_bad_json', `invalid JSON: ${reason}`, piece, recordNumber);
  }
  try {
    const { record, warnings } = recordFromMarcInJson(parsed.value);
    if (parsed.repaired) {
      warnings.push({
        code: 'field_recovered',
        message: 'raw control characters inside JSON strings were kept',
      });
    }
    return { ok: true, record, recordNumber, byteOffset: piece.offset, warnings };
  } catch (err) {
    if (!(err instanceof MarcJsonShapeError)) throw err;
    return errorItem(err.code, err.message, piece, recordNumber);
  }
}

/**
 * Read MARC-in-JSON from bytes: one object, a top-level array, or JSON lines, told apart as it
 * goes. Memory stays bounded by options.maxRecordBytes whatever the input's size. A damaged
 * record becomes an error item (or, with options.strict, a thrown MarcError) and reading goes on.
 */
export async function* readMarcInJson(
  source: ByteSource,
  options: ReaderOptions = {},
): AsyncGenerator<ReadItem> {
  const max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  let recordNumber = 0;
  for await (const piece of splitJsonObjects(source, { maxObjectBytes: max })) {
    const item = pieceToItem(piece, ++recordNumber, max);
    if (!item.ok && options.strict) {
      throw new MarcError(item.code, item.message, { recordNumber, byteOffset: item.byteOffset });
    }
    yield item;
  }
}
