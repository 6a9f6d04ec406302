import { AppError } from '../errors/app-error';
import { DETECT_BYTES, detectFormat, type MarcFormat } from './detect';
import type { ByteSource, ReadItem } from './read-item';
import { flatten, group } from './iterate';
import { readIso2709, readIso2709Batches, type Iso2709ReaderOptions } from './readers/iso2709.reader';
import { readMarcXml } from './readers/marcxml.reader';
import { readMarcInJson } from './readers/mij.reader';
import { readMrk } from './readers/mrk.reader';
import { peek } from './source';
import { iso2709Writer } from './writers/iso2709.writer';
import { marcXmlWriter } from './writers/marcxml.writer';
import { mijWriter } from './writers/mij.writer';
import { mrkWriter } from './writers/mrk.writer';
import type { MarcWriter } from './writers/writer';

export type { MarcFormat } from './detect';

/** Output formats: the four input formats, plus `jsonl` (one MARC-in-JSON object per line). */
export type OutputFormat = 'iso2709' | 'marcxml' | 'json' | 'jsonl' | 'mrk';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['iso2709', 'marcxml', 'json', 'jsonl', 'mrk'];

export interface ReadMarcOptions extends Iso2709ReaderOptions {
  format?: MarcFormat | 'auto';
}

/** Reads any supported format, detecting it from the first bytes unless told. */
export function readMarc(source: ByteSource, options: ReadMarcOptions = {}): AsyncIterable<ReadItem> {
  return flatten(readMarcBatches(source, options));
}

/**
 * The same in arrays of items: ISO 2709 parses a window of records at a time; the other formats
 * are grouped as they come. Bulk consumers (ingest, convert) use this and skip a promise per record.
 */
export async function* readMarcBatches(
  source: ByteSource,
  options: ReadMarcOptions = {},
): AsyncGenerator<ReadItem[]> {
  const { format, input } = await resolveFormat(source, options.format ?? 'auto');
  if (!format) return;
  if (format === 'iso2709') {
    yield* readIso2709Batches(input, options);
    return;
  }
  yield* group(readerFor(format)(input, options), GROUP);
}

const GROUP = 32;

async function resolveFormat(
  source: ByteSource,
  requested: MarcFormat | 'auto',
): Promise<{ format?: MarcFormat; input: ByteSource }> {
  if (requested !== 'auto') return { format: requested, input: source };
  const peeked = await peek(source, DETECT_BYTES);
  if (peeked.head.length === 0) return { input: peeked.source };
  const detected = detectFormat(peeked.head);
  if (!detected) {
    throw new AppError(
      'marc_unknown_format',
      'input is not ISO 2709, MARCXML, MARC-in-JSON or MRK; name its format (--format, or format in POST /ingest)',
      {
        head: peeked.head.subarray(0, 16).toString('latin1'),
      },
    );
  }
  return { format: detected, input: peeked.source };
}

export function readerFor(
  format: MarcFormat,
): (source: ByteSource, options: ReadMarcOptions) => AsyncIterable<ReadItem> {
  switch (format) {
    case 'iso2709':
      return readIso2709;
    case 'marcxml':
      return readMarcXml;
    case 'json':
      return readMarcInJson;
    case 'mrk':
      return readMrk;
  }
}

export function writerFor(format: OutputFormat): MarcWriter {
  switch (format) {
    case 'iso2709':
      return iso2709Writer();
    case 'marcxml':
      return marcXmlWriter();
    case 'json':
      return mijWriter({ lines: false });
    case 'jsonl':
      return mijWriter({ lines: true });
    case 'mrk':
      return mrkWriter();
  }
}
