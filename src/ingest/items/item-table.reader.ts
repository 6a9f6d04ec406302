import { parse, type CsvError, type Info } from 'csv-parse';
import type { Readable } from 'node:stream';
import { AppError } from '../../errors/app-error';

/** One row of a spreadsheet: its values, or why it could not be read. */
export type TableRow = { row: number; values: string[] } | { row: number; error: string };

export interface ItemTable {
  headers: string[];
  /** Rows after the header, numbered as a spreadsheet shows them (the header is row 1). */
  rows: AsyncIterable<TableRow>;
}

export type Delimiter = ',' | '\t' | ';';
const DELIMITERS: readonly Delimiter[] = [',', '\t', ';'];

/**
 * A CSV or TSV file with a header, read with csv-parse as a stream (constant memory). The
 * delimiter is the one of comma, tab or semicolon (Excel's CSV in much of Europe) that the header
 * line holds most of, unless given. A row the parser cannot read is reported and skipped; quotes
 * inside an unquoted value (`12" LP`) are kept as text.
 */
export async function openItemTable(source: Readable, delimiter?: Delimiter): Promise<ItemTable> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const first = await chunks.next();
  if (first.done) throw new AppError('input_unreadable', 'the file is empty: expected a header line');
  const head = String(first.value);
  const parser = parse({
    bom: true,
    delimiter: delimiter ?? sniffDelimiter(head),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
  });
  const skipped: { records: number; message: string }[] = [];
  parser.on('skip', (err: CsvError) =>
    skipped.push({ records: Number(err.records ?? 0), message: err.message }),
  );
  void feed(parser, first.value, chunks);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: Info }>;
  const header = await records.next();
  if (header.done) throw new AppError('input_unreadable', 'the file holds no header line');
  return { headers: header.value.record.map((h) => h.trim()), rows: rowsOf(records, skipped) };
}

/** Writes the source into the parser with backpressure; a read error ends the parse with it. */
async function feed(
  parser: ReturnType<typeof parse>,
  first: Buffer | string,
  rest: AsyncIterator<Buffer | string>,
): Promise<void> {
  try {
    let chunk: IteratorResult<Buffer | string> = { done: false, value: first };
    while (!chunk.done) {
      if (!parser.write(chunk.value)) await new Promise((resolve) => parser.once('drain', resolve));
      chunk = await rest.next();
    }
    parser.end();
  } catch (err) {
    parser.destroy(err as Error);
  }
}

/**
 * Numbers rows as a spreadsheet does. The parser counts only the records it kept, and reports a
 * skipped one by the count before it; both are merged here in file order.
 */
async function* rowsOf(
  records: AsyncIterator<{ record: string[]; info: Info }>,
  skipped: { records: number; message: string }[],
): AsyncGenerator<TableRow> {
  let skips = 0;
  const pendingBefore = function* (records: number): Generator<TableRow> {
    while (skipped.length > 0 && skipped[0]!.records < records) {
      const skip = skipped.shift()!;
      yield { row: skip.records + 1 + skips++, error: `unreadable: ${skip.message}` };
    }
  };
  for (let next = await records.next(); !next.done; next = await records.next()) {
    const { record, info } = next.value;
    yield* pendingBefore(info.records);
    yield { row: info.records + skips, values: record };
  }
  yield* pendingBefore(Number.MAX_SAFE_INTEGER);
}

export function sniffDelimiter(text: string): Delimiter {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (d: string) => line.split(d).length - 1;
  return DELIMITERS.reduce((best, d) => (count(d) > count(best) ? d : best), DELIMITERS[0]!);
}

export function delimiterFor(path: string, given?: string): Delimiter | undefined {
  if (given !== undefined) {
    const named: Record<string, Delimiter> = {
      ',': ',',
      comma: ',',
      tab: '\t',
      '\t': '\t',
      ';': ';',
      semicolon: ';',
    };
    const d = named[given.toLowerCase()];
    if (!d) throw new AppError('invalid_config', `--delimiter "${given}" is not comma, tab or semicolon`);
    return d;
  }
  return /\.(tsv|tab)$/i.test(path) ? '\t' : undefined;
}
