import type { IngestOptions, Outcome } from '../ingest/ingest.types';

/**
 * Ingest jobs run in the server process from uploaded files. Their state lives in the database
 * beside the catalog, so a restart shows a job that was running as `interrupted`, and it can be
 * resumed (re-running a file is idempotent: records already in come out `unchanged`).
 */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'interrupted', 'cancelled'] as const;

/** Derived from the tuple, which `/metrics` and the state counts walk; openapi.yaml's enum is tested equal. */
export type JobState = (typeof JOB_STATES)[number];

export interface JobProgress {
  records: number;
  bytes: number;
  totalBytes?: number;
  counts: Record<Outcome, number>;
  /** The readers' repairs by warning code, as `stacks ingest` sums them; absent while there are none. */
  warnings?: Record<string, number>;
  /**
   * Records this job stored that the search index has not taken yet (down, or refusing them);
   * absent while there are none. They wait in the store's outbox for the catch-up.
   */
  indexPending?: number;
}

export interface Job {
  id: string;
  state: JobState;
  /** Original file name of the upload, if the client gave one. */
  fileName?: string;
  options: IngestOptions;
  progress: JobProgress;
  /** Set when the job failed: what went wrong (never a stack trace). */
  error?: { code: string; message: string };
  /** Who started it: the API key's name (never the key itself). */
  createdBy?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

/** Which report lines to give: only those of these outcomes (all when absent or empty). */
export interface ReportFilter {
  outcomes?: readonly Outcome[];
}

/** A read-only view for `/metrics`. */
export interface JobStats {
  /** Jobs in the table, by state (a gauge). */
  jobs: Record<JobState, number>;
  /** Records written by jobs this process ran since it started, by outcome (counters; dry runs excluded). */
  records: Record<Outcome, number>;
}

export interface JobService {
  /** Stores the upload (streamed to disk, never buffered whole) and queues the job. */
  submit(input: {
    source: AsyncIterable<Uint8Array>;
    fileName?: string;
    options: IngestOptions;
    createdBy?: string;
  }): Promise<Job>;
  get(id: string): Promise<Job | undefined>;
  list(options?: { limit?: number; state?: JobState }): Promise<Job[]>;
  /** The job's report so far: one JSON line per record, as `stacks ingest --report` writes it. */
  report(id: string, filter?: ReportFilter): Promise<AsyncIterable<string> | undefined>;
  /**
   * The bytes of the job's rejected records so far, as uploaded (`stacks ingest --rejects`);
   * optional, so test doubles of this interface need not grow.
   */
  rejects?(id: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  /** Re-queues an interrupted or failed job; its file is read again from the start. */
  resume(id: string): Promise<Job>;
  cancel(id: string): Promise<Job>;
  /** At start-up: jobs left `running` by a previous process become `interrupted`. */
  recover(): Promise<number>;
  /** Counters for `/metrics` (optional, so test doubles of this interface need not grow). */
  stats?(): Promise<JobStats>;
  close(): Promise<void>;
}
