import { createReadStream } from 'node:fs';
import type { Backends } from '../backends/backends';
import type { ReportLine } from '../ingest/ingest.types';
import { AppError } from '../errors/app-error';
import { noRecordsMessage, runIngest, type IngestEvents } from '../ingest/pipeline';
import type { MapRecord } from '../mapping/mapper';
import { countWarnings } from '../ingest/warning-counts';
import { RejectsWriter } from './job-rejects.file';
import { ReportWriter } from './job-report.file';
import { publicError } from './job.model';
import type { Job, JobProgress } from './job.types';

/** Why a running job was asked to stop: a staff cancel, or the server shutting down. */
export type StopReason = 'cancel' | 'shutdown';

export type RunResult =
  | { state: 'succeeded' | 'cancelled' | 'interrupted' }
  | { state: 'failed'; error: { code: string; message: string }; cause: unknown };

export interface RunContext {
  job: Job;
  uploadPath: string;
  reportPath: string;
  rejectsPath: string;
  backends: Backends;
  map: MapRecord;
  /** Aborted with a StopReason; honoured between batches. */
  signal: AbortSignal;
  /** Updated in place as lines come, so the service can show it live. */
  progress: JobProgress;
  /** After each batch is written and its lines are out: the moment to persist progress. */
  onBatch(): Promise<void>;
  onLine?(line: ReportLine): void;
}

/**
 * Thrown from the pipeline's event hooks when the job is asked to stop. The pipeline has no
 * cancellation option, but it calls `flush` after each batch's lines and its own `finally`
 * writes what was read, so throwing there stops it between whole batches (see docs/jobs.md).
 */
class Stop extends Error {}

/** Runs one job's upload through the ingest pipeline, writing its report; never throws. */
export async function runJob(ctx: RunContext): Promise<RunResult> {
  const report = new ReportWriter(ctx.reportPath);
  const rejects = new RejectsWriter(ctx.rejectsPath);
  const { progress } = ctx;
  try {
    const input = {
      name: ctx.job.fileName ?? 'upload',
      source: createReadStream(ctx.uploadPath, { highWaterMark: 1 << 20 }),
      ...(progress.totalBytes !== undefined ? { size: progress.totalBytes } : {}),
    };
    const summary = await runIngest(
      [input],
      ctx.backends,
      ctx.map,
      ctx.job.options,
      eventsFor(ctx, report, rejects),
    );
    await report.close();
    await rejects.close();
    if (progress.totalBytes !== undefined) progress.bytes = progress.totalBytes;
    const empty = summary.withoutRecords[0];
    // Loading nothing is not success: the upload was the wrong file (docs/jobs.md).
    if (empty) throw new AppError('marc_no_records', noRecordsMessage(empty), { file: empty.file });
    return { state: 'succeeded' };
  } catch (err) {
    await report.close().catch(() => undefined);
    await rejects.close().catch(() => undefined);
    if (err instanceof Stop) return stoppedResult(ctx.signal);
    return { state: 'failed', error: publicError(err), cause: err };
  }
}

function eventsFor(ctx: RunContext, report: ReportWriter, rejects: RejectsWriter): IngestEvents {
  const { progress, signal } = ctx;
  const stopIfAsked = (): void => {
    if (signal.aborted) throw new Stop();
  };
  return {
    line(line, raw) {
      progress.records++;
      progress.counts[line.outcome]++;
      if (line.warnings) countWarnings((progress.warnings ??= {}), line);
      // The pipeline reports bytes per read window, which may be the whole file; a written
      // record's offset moves on with every batch.
      progress.bytes = Math.max(progress.bytes, line.byteOffset);
      report.write(line);
      if (raw) rejects.write(raw);
      ctx.onLine?.(line);
    },
    progress(p) {
      progress.bytes = Math.max(progress.bytes, p.bytes);
      stopIfAsked();
    },
    async flush() {
      await report.drain();
      await rejects.drain();
      await ctx.onBatch();
      stopIfAsked();
    },
    indexPending(total) {
      progress.indexPending = total;
    },
  };
}

/** What a job asked to stop ends as: a shutdown leaves it resumable, a cancel ends it. */
export function stoppedResult(signal: AbortSignal): RunResult {
  return { state: signal.reason === 'shutdown' ? 'interrupted' : 'cancelled' };
}
