import type { MarcRecord } from '../record';

/**
 * A serializer for one output format, independent of where the bytes go: the CLI pipes it to a
 * file or stdout, the API to a response. `begin`/`end` frame a collection (the XML root, a JSON
 * array); `write` turns one record into its bytes or text.
 */
export interface MarcWriter {
  readonly mediaType: string;
  readonly extension: string;
  begin(): string;
  write(record: MarcRecord): string | Uint8Array;
  end(): string;
}
