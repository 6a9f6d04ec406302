import type { Backends } from '../backends/backends';
import type { CatalogDocument } from '../domain/catalog-document';
import { AppError } from '../errors/app-error';
import { readMarcBatches } from '../marc/formats';
import type { ByteSource, ReadItem, RecordItem } from '../marc/read-item';
import type { MarcRecord } from '../marc/record';
import { toIso2709 } from '../marc/writers/iso2709.writer';
import { predictBatch, writeBatch } from './batch-writer';
import { OUTCOMES, type IngestOptions, type Outcome, type ReportLine } from './ingest.types';
import { resolveMatches } from './matcher';
import type { Pending } from './pending';

export type MapRecord = (record: MarcRecord) => CatalogDocument;

export interface IngestInput {
  name: string;
  source: ByteSource;
  /** Bytes, when known, for progress and ETA. */
  size?: number;
}

export interface IngestEvents {
  /** Every record's outcome, in input order; `raw` for rejected records (for a rejects file). */
  line(line: ReportLine, raw?: Uint8Array): void;
  progress?(state: { records: number; bytes: number; totalBytes?: number }): void;
  /** Called after each batch's lines: a chance to write them out with backpressure. */
  flush?(): Promise<void>;
}

export interface IngestSummary {
  counts: Record<Outcome, number>;
  records: number;
  seconds: number;
}

type Entry = { pending: Pending } | { rejected: ReportLine; raw: Uint8Array };

/**
 * Reads each input, maps every record, and writes batches as units of work. Every input record
 * ends as exactly one report line; a damaged or unmappable record is rejected with its reason and
 * its bytes, and the rest go on. A reader that gives up (strict mode, unknown format) stops its
 * file after what was read has been written.
 */
export async function runIngest(
  inputs: IngestInput[],
  backends: Backends,
  map: MapRecord,
  options: IngestOptions,
  events: IngestEvents,
): Promise<IngestSummary> {
  const started = Date.now();
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const totalBytes = inputs.every((i) => i.size !== undefined)
    ? inputs.reduce((n, i) => n + (i.size ?? 0), 0)
    : undefined;
  let bytesBefore = 0;
  let records = 0;
  const emit = (line: ReportLine, raw?: Uint8Array): void => {
    counts[line.outcome]++;
    records++;
    events.line(line, raw);
  };
  for (const input of inputs) {
    let entries: Entry[] = [];
    const flush = async (): Promise<void> => {
      await settle(entries, backends, options);
      for (const e of entries) {
        if ('pending' in e) emit(lineOf(e.pending));
        else emit(e.rejected, e.raw);
      }
      entries = [];
      await events.flush?.();
    };
    try {
      for await (const items of readMarcBatches(input.source, {
        format: options.format,
        charset: options.charset,
      })) {
        for (const item of items) {
          entries.push(toEntry(item, input.name, map));
          if (entries.length >= options.batchSize) await flush();
        }
        const last = items[items.length - 1];
        events.progress?.({
          records: records + entries.length,
          bytes: bytesBefore + (last?.byteOffset ?? 0),
          totalBytes,
        });
      }
    } finally {
      await flush();
    }
    bytesBefore += input.size ?? 0;
  }
  return { counts, records, seconds: (Date.now() - started) / 1000 };
}

async function settle(entries: Entry[], backends: Backends, options: IngestOptions): Promise<void> {
  const batch = entries.flatMap((e) => ('pending' in e ? [e.pending] : []));
  if (batch.length === 0) return;
  await resolveMatches(batch, backends.store, options);
  if (options.dryRun) await predictBatch(batch, backends.store);
  else await writeBatch(batch, backends);
}

function toEntry(item: ReadItem, file: string, map: MapRecord): Entry {
  const at = { record: item.recordNumber, file, byteOffset: item.byteOffset };
  if (!item.ok)
    return {
      rejected: { ...at, outcome: 'rejected', reason: `${item.code}: ${item.message}` },
      raw: item.raw,
    };
  const warnings =
    item.warnings.length > 0 ? { warnings: item.warnings.map((w) => `${w.code}: ${w.message}`) } : {};
  try {
    const document = map(item.record);
    return { pending: { line: { ...at, ...warnings, outcome: 'rejected' }, record: item.record, document } };
  } catch (err) {
    return {
      rejected: { ...at, ...warnings, outcome: 'rejected', reason: `mapping failed: ${messageOf(err)}` },
      raw: rawOf(item),
    };
  }
}

function lineOf(p: Pending): ReportLine {
  const line: ReportLine = { ...p.line, id: p.document.id, outcome: p.decided?.outcome ?? 'rejected' };
  if (p.document.controlNumber !== undefined) line.controlNumber = p.document.controlNumber;
  const reason = p.decided ? p.decided.reason : 'not written';
  if (reason !== undefined) line.reason = reason;
  return line;
}

function rawOf(item: RecordItem): Uint8Array {
  try {
    return toIso2709(item.record);
  } catch {
    return Buffer.from(JSON.stringify(item.record));
  }
}

function messageOf(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
