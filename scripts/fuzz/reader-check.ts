import { isUtf8 } from 'node:buffer';
import { AppError } from '../../src/errors/app-error';
import { ERROR_CODES } from '../../src/errors/codes';
import type { ByteSource, ReadItem, ReaderOptions } from '../../src/marc/read-item';
import { readIso2709 } from '../../src/marc/readers/iso2709.reader';
import { readMarcXml } from '../../src/marc/readers/marcxml.reader';
import { readMarcInJson } from '../../src/marc/readers/mij.reader';
import { readMrk } from '../../src/marc/readers/mrk.reader';

/**
 * What every reader must do with any input, however damaged: finish, never throw in permissive
 * mode, throw only an AppError (MarcError) in strict mode and exactly when permissive mode reports
 * an error, report errors with a registered code and a position inside the input, and read the
 * same whether the bytes come in one chunk or in many.
 */

export type ReaderName = 'iso2709' | 'marcxml' | 'json' | 'mrk';
export const READER_NAMES: readonly ReaderName[] = ['iso2709', 'marcxml', 'json', 'mrk'];

type Reader = (source: ByteSource, options: ReaderOptions) => AsyncIterable<ReadItem>;

const READERS: Record<ReaderName, Reader> = {
  iso2709: (s, o) => readIso2709(s, o),
  marcxml: (s, o) => readMarcXml(s, o),
  json: (s, o) => readMarcInJson(s, o),
  mrk: (s, o) => readMrk(s, o),
};

/** Small uneven chunks, so every reader meets a boundary inside tags, escapes and characters. */
const CHUNK_SIZES = [7, 1, 64, 3];

function source(input: Uint8Array, sizes?: number[]): ByteSource {
  return (async function* () {
    if (!sizes) {
      yield input;
      return;
    }
    for (let at = 0, k = 0; at < input.length; k++) {
      const n = sizes[k % sizes.length]!;
      yield input.subarray(at, at + n);
      at += n;
    }
  })();
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}\n${err.stack ?? ''}`;
  return String(err);
}

async function readAll(reader: ReaderName, input: Uint8Array, options: ReaderOptions, sizes?: number[]) {
  const items: ReadItem[] = [];
  for await (const item of READERS[reader](source(input, sizes), options)) items.push(item);
  return items;
}

/** Problems with the items of a permissive read of `inputLength` bytes; empty when all is well. */
export function itemProblems(items: ReadItem[], inputLength: number): string[] {
  const problems: string[] = [];
  let last = 0;
  for (const item of items) {
    const where = `item ${items.indexOf(item) + 1} (record ${item.recordNumber}, byte ${item.byteOffset})`;
    if (!Number.isInteger(item.recordNumber) || item.recordNumber < 1)
      problems.push(`${where}: recordNumber below 1`);
    if (item.recordNumber <= last) problems.push(`${where}: recordNumber not increasing`);
    last = item.recordNumber;
    if (!Number.isInteger(item.byteOffset) || item.byteOffset < 0 || item.byteOffset > inputLength)
      problems.push(`${where}: byteOffset outside the ${inputLength}-byte input`);
    if (!item.ok && !Object.hasOwn(ERROR_CODES, item.code))
      problems.push(`${where}: unknown error code ${String(item.code)}`);
    if (item.ok && item.record.leader.length !== 24) problems.push(`${where}: leader not 24 characters`);
  }
  return problems;
}

/** A comparable digest of a read: what the consumer sees, in order; positions only when exact. */
function digest(items: ReadItem[], positions: boolean): string {
  return JSON.stringify(
    items.map((i) => {
      const at = positions ? i.byteOffset : undefined;
      if (i.ok) return { n: i.recordNumber, at, record: i.record, warnings: i.warnings.map((w) => w.code) };
      return {
        n: i.recordNumber,
        at,
        code: i.code,
        raw: positions ? Buffer.from(i.raw).toString('base64') : 0,
      };
    }),
  );
}

/**
 * The MARCXML reader maps character positions to bytes by re-encoding the text, so after a byte
 * that is not UTF-8 (decoded as U+FFFD) offsets and raw bytes may shift within that input slice,
 * as marcxml-source.ts says; with chunks of other sizes they shift differently.
 */
function positionsExact(reader: ReaderName, input: Uint8Array): boolean {
  return reader !== 'marcxml' || isUtf8(input);
}

/** Strict mode: an AppError with a registered code, thrown exactly when permissive mode saw an error. */
async function strictProblems(reader: ReaderName, input: Uint8Array, sawError: boolean): Promise<string[]> {
  try {
    await readAll(reader, input, { strict: true });
  } catch (err) {
    if (!(err instanceof AppError)) return [`strict read threw a non-AppError ${describe(err)}`];
    if (!Object.hasOwn(ERROR_CODES, err.code)) return [`strict read threw unknown code ${err.code}`];
    return sawError ? [] : [`strict read threw ${err.code} but the permissive read had no error item`];
  }
  return sawError ? ['strict read did not throw though the permissive read had an error item'] : [];
}

/** Every rule above, for one input; an empty list when the reader behaved. */
export async function checkInput(reader: ReaderName, input: Uint8Array): Promise<string[]> {
  let items: ReadItem[];
  try {
    items = await readAll(reader, input, {});
  } catch (err) {
    return [`permissive read threw ${describe(err)}`];
  }
  const problems = itemProblems(items, input.length);
  problems.push(
    ...(await strictProblems(
      reader,
      input,
      items.some((i) => !i.ok),
    )),
  );
  try {
    const chunked = await readAll(reader, input, {}, CHUNK_SIZES);
    const positions = positionsExact(reader, input);
    if (digest(chunked, positions) !== digest(items, positions))
      problems.push('chunked read differs from the one-chunk read');
  } catch (err) {
    problems.push(`chunked permissive read threw ${describe(err)}`);
  }
  return problems;
}
