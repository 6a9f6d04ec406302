import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error';
import { DEFAULT_INGEST_OPTIONS, OUTCOMES, type IngestOptions, type Outcome } from '../ingest/ingest.types';
import type { JobProgress, JobState } from './job.types';

/** States a job can be re-queued from: its upload is still on disk and nothing else will run it. */
export const RESUMABLE: readonly JobState[] = ['interrupted', 'failed'];

/** 12 random bytes in base64url: 16 URL-safe characters, unguessable, no sequence to enumerate. */
export function newJobId(): string {
  return randomBytes(12).toString('base64url');
}

const JOB_ID = /^[A-Za-z0-9_-]{16}$/;

/** Ids become file names under the upload directory, so anything else is refused before any lookup. */
export function isJobId(id: string): boolean {
  return JOB_ID.test(id);
}

export function zeroCounts(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
}

export function emptyProgress(totalBytes?: number): JobProgress {
  const progress: JobProgress = { records: 0, bytes: 0, counts: zeroCounts() };
  if (totalBytes !== undefined) progress.totalBytes = totalBytes;
  return progress;
}

export function copyProgress(p: JobProgress): JobProgress {
  return { ...p, counts: { ...p.counts }, ...(p.warnings && { warnings: { ...p.warnings } }) };
}

/** What a failed job shows: an AppError's code and message, or a generic line (details go to the log). */
export function publicError(err: unknown): { code: string; message: string } {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  return { code: 'internal_error', message: 'the ingest stopped on an unexpected error; see the server log' };
}

/** The CLI's defaults under whatever the caller set; a key set to `undefined` keeps its default. */
export function withDefaults(options: Partial<IngestOptions>): IngestOptions {
  const given = Object.entries(options).filter(([, v]) => v !== undefined);
  return { ...DEFAULT_INGEST_OPTIONS, ...(Object.fromEntries(given) as Partial<IngestOptions>) };
}
