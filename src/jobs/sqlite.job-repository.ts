import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../errors/app-error';
import type { IngestOptions } from '../ingest/ingest.types';
import { withDefaults } from './job.model';
import { JOB_STATES, type Job, type JobProgress, type JobState } from './job.types';

/**
 * The `jobs` table, in the catalog's SQLite file. Every state change is a compare-and-set
 * (`WHERE state IN (…)`), so a cancel and the runner starting the same job cannot both win.
 */
export const JOBS_SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  file_name TEXT,
  options TEXT NOT NULL,
  progress TEXT NOT NULL,
  error TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state);
CREATE TABLE IF NOT EXISTS jobs_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

interface JobRow {
  id: string;
  state: JobState;
  file_name: string | null;
  options: string;
  progress: string;
  error: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** Columns a transition may set besides the state; `null` clears one. */
export interface JobPatch {
  progress?: JobProgress;
  error?: { code: string; message: string } | null;
  startedAt?: string | null;
  finishedAt?: string | null;
}

const PATCH_COLUMNS: Record<keyof JobPatch, string> = {
  progress: 'progress',
  error: 'error',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
};

export class SqliteJobRepository {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {
    migrateJobs(db);
  }

  insert(job: Job, at: string): void {
    this.sql(
      `INSERT INTO jobs (id, state, file_name, options, progress, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      job.id,
      job.state,
      job.fileName ?? null,
      JSON.stringify(job.options),
      JSON.stringify(job.progress),
      job.createdBy ?? null,
      job.createdAt,
      at,
    );
  }

  get(id: string): Job | undefined {
    const row = this.sql('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row && toJob(row);
  }

  /** Newest first. */
  list(limit: number, state?: JobState): Job[] {
    const rows = (
      state === undefined
        ? this.sql('SELECT * FROM jobs ORDER BY rowid DESC LIMIT ?').all(limit)
        : this.sql('SELECT * FROM jobs WHERE state = ? ORDER BY rowid DESC LIMIT ?').all(state, limit)
    ) as JobRow[];
    return rows.map(toJob);
  }

  /** Moves a job from one of `from` to `to`; false when it was in none of them (someone else won). */
  transition(id: string, from: readonly JobState[], to: JobState, at: string, patch: JobPatch = {}): boolean {
    const keys = (Object.keys(PATCH_COLUMNS) as (keyof JobPatch)[]).filter((k) => k in patch);
    const sets = ['state = @to', 'updated_at = @at', ...keys.map((k) => `${PATCH_COLUMNS[k]} = @${k}`)];
    const params: Record<string, unknown> = { id, to, at, from: JSON.stringify(from) };
    for (const k of keys) params[k] = encode(patch[k]);
    const sql = `UPDATE jobs SET ${sets.join(', ')} WHERE id = @id AND state IN (SELECT value FROM json_each(@from))`;
    return this.sql(sql).run(params).changes === 1;
  }

  /** Progress of a running job, for readers on other connections; a no-op once it has finished. */
  saveProgress(id: string, progress: JobProgress, at: string): void {
    this.sql(`UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ? AND state = 'running'`).run(
      JSON.stringify(progress),
      at,
      id,
    );
  }

  /** Jobs a dead process left queued or running, except those this process holds. */
  interruptOrphans(keep: readonly string[], at: string): number {
    return this.sql(
      `UPDATE jobs SET state = 'interrupted', updated_at = ?
       WHERE state IN ('queued', 'running') AND id NOT IN (SELECT value FROM json_each(?))`,
    ).run(at, JSON.stringify(keep)).changes;
  }

  /**
   * The table shares the catalog's connection. An ingest batch is one transaction that spans
   * awaits; a job write made meanwhile would join it (and vanish if the batch rolled back), so
   * callers wait for this before writing.
   */
  async outsideTransaction(): Promise<void> {
    while (this.db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
  }

  countByState(): Record<JobState, number> {
    const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
    const rows = this.sql('SELECT state, count(*) AS n FROM jobs GROUP BY state').all() as {
      state: JobState;
      n: number;
    }[];
    for (const r of rows) counts[r.state] = r.n;
    return counts;
  }

  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

function migrateJobs(db: Database): void {
  db.exec(DDL);
  const row = db.prepare(`SELECT value FROM jobs_meta WHERE key = 'schema_version'`).get() as
    { value: string } | undefined;
  if (!row) {
    db.prepare(`INSERT INTO jobs_meta (key, value) VALUES ('schema_version', ?)`).run(
      String(JOBS_SCHEMA_VERSION),
    );
  } else if (Number(row.value) > JOBS_SCHEMA_VERSION) {
    throw new AppError(
      'store_unavailable',
      `jobs table schema version ${row.value} is newer than this Stacks (${JOBS_SCHEMA_VERSION}); upgrade Stacks`,
    );
  }
}

function encode(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function toJob(row: JobRow): Job {
  const job: Job = {
    id: row.id,
    state: row.state,
    options: withDefaults(JSON.parse(row.options) as Partial<IngestOptions>),
    progress: JSON.parse(row.progress) as JobProgress,
    createdAt: row.created_at,
  };
  if (row.file_name !== null) job.fileName = row.file_name;
  if (row.error !== null) job.error = JSON.parse(row.error) as Job['error'];
  if (row.created_by !== null) job.createdBy = row.created_by;
  if (row.started_at !== null) job.startedAt = row.started_at;
  if (row.finished_at !== null) job.finishedAt = row.finished_at;
  return job;
}
