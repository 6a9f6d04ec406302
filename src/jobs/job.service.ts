import type { Database } from 'better-sqlite3';
import type { Backends } from '../backends/backends';
import { AppError } from '../errors/app-error';
import type { MapRecord } from '../mapping/mapper';
import { JobFiles } from './job-files.store';
import type { Outcome, ReportLine } from '../ingest/ingest.types';
import { readRejects } from './job-rejects.file';
import { readReportLines } from './job-report.file';
import { emptyProgress, isJobId, newJobId, RESUMABLE, withDefaults } from './job.model';
import { JobScheduler, type JobLog } from './job.scheduler';
import type { Job, JobService, JobState, JobStats, ReportFilter } from './job.types';
import { SqliteJobRepository } from './sqlite.job-repository';

export type { JobLog } from './job.scheduler';

export interface JobServiceDeps {
  /** The catalog's connection: the `jobs` table lives beside the records (see docs/jobs.md). */
  db: Database;
  backends: Backends;
  map: MapRecord;
  /** Uploads and reports are kept here as `<id>.upload` and `<id>.report.jsonl`. */
  uploadDir: string;
  /** Jobs run at a time (default 1; more only with backends whose units of work are independent). */
  concurrency?: number;
  /** Upload size guard (the API enforces its own limit first); over it, `payload_too_large`. */
  maxUploadBytes?: number;
  /** Least time between progress writes to the table (default 1000 ms; checked after each batch). */
  progressIntervalMs?: number;
  now?: () => Date;
  log?: JobLog;
}

/** The service, plus `idle()` for tests and an orderly CLI: resolves when nothing is queued or running. */
export interface JobServiceHandle extends JobService {
  stats(): Promise<JobStats>;
  idle(): Promise<void>;
}

export function createJobService(deps: JobServiceDeps): JobServiceHandle {
  return new InProcessJobService(deps);
}

const CANCELLABLE: JobState[] = ['queued', ...RESUMABLE];

/**
 * Ingest jobs run in this process from uploaded files. State lives in the `jobs` table; the queue
 * and the running job's live progress live in the scheduler, so a process that dies leaves
 * `queued`/`running` rows, which `recover()` at the next start turns into `interrupted`.
 */
class InProcessJobService implements JobServiceHandle {
  private readonly repo: SqliteJobRepository;
  private readonly files: JobFiles;
  private readonly scheduler: JobScheduler;
  private readonly now: () => Date;
  private closed = false;

  constructor(private readonly deps: JobServiceDeps) {
    this.repo = new SqliteJobRepository(deps.db);
    this.files = new JobFiles(deps.uploadDir);
    this.now = deps.now ?? (() => new Date());
    this.scheduler = new JobScheduler(this.repo, this.files, {
      backends: deps.backends,
      map: deps.map,
      concurrency: Math.max(1, Math.trunc(deps.concurrency ?? 1)),
      progressIntervalMs: deps.progressIntervalMs ?? 1000,
      now: this.now,
      log: deps.log ?? (() => undefined),
    });
  }

  async submit(input: Parameters<JobService['submit']>[0]): Promise<Job> {
    this.assertOpen();
    const id = newJobId();
    const bytes = await this.files.receive(id, input.source, this.deps.maxUploadBytes);
    const job: Job = {
      id,
      state: 'queued',
      options: withDefaults(input.options),
      progress: emptyProgress(bytes),
      createdAt: this.iso(),
    };
    if (input.fileName !== undefined) job.fileName = input.fileName;
    if (input.createdBy !== undefined) job.createdBy = input.createdBy;
    try {
      this.assertOpen();
      await this.repo.outsideTransaction();
      this.repo.insert(job, job.createdAt);
    } catch (err) {
      await this.files.removeUpload(id);
      throw err;
    }
    this.scheduler.enqueue(id);
    return job;
  }

  async get(id: string): Promise<Job | undefined> {
    if (!isJobId(id)) return undefined;
    const job = this.repo.get(id);
    return job && this.withLiveProgress(job);
  }

