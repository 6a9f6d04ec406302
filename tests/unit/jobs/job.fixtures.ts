import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Backends } from '../../../src/backends/backends';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { DEFAULT_INGEST_OPTIONS, type IngestOptions } from '../../../src/ingest/ingest.types';
import { createJobService, type JobServiceDeps, type JobServiceHandle } from '../../../src/jobs/job.service';
import type { Job } from '../../../src/jobs/job.types';
import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import { collect } from '../../support/collect';

/**
 * A temp SQLite catalog whose connection the tests hold, as the server does: the jobs table goes
 * on the same connection as the store and index.
 */
export interface Catalog {
  dir: string;
  file: string;
  uploadDir: string;
  db: Database.Database;
  backends: Backends;
}

const opened: { close(): Promise<void> | void }[] = [];

export function openCatalog(dir = mkdtempSync(path.join(tmpdir(), 'stacks-jobs-'))): Catalog {
  const file = path.join(dir, 'catalog.db');
  const backends = openSqliteBackends(file);
  const { db } = backends;
  opened.push(backends);
  return { dir, file, uploadDir: path.join(dir, 'uploads'), db, backends };
}

export function startJobs(catalog: Catalog, deps: Partial<JobServiceDeps> = {}): JobServiceHandle {
  const jobs = createJobService({
    db: catalog.db,
    backends: catalog.backends,
    map: createDefaultMapper(),
    uploadDir: catalog.uploadDir,
    progressIntervalMs: 0,
    ...deps,
  });
  opened.unshift(jobs);
  return jobs;
}

/** Closes every service and connection the test opened (services first) and removes temp dirs. */
export async function closeAll(): Promise<void> {
  for (const o of opened.splice(0)) await o.close();
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The bytes in chunks, as an HTTP body arrives. */
export async function* chunks(bytes: Uint8Array, size = 4096): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

export function options(overrides: Partial<IngestOptions> = {}): IngestOptions {
  return { ...DEFAULT_INGEST_OPTIONS, ...overrides };
}

export async function submitBytes(
  jobs: JobServiceHandle,
  bytes: Uint8Array,
  overrides: Partial<IngestOptions> = {},
): Promise<Job> {
  return jobs.submit({
    source: chunks(bytes),
    fileName: 'in.mrc',
    options: options(overrides),
    createdBy: 'cataloger',
  });
}

export async function lines(jobs: JobServiceHandle, id: string): Promise<string[]> {
  const report = await jobs.report(id);
  return report ? collect(report) : [];
}

/**
 * Backends whose `n`th unit of work waits for `release()` before it begins (no transaction is
 * open while it waits), so a test can act while a job is mid-run at a known batch.
 */
export function gated(
  backends: Backends,
  n: number,
): { backends: Backends; reached: Promise<void>; release(): void } {
  let calls = 0;
  let arrive = (): void => undefined;
  let release = (): void => undefined;
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  const wrapped: Backends = {
    ...backends,
    async atomically(work) {
      if (++calls === n) {
        arrive();
        await gate;
      }
      return backends.atomically(work);
    },
  };
  return { backends: wrapped, reached, release };
}

/** Backends whose `n`th unit of work fails as if the process had died there (nothing of it commits). */
export function crashing(backends: Backends, n: number): Backends {
  let calls = 0;
  return {
    ...backends,
    async atomically(work) {
      if (++calls === n) throw new Error('simulated crash at /secret/path');
      return backends.atomically(work);
    },
  };
}

/** Everything that defines the catalog's state: records with versions and content, and what the index holds. */
export function snapshot(db: Database.Database): { records: string[]; indexed: number; identifiers: number } {
  const records = (
    db.prepare('SELECT id, version, content_hash FROM records ORDER BY id').all() as {
      id: string;
      version: number;
      content_hash: string;
    }[]
  ).map((r) => `${r.id} v${r.version} ${r.content_hash}`);
  const indexed = (db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
  const identifiers = (db.prepare('SELECT count(*) AS n FROM identifiers').get() as { n: number }).n;
  return { records, indexed, identifiers };
}
