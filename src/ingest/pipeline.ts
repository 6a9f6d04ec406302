import type { Backends } from '../backends/backends';
import { portableProfile } from '../mapping/mapper';
import type { MappingProfile } from '../mapping/profile';
import { describeNonMarc, keepingHead } from '../marc/non-marc';
import type { ByteSource } from '../marc/read-item';
import { predictBatch, writeBatch } from './batch-writer';
import type { MapRecord } from '../mapping/mapper';
import { localEntries, rawOf } from './entries';
import {
  ITEM_OUTCOMES,
  OUTCOMES,
  type IngestOptions,
  type ItemOutcome,
  type Outcome,
  type ReportLine,
} from './ingest.types';
import { InputBarcodes } from './input-barcodes';
import { InputIds } from './input-ids';
import type { ItemsOfBatch } from './item-writer';
import { Intake } from './intake';
import { resolveMatches } from './matcher';
import type { Entry, StagedRecord } from './staged-record';
import { countWarnings, type WarningCounts } from './warning-counts';
import { DryRun } from './dry-run';
import { workerAvailable, workerEntries } from './worker-entries';

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
  /**
   * After a batch the index did not wholly take: how many records this run has stored so far that
   * wait for it (the summary's `indexPending`, as it grows).
   */
  indexPending?(total: number): void;
}

export interface InputWithoutRecords {
  file: string;
  /** What it looked like instead: `it is empty`, `it looks like an OAI-PMH response …`. */
  looksLike: string;
}

/** `oai.xml holds no MARC records: it looks like an OAI-PMH response (metadataPrefix oai_dc) …` */
export function noRecordsMessage(input: InputWithoutRecords): string {
  return `${input.file} holds no MARC records: ${input.looksLike}`;
}

export interface IngestSummary {
  counts: Record<Outcome, number>;
  records: number;
  /** The records' items by what the run did (a dry run: would do) to them: the report lines' `itemOutcomes` added up. */
  items: Record<ItemOutcome, number>;
  /** The readers' repairs and assumptions, by warning code (`leader_repaired: 2980`). */
  warnings: WarningCounts;
  /**
   * Inputs that held no MARC record at all (not even a damaged one): an empty file, an OAI-PMH
   * response in Dublin Core… Loading nothing is not success; the CLI and jobs say so.
   */
  withoutRecords: InputWithoutRecords[];
  seconds: number;
  /**
   * Records this run stored that the search index does not have yet (it was down or refused
   * them): they wait in the store's outbox for `stacks reindex --pending` or a running server.
   */
  indexPending: number;
  /** Why, when indexPending is not 0: the index's last error. */
  indexProblem?: string;
}

/**
 * Reads each input, maps every record, and writes batches as units of work. Every input record
 * ends as exactly one report line; a damaged or unmappable record is rejected with its reason and
 * its bytes, and the rest go on. A reader that gives up (strict mode, unknown format) stops its
 * file after what was read has been written. With a mapper compiled from a profile, reading and
 * mapping run in a worker thread and this thread only writes (docs/ingest.md).
 */
export async function runIngest(
  inputs: IngestInput[],
  backends: Backends,
  map: MapRecord,
  options: IngestOptions,
  events: IngestEvents,
): Promise<IngestSummary> {
  const started = Date.now();
  const run = new Run(backends, options, events, totalOf(inputs));
  const profile = workerProfile(map, options);
  for (const input of inputs) {
    const { source, head } = keepingHead(input.source);
    const before = run.records;
    await run.input(entriesOf(source, input.name, profile, { backends, map, options }));
    run.bytesBefore += input.size ?? 0;
    if (run.records === before)
      run.withoutRecords.push({ file: input.name, looksLike: describeNonMarc(head()) });
  }
  const summary: IngestSummary = {
    counts: run.counts,
    records: run.records,
    items: run.items,
    warnings: run.warnings,
    withoutRecords: run.withoutRecords,
    seconds: (Date.now() - started) / 1000,
    indexPending: run.indexPending,
  };
  const problem = backends.indexOutbox?.lastFailure();
  if (run.indexPending > 0 && problem !== undefined) summary.indexProblem = problem;
  return summary;
}

function entriesOf(
  source: ByteSource,
  file: string,
  profile: MappingProfile | undefined,
  { backends, map, options }: { backends: Backends; map: MapRecord; options: IngestOptions },
): AsyncIterable<Entry[]> {
  if (!profile) return localEntries(source, file, map, options);
  const preparer = backends.index.preparer;
  return workerEntries(source, {
    file,
    format: options.format,
    charset: options.charset,
    profile,
    ...(preparer !== undefined && { documentPreparer: preparer }),
    maxUnacknowledged: Math.max(options.batchSize, 1000),
  });
}

