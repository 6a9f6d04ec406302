import { MarcError } from '../errors';
import {
  DEFAULT_MAX_RECORD_BYTES,
  type ByteSource,
  type ErrorItem,
  type ReadItem,
  type ReaderOptions,
} from '../read-item';
import type { ErrorCode } from '../../errors/codes';
import { nextFrame, type Frame } from './iso2709-framer';
import { parseIso2709Record, type Iso2709ParseOptions } from './iso2709-record';

export interface Iso2709ReaderOptions extends ReaderOptions, Iso2709ParseOptions {}

const EMPTY = Buffer.alloc(0);

/**
 * Reads ISO 2709 records from any byte stream with memory bounded by the largest record:
 * the window holds the unread tail plus one chunk. Damaged records become error items and the
 * reader goes on at the next record; `strict` throws the first one instead.
 */
export async function* readIso2709(
  source: ByteSource,
  options: Iso2709ReaderOptions = {},
): AsyncGenerator<ReadItem> {
  const maxBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const chunks = source[Symbol.asyncIterator]();
  let buf: Buffer = EMPTY;
  let pos = 0;
  let consumed = 0; // bytes of the input before buf[0]
  let eof = false;
  let recordNumber = 0;
  for (;;) {
    const frame = nextFrame(buf, pos, eof, maxBytes);
    if (frame.type === 'done') return;
    if (frame.type === 'more') {
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
    if (!item.ok && options.strict) throw new MarcError(item.code, item.message, item);
    yield item;
    pos = frame.end;
  }
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
