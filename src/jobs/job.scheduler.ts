import type { Backends } from '../backends/backends';
import type { MapRecord } from '../mapping/mapper';
import type { JobFiles } from './job-files.store';
import { copyProgress, emptyProgress, zeroCounts } from './job.model';
import { runJob, stoppedResult, type RunResult, type StopReason } from './job.runner';
import type { JobProgress, JobState } from './job.types';
import type { SqliteJobRepository } from './sqlite.job-repository';

export type JobLog = (level: 'info' | 'error', message: string, fields: Record<string, unknown>) => void;

export interface SchedulerOptions {
  backends: Backends;
  map: MapRecord;
  concurrency: number;
  progressIntervalMs: number;
  now: () => Date;
  log: JobLog;
}

interface Active {
  controller: AbortController;
  progress: JobProgress;
  done: Promise<void>;
}

/**
 * The in-process queue: jobs start in submission order, `concurrency` at a time. It holds what
 * the table cannot: which jobs this process is responsible for, their live progress, and the
 * handle to stop each one between batches.
 */
export class JobScheduler {
  /** Records written by jobs of this process, by outcome (dry runs excluded), for /metrics. */
  readonly ingested = zeroCounts();
  private readonly queue: string[] = [];
  private readonly running = new Map<string, Active>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly repo: SqliteJobRepository,
    private readonly files: JobFiles,
    private readonly options: SchedulerOptions,
  ) {}

  enqueue(id: string): void {
    this.queue.push(id);
    this.pump();
  }

  /** Takes a job off the queue before it starts; false if it was not waiting here. */
  withdraw(id: string): boolean {
    const at = this.queue.indexOf(id);
    if (at >= 0) this.queue.splice(at, 1);
    return at >= 0;
  }

  /** Ids of jobs this process has queued or is running. */
  held(): string[] {
    return [...this.queue, ...this.running.keys()];
  }

  /** The running job's progress as of its last record (the table lags by up to the interval). */
  live(id: string): JobProgress | undefined {
    const active = this.running.get(id);
    return active && copyProgress(active.progress);
  }

  /** Asks a running job to stop after its current batch and waits for it; false if none runs here. */
  async stop(id: string, reason: StopReason): Promise<boolean> {
    const active = this.running.get(id);
    if (!active) return false;
    active.controller.abort(reason);
    await active.done;
    return true;
  }

  /** Starts nothing more; running jobs stop as `interrupted`. Returns the ids that never started. */
  async shutdown(): Promise<string[]> {
    this.closed = true;
    const waiting = this.queue.splice(0);
    const running = [...this.running.keys()];
    await Promise.all(running.map((id) => this.stop(id, 'shutdown')));
    return waiting;
  }

  idle(): Promise<void> {
    if (this.running.size === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.options.concurrency && this.queue.length > 0) {
      this.start(this.queue.shift()!);
    }
    if (this.running.size === 0 && this.queue.length === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private start(id: string): void {
    const active: Active = {
      controller: new AbortController(),
      progress: emptyProgress(),
      done: Promise.resolve(),
    };
    this.running.set(id, active);
    active.done = this.execute(id, active)
      .catch((err: unknown) => this.options.log('error', 'job runner failed', { jobId: id, err }))
      .finally(() => {
        this.running.delete(id);
        this.pump();
      });
  }

  private async execute(id: string, active: Active): Promise<void> {
    await this.repo.outsideTransaction();
    const job = this.repo.get(id);
    if (!job) return;
    active.progress = emptyProgress(job.progress.totalBytes);
    const signal = active.controller.signal;
    // Asked to stop before it began (cancel or shutdown while waiting for the connection).
    if (signal.aborted) return this.finish(id, active.progress, stoppedResult(signal), ['queued']);
    const startedAt = this.iso();
    // A cancel between queueing and now has already moved it on; then there is nothing to run.
    if (!this.repo.transition(id, ['queued'], 'running', startedAt, { progress: active.progress, startedAt }))
      return;
    this.options.log('info', 'job started', { jobId: id, fileName: job.fileName });
    const result = await runJob({
      job,
      uploadPath: this.files.upload(id),
      reportPath: this.files.report(id),
      rejectsPath: this.files.rejects(id),
      backends: this.options.backends,
      map: this.options.map,
      signal,
      progress: active.progress,
      onBatch: this.progressSaver(id, active.progress),
      onLine: job.options.dryRun ? undefined : (line) => this.ingested[line.outcome]++,
    });
    await this.finish(id, active.progress, result, ['running']);
  }

  /** Writes progress after a batch, at most every progressIntervalMs, so other connections see it. */
  private progressSaver(id: string, progress: JobProgress): () => Promise<void> {
    let last = this.options.now().getTime();
    return async () => {
      const t = this.options.now().getTime();
      if (t - last < this.options.progressIntervalMs) return;
      last = t;
      await this.repo.outsideTransaction();
      this.repo.saveProgress(id, progress, this.iso());
    };
  }

  private async finish(
    id: string,
    progress: JobProgress,
    result: RunResult,
    from: JobState[],
  ): Promise<void> {
    await this.repo.outsideTransaction();
    const at = this.iso();
    const error = result.state === 'failed' ? result.error : null;
    const finishedAt = result.state === 'interrupted' ? null : at;
    this.repo.transition(id, from, result.state, at, { progress, error, finishedAt });
    // Only now, with the outcome recorded and the report closed, is the upload no longer needed.
    if (result.state === 'succeeded' || result.state === 'cancelled') await this.files.removeUpload(id);
    const fields = {
      jobId: id,
      records: progress.records,
      counts: progress.counts,
      ...(progress.warnings && { warnings: progress.warnings }),
      ...(progress.indexPending !== undefined && { indexPending: progress.indexPending }),
    };
    if (result.state === 'failed') this.options.log('error', 'job failed', { ...fields, err: result.cause });
    else this.options.log('info', `job ${result.state}`, fields);
  }

  private iso(): string {
    return this.options.now().toISOString();
  }
}