/**
 * The profile a worker thread compiles into the same mapper: a mapper is a closure, which cannot
 * cross threads, but the rules it was compiled from are data. A caller's own function,
 * `worker: false`, or a build without the worker's compiled file maps on this thread.
 */
function workerProfile(map: MapRecord, options: IngestOptions): MappingProfile | undefined {
  if (options.worker === false || !workerAvailable()) return undefined;
  return portableProfile(map);
}

type Settled = { line: ReportLine; raw?: Uint8Array };

class Run {
  readonly counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  readonly items = Object.fromEntries(ITEM_OUTCOMES.map((o) => [o, 0])) as Record<ItemOutcome, number>;
  readonly warnings: WarningCounts = {};
  readonly withoutRecords: InputWithoutRecords[] = [];
  records = 0;
  bytesBefore = 0;
  indexPending = 0;
  /** A dry run's view of what it would have written, for the item step's later reads. */
  private readonly dryRun?: DryRun;

  constructor(
    private readonly backends: Backends,
    private readonly options: IngestOptions,
    private readonly events: IngestEvents,
    private readonly totalBytes: number | undefined,
  ) {
    if (options.dryRun) this.dryRun = new DryRun(backends);
  }

  async input(source: AsyncIterable<Entry[]>): Promise<void> {
    const before = this.records;
    const intake = new Intake(source, (taken, last) =>
      this.events.progress?.({
        records: before + taken,
        bytes: this.bytesBefore + (last?.byteOffset ?? 0),
        totalBytes: this.totalBytes,
      }),
    );
    const ids = new InputIds();
    const barcodes = new InputBarcodes();
    try {
      while (!intake.done) {
        for (const s of await this.settle(await intake.take(this.options.batchSize), ids, barcodes))
          this.emit(s.line, s.raw);
        await this.events.flush?.();
      }
    } finally {
      await intake.close();
    }
    if (intake.error !== undefined) throw intake.error;
  }

  /**
   * One batch, gathered before its transaction opens: the transaction then runs without a turn of
   * the event loop, so no other task sharing the connection (the server's) can write inside it.
   */
  private async settle(entries: Entry[], ids: InputIds, barcodes: InputBarcodes): Promise<Settled[]> {
    const batch = entries.flatMap((e) => ('staged' in e ? [e.staged] : []));
    const holdingsRecords = entries.flatMap((e) => ('holdingsRecord' in e ? [e.holdingsRecord] : []));
    if (batch.length > 0) await resolveMatches(batch, this.backends.store, this.options, ids);
    if (batch.length > 0 || holdingsRecords.length > 0) {
      const plan = { holdingsRecords, barcodes, syncItems: this.options.syncItems === true };
      if (this.dryRun) await predictBatch(batch, this.backends.store, { dryRun: this.dryRun, plan });
      else await this.write(batch, plan);
    }
    return entries.map((e): Settled => {
      if ('staged' in e) return settled(e.staged);
      if ('holdingsRecord' in e) return { line: e.holdingsRecord.line };
      return { line: e.rejected, raw: e.raw };
    });
  }

  private async write(batch: StagedRecord[], items: ItemsOfBatch): Promise<void> {
    const { indexPending } = await writeBatch(batch, this.backends, items);
    if (indexPending === 0) return;
    this.indexPending += indexPending;
    this.events.indexPending?.(this.indexPending);
  }

  private emit(line: ReportLine, raw?: Uint8Array): void {
    this.counts[line.outcome]++;
    this.records++;
    for (const o of ITEM_OUTCOMES) this.items[o] += line.itemOutcomes?.[o] ?? 0;
    countWarnings(this.warnings, line);
    this.events.line(line, raw);
  }
}

function totalOf(inputs: IngestInput[]): number | undefined {
  return inputs.every((i) => i.size !== undefined)
    ? inputs.reduce((n, i) => n + (i.size ?? 0), 0)
    : undefined;
}

/** A record rejected after reading (ambiguous match, duplicate id) still leaves its bytes. */
function settled(p: StagedRecord): Settled {
  const line = reportLine(p);
  return line.outcome === 'rejected' ? { line, raw: rawOf(p.record) } : { line };
}

function reportLine(p: StagedRecord): ReportLine {
  const line: ReportLine = { ...p.line, id: p.document.id, outcome: p.decided?.outcome ?? 'rejected' };
  if (p.document.controlNumber !== undefined) line.controlNumber = p.document.controlNumber;
  const reason = p.decided ? p.decided.reason : 'not written';
  if (reason !== undefined) line.reason = reason;
  return line;
}