  async list(options: { limit?: number; state?: JobState } = {}): Promise<Job[]> {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 1000);
    return this.repo.list(limit, options.state).map((job) => this.withLiveProgress(job));
  }

  async report(id: string, filter: ReportFilter = {}): Promise<AsyncIterable<string> | undefined> {
    if (!(await this.get(id))) return undefined;
    const lines = readReportLines(this.files.report(id));
    return filter.outcomes?.length ? withOutcomes(lines, new Set(filter.outcomes)) : lines;
  }

  async rejects(id: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    if (!(await this.get(id))) return undefined;
    return readRejects(this.files.rejects(id));
  }

  async resume(id: string): Promise<Job> {
    this.assertOpen();
    const job = await this.require(id);
    if (!RESUMABLE.includes(job.state)) throw notAllowed(job, 'resumed');
    if (!(await this.files.hasUpload(id))) {
      const message = `job ${id}'s upload is no longer on disk; submit the file again`;
      throw new AppError('job_not_resumable', message, { jobId: id, state: job.state });
    }
    await this.repo.outsideTransaction();
    const reset = {
      progress: emptyProgress(job.progress.totalBytes),
      error: null,
      startedAt: null,
      finishedAt: null,
    };
    if (!this.repo.transition(id, RESUMABLE, 'queued', this.iso(), reset)) throw notAllowed(job, 'resumed');
    // The rerun writes a new report and rejects from the first record; the old ones would mislead.
    await this.files.removeRunFiles(id);
    this.scheduler.enqueue(id);
    return this.require(id);
  }

  async cancel(id: string): Promise<Job> {
    const job = await this.require(id);
    if (job.state === 'cancelled') return job;
    if (await this.scheduler.stop(id, 'cancel')) return this.require(id);
    if (!CANCELLABLE.includes(job.state)) throw notAllowed(job, 'cancelled');
    await this.repo.outsideTransaction();
    const at = this.iso();
    if (!this.repo.transition(id, CANCELLABLE, 'cancelled', at, { finishedAt: at })) {
      throw notAllowed(await this.require(id), 'cancelled');
    }
    this.scheduler.withdraw(id);
    await this.files.removeUpload(id);
    return this.require(id);
  }

  async recover(): Promise<number> {
    await this.repo.outsideTransaction();
    const interrupted = this.repo.interruptOrphans(this.scheduler.held(), this.iso());
    const removed = await this.files.sweep((id) => {
      const state = this.repo.get(id)?.state;
      return state !== undefined && ['queued', 'running', ...RESUMABLE].includes(state);
    });
    if (interrupted + removed > 0) this.deps.log?.('info', 'jobs recovered', { interrupted, removed });
    return interrupted;
  }

  /** Running jobs stop after their batch as `interrupted`, queued ones become `interrupted` too. */
  async close(): Promise<void> {
    this.closed = true;
    const waiting = await this.scheduler.shutdown();
    await this.repo.outsideTransaction();
    for (const id of waiting) this.repo.transition(id, ['queued'], 'interrupted', this.iso());
  }

  async stats(): Promise<JobStats> {
    return { jobs: this.repo.countByState(), records: { ...this.scheduler.ingested } };
  }

  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** The table is written at most every progressIntervalMs; this process knows the latest. */
  private withLiveProgress(job: Job): Job {
    const live = job.state === 'running' ? this.scheduler.live(job.id) : undefined;
    return live ? { ...job, progress: live } : job;
  }

  private async require(id: string): Promise<Job> {
    const job = await this.get(id);
    if (!job) throw new AppError('job_not_found', `no job ${id}`, { jobId: id });
    return job;
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('jobs_unavailable', 'the job service is shutting down');
  }

  private iso(): string {
    return this.now().toISOString();
  }
}

async function* withOutcomes(lines: AsyncIterable<string>, outcomes: Set<Outcome>): AsyncGenerator<string> {
  for await (const line of lines) if (outcomes.has((JSON.parse(line) as ReportLine).outcome)) yield line;
}

function notAllowed(job: Job, what: string): AppError {
  return new AppError('job_not_resumable', `job ${job.id} is ${job.state}; it cannot be ${what}`, {
    jobId: job.id,
    state: job.state,
  });
}
