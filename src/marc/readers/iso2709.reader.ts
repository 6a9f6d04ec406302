import { MarcError } from '../errors';
import {
  DEFAULT_MAX_RECORD_BYTES,
  type ByteSource,
  type ErrorItem,
  type ReadItem,
  type ReaderOptions,
  type Warning,
} from '../read-item';
import type { ErrorCode } from '../../errors/codes';
import { flatten } from '../iterate';
import { findFirstRecord } from './iso2709-filler';
import { nextFrame, type Frame } from './iso2709-framer';
import { parseIso2709Record, type Iso2709ParseOptions } from './iso2709-record';

export interface Iso2709ReaderOptions extends ReaderOptions, Iso2709ParseOptions {}

const EMPTY = Buffer.alloc(0);
/**
 * Records per batch. Small on purpose: records the consumer has not yet taken survive young-
 * generation GC and get promoted, and a window's worth (~800) costs more in GC than it saves.
 */
const BATCH = 32;

/**
 * Reads ISO 2709 records from any byte stream with memory bounded by the largest record:
 * the window holds the unread tail plus one chunk. Damaged records become error items and the
 * reader goes on at the next record; `strict` throws the first one instead.
 */
export function readIso2709(source: ByteSource, options: Iso2709ReaderOptions = {}): AsyncIterable<ReadItem> {
  return flatten(readIso2709Batches(source, options));
}

/**
 * The same, one array per input chunk: every record complete in the window is parsed in one
 * synchronous run. Bulk consumers (ingest, convert) take batches and skip a promise per record.
 */
export async function* readIso2709Batches(
  source: ByteSource,
  options: Iso2709ReaderOptions = {},
): AsyncGenerator<ReadItem[]> {
  const maxBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const chunks = source[Symbol.asyncIterator]();
  let buf: Buffer = EMPTY;
  let pos = 0;
  let consumed = 0; // bytes of the input before buf[0]
  let eof = false;
  let recordNumber = 0;
  let batch: ReadItem[] = [];
  /** Until the first record is found: bytes before it are leading filler (undefined: not yet known). */
  let filler: number | undefined;
  for (;;) {
    const frame = filler === undefined ? leadingFrame(buf, eof) : nextFrame(buf, pos, eof, maxBytes);
    if (frame.type === 'done') break;
    if (frame.type === 'skip') {
      filler = frame.end;
      pos = frame.end;
      continue;
    }
    if (frame.type === 'more') {
      if (batch.length > 0) yield batch;
      batch = [];
      const next = await chunks.next();
      if (next.done) eof = true;
      else {
        consumed += pos;
        buf = pos < buf.length ? Buffer.concat([buf.subarray(pos), next.value]) : Buffer.from(next.value);
        pos = 0;
      }
      continue;
    }
    recordNumber++;
    const item = itemFor(buf, frame, recordNumber, consumed + frame.start, options);
    if (filler && recordNumber === 1 && item.ok) item.warnings.unshift(leadingFiller(filler));
    if (!item.ok && options.strict) {
      if (batch.length > 0) yield batch;
      throw new MarcError(item.code, item.message, item);
    }
    batch.push(item);
    pos = frame.end;
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The first frame of an input: the bytes before the first record to skip, once they are known. */
function leadingFrame(buf: Buffer, eof: boolean): { type: 'skip'; end: number } | { type: 'more' } {
  const first = findFirstRecord(buf, eof);
  if (first === 'more') return { type: 'more' };
  return { type: 'skip', end: first.filler ? first.start : 0 };
}

function leadingFiller(bytes: number): Warning {
  return {
    code: 'leading_filler',
    message: `${bytes} byte(s) before the first record (offsets 0–${bytes - 1}) skipped`,
  };
}

function itemFor(
  buf: Buffer,
  frame: Exclude<Frame, { type: 'more' | 'done' }>,
  recordNumber: number,
  byteOffset: number,
  options: Iso2709ParseOptions,
): ReadItem {
  const position = { recordNumber, byteOffset };
  const size = frame.end - frame.start;
  switch (frame.type) {
    case 'garbage':
      return errorItem(
        buf,
        frame,
        position,
        'marc_garbage',
        `${size} byte(s) that do not start with a record length`,
      );
    case 'truncated':
      return errorItem(
        buf,
        frame,
        position,
        'marc_truncated',
        `input ends inside a record (${size} byte(s), no record terminator)`,
      );
    case 'too-large':
      return errorItem(
        buf,
        frame,
        position,
        'marc_record_too_large',
        `record of at least ${size} bytes exceeds the limit`,
      );
    case 'record':
      break;
  }
  try {
    const { record, warnings } = parseIso2709Record(buf, frame.start, frame.end, position, options);
    if (frame.note) warnings.unshift({ code: 'length_recovered', message: frame.note });
    return { ok: true, record, recordNumber, byteOffset, warnings };
  } catch (err) {
    if (!(err instanceof MarcError)) throw err;
    return errorItem(buf, frame, position, err.code, err.reason);
  }
}

function errorItem(
  buf: Buffer,
  frame: { start: number; end: number },
  position: { recordNumber: number; byteOffset: number },
  code: ErrorCode,
  message: string,
): ErrorItem {
  // A copy: the window is dropped as reading goes on, the error item may be kept for a report.
  return { ok: false, ...position, code, message, raw: Buffer.from(buf.subarray(frame.start, frame.end)) };
}
