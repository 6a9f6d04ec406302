import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src/errors/app-error';
import type { ReportLine } from '../../../src/ingest/ingest.types';
import { syntheticFile } from '../../support/synthetic';
import {
  closeAll,
  gated,
  lines,
  openCatalog,
  options,
  removeDir,
  snapshot,
  startJobs,
  submitBytes,
  type Catalog,
} from './job.fixtures';

let catalog: Catalog;

beforeEach(() => {
  catalog = openCatalog();
});

afterEach(async () => {
  await closeAll();
  removeDir(catalog.dir);
});

describe('ingest jobs', () => {
  test('when a file is submitted, then it runs to succeeded with its counts, report lines and no upload left', async () => {
    const jobs = startJobs(catalog);
    const bytes = syntheticFile(25);

    const submitted = await submitBytes(jobs, bytes, { batchSize: 10 });
    await jobs.idle();
    const job = await jobs.get(submitted.id);

    expect(submitted.state).toBe('queued');
    expect(submitted.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(job).toMatchObject({
      state: 'succeeded',
      fileName: 'in.mrc',
      createdBy: 'cataloger',
      progress: { records: 25, bytes: bytes.length, totalBytes: bytes.length },
    });
    expect(job?.progress.counts).toEqual({
      created: 25,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      skipped: 0,
      rejected: 0,
      holdings: 0,
    });
    expect(job?.startedAt).toBeDefined();
    expect(job?.finishedAt).toBeDefined();
    expect(job?.error).toBeUndefined();
    const report = (await lines(jobs, submitted.id)).map((l) => JSON.parse(l) as ReportLine);
    expect(report.map((l) => [l.record, l.outcome, l.file])).toEqual(
      Array.from({ length: 25 }, (_, i) => [i + 1, 'created', 'in.mrc']),
    );
    expect(report[0]?.id).toBe('syn0000001');
    expect(readdirSync(catalog.uploadDir)).toEqual([`${submitted.id}.report.jsonl`]);
    expect(await catalog.backends.store.count()).toBe(25);
  });

  test('when a record in the upload is damaged, then it is counted and reported as rejected and the rest load', async () => {
    const jobs = startJobs(catalog);
    const bytes = Buffer.concat([syntheticFile(2, 1), Buffer.from('garbage!'), syntheticFile(2, 3)]);

    const { id } = await submitBytes(jobs, bytes);
    await jobs.idle();
    const job = await jobs.get(id);

    expect(job?.state).toBe('succeeded');
    expect(job?.progress.counts).toMatchObject({ created: 4, rejected: 1 });
    const report = (await lines(jobs, id)).map((l) => JSON.parse(l) as ReportLine);
    expect(report.map((l) => l.outcome)).toEqual(['created', 'created', 'rejected', 'created', 'created']);
    expect(report[2]?.reason).toMatch(/^marc_garbage: /);
    expect(await catalog.backends.store.count()).toBe(4);
  });

  test('when two jobs are submitted, then the second waits queued and runs after the first', async () => {
    const gate = gated(catalog.backends, 2);
    const jobs = startJobs(catalog, { backends: gate.backends });

    const first = await submitBytes(jobs, syntheticFile(30, 1), { batchSize: 10 });
    const second = await submitBytes(jobs, syntheticFile(30, 31), { batchSize: 10 });
    await gate.reached;
    const whileFirstRuns = [(await jobs.get(first.id))?.state, (await jobs.get(second.id))?.state];
    gate.release();
    await jobs.idle();
    const [a, b] = [await jobs.get(first.id), await jobs.get(second.id)];

    expect(whileFirstRuns).toEqual(['running', 'queued']);
    expect([a?.state, b?.state]).toEqual(['succeeded', 'succeeded']);
    expect(b!.startedAt! >= a!.finishedAt!).toBe(true);
    expect(await catalog.backends.store.count()).toBe(60);
    expect((await jobs.list()).map((j) => j.id)).toEqual([second.id, first.id]);
    expect((await jobs.list({ state: 'succeeded', limit: 1 })).map((j) => j.id)).toEqual([second.id]);
    expect(await jobs.list({ state: 'failed' })).toEqual([]);
  });

  test('when a queued job is cancelled, then it never runs, its upload goes, and the queue moves on', async () => {
    const gate = gated(catalog.backends, 1);
    const jobs = startJobs(catalog, { backends: gate.backends });
    const first = await submitBytes(jobs, syntheticFile(5, 1));
    const second = await submitBytes(jobs, syntheticFile(5, 100));
    await gate.reached;

    const cancelled = await jobs.cancel(second.id);
    gate.release();
    await jobs.idle();

    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.finishedAt).toBeDefined();
    expect((await jobs.get(first.id))?.state).toBe('succeeded');
    expect((await jobs.get(second.id))?.state).toBe('cancelled');
    expect(await lines(jobs, second.id)).toEqual([]);
    expect(existsSync(path.join(catalog.uploadDir, `${second.id}.upload`))).toBe(false);
    expect(await catalog.backends.store.count()).toBe(5);
    await expect(jobs.resume(second.id)).rejects.toMatchObject({ code: 'job_not_resumable' });
  });

  test('when a running job is cancelled, then it stops between batches as cancelled with whole batches written', async () => {
    const gate = gated(catalog.backends, 3);
    const jobs = startJobs(catalog, { backends: gate.backends });
    const { id } = await submitBytes(jobs, syntheticFile(50), { batchSize: 10 });
    await gate.reached;

    const cancelling = jobs.cancel(id);
    gate.release();
    const job = await cancelling;

    expect(job.state).toBe('cancelled');
    expect(job.progress.records).toBe(30);
    expect(await catalog.backends.store.count()).toBe(30);
    expect(await lines(jobs, id)).toHaveLength(30);
    expect(existsSync(path.join(catalog.uploadDir, `${id}.upload`))).toBe(false);
  });

  test('when a job is running, then its progress is visible from a second connection', async () => {
    const gate = gated(catalog.backends, 3);
    const jobs = startJobs(catalog, { backends: gate.backends });
    const bytes = syntheticFile(50);
    const { id } = await submitBytes(jobs, bytes, { batchSize: 10 });
    await gate.reached;

    const reader = new Database(catalog.file, { readonly: true });
    const row = reader.prepare('SELECT state, progress FROM jobs WHERE id = ?').get(id) as {
      state: string;
      progress: string;
    };
    reader.close();
    gate.release();
    await jobs.idle();

    expect(row.state).toBe('running');
    expect(JSON.parse(row.progress)).toMatchObject({
      records: 20,
      totalBytes: bytes.length,
      counts: { created: 20 },
    });
    expect(JSON.parse(row.progress).bytes).toBeGreaterThan(0);
  });

  test('when the file is not MARC at all, then the job fails with the reader’s code and keeps its upload', async () => {
    const jobs = startJobs(catalog);

    const { id } = await submitBytes(jobs, Buffer.from('hello, this is not a catalog record at all\n'));
    await jobs.idle();
    const job = await jobs.get(id);

    expect(job?.state).toBe('failed');
    expect(job?.error?.code).toBe('marc_unknown_format');
    expect(existsSync(path.join(catalog.uploadDir, `${id}.upload`))).toBe(true);
  });

  test('when the upload is larger than the guard, then payload_too_large and nothing is kept', async () => {
    const jobs = startJobs(catalog, { maxUploadBytes: 10_000 });

    const attempt = submitBytes(jobs, syntheticFile(100));

    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(readdirSync(catalog.uploadDir)).toEqual([]);
    expect(await jobs.list()).toEqual([]);
  });

  test('when the upload breaks off midway, then submit rethrows and leaves neither a file nor a job', async () => {
    const jobs = startJobs(catalog);
    async function* brokenBody(): AsyncGenerator<Uint8Array> {
      yield syntheticFile(3);
      throw new Error('client went away');
    }

    const attempt = jobs.submit({ source: brokenBody(), options: options() });

    await expect(attempt).rejects.toThrow('client went away');
    expect(readdirSync(catalog.uploadDir)).toEqual([]);
    expect(await jobs.list()).toEqual([]);
  });

  test('when ids are unknown or malformed, then get and report say undefined and actions job_not_found', async () => {
    const jobs = startJobs(catalog);

    expect(await jobs.get('../../etc/passwd')).toBeUndefined();
    expect(await jobs.get('AAAAAAAAAAAAAAAA')).toBeUndefined();
    expect(await jobs.report('AAAAAAAAAAAAAAAA')).toBeUndefined();
    await expect(jobs.resume('AAAAAAAAAAAAAAAA')).rejects.toMatchObject({ code: 'job_not_found' });
    await expect(jobs.cancel('nope')).rejects.toMatchObject({ code: 'job_not_found' });
  });

  test('when jobs have run, then stats count jobs by state and records by outcome, dry runs aside', async () => {
    const jobs = startJobs(catalog);
    await submitBytes(jobs, syntheticFile(3));
    await jobs.idle();
    await submitBytes(jobs, syntheticFile(4), { dryRun: true });
    await submitBytes(jobs, syntheticFile(3));
    await jobs.idle();

    const stats = await jobs.stats();

    expect(stats.jobs).toEqual({
      queued: 0,
      running: 0,
      succeeded: 3,
      failed: 0,
      interrupted: 0,
      cancelled: 0,
    });
    expect(stats.records).toMatchObject({ created: 3, unchanged: 3, rejected: 0 });
    expect(snapshot(catalog.db).records).toHaveLength(3);
  });
});
