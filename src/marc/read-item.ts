import type { ErrorCode } from '../errors/codes';
import type { MarcRecord } from './record';

/** Something a reader noticed and repaired or assumed, without rejecting the record. */
export interface Warning {
  code: WarningCode;
  message: string;
}

export type WarningCode =
  | 'charset_marc8_assumed'
  | 'charset_utf8_assumed'
  | 'charset_latin1_assumed'
  | 'charset_bad_marc8'
  | 'leader_repaired'
  | 'length_recovered'
  | 'directory_recovered'
  | 'field_recovered'
  | 'garbage_skipped'
  | 'leading_filler'
  | 'subfield_empty_code'
  | 'mnemonic_unknown';

export interface RecordItem {
  ok: true;
  record: MarcRecord;
  /** 1-based position of the record in the input. */
  recordNumber: number;
  /** Offset of the record's first byte (ISO 2709, MRK, JSON lines) or of its start tag (XML). */
  byteOffset: number;
  warnings: Warning[];
}

export interface ErrorItem {
  ok: false;
  recordNumber: number;
  byteOffset: number;
  code: ErrorCode;
  message: string;
  /** The bytes that could not be read as a record, for a rejects file. */
  raw: Uint8Array;
}

/** What every reader yields: a record (maybe with warnings) or an error, then it goes on. */
export type ReadItem = RecordItem | ErrorItem;

export interface ReaderOptions {
  /** Throw a MarcError at the first damaged record instead of yielding an error item. */
  strict?: boolean;
  /** Records larger than this are rejected (ISO 2709 caps at 99,999 by its length field). */
  maxRecordBytes?: number;
}

export const DEFAULT_MAX_RECORD_BYTES = 4 << 20;

export type ByteSource = AsyncIterable<Uint8Array>;
