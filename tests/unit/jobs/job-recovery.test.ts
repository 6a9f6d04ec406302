import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { syntheticFile } from '../../support/synthetic';
import {
  closeAll,
  crashing,
  gated,
  openCatalog,
  removeDir,
  snapshot,
  startJobs,
  submitBytes,
  type Catalog,
} from './job.fixtures';

const dirs: string[] = [];

function catalogForTest(dir?: string): Catalog {
  const catalog = openCatalog(dir);
  dirs.push(catalog.dir);
  return catalog;
}

afterEach(async () => {
  await closeAll();
  for (const dir of dirs.splice(0)) removeDir(dir);
});

/** The catalog one uninterrupted job leaves, to compare a resumed one with. */
async function cleanRun(...files: Buffer[]): Promise<ReturnType<typeof snapshot>> {
  const catalog = catalogForTest();
  const jobs = startJobs(catalog);
  for (const bytes of files) await submitBytes(jobs, bytes, { batchSize: 10 });
  await jobs.idle();
  return snapshot(catalog.db);
}

describe('ingest jobs across restarts', () => {
  test('when a process died with a job running, then recover() makes it interrupted and resume completes it as one clean run would', async () => {
    const bytes = syntheticFile(50);
    const first = catalogForTest();
    const dying = startJobs(first, { backends: crashing(first.backends, 3) });
    const { id } = await submitBytes(dying, bytes, { batchSize: 10 });
    await dying.idle();
    const failed = await dying.get(id);
    // A dead process writes nothing more: its job stays as it was while running.
    first.db.prepare(`UPDATE jobs SET state = 'running' WHERE id = ?`).run(id);

    const restarted = catalogForTest(first.dir);
    const jobs = startJobs(restarted);
    const recovered = await jobs.recover();
    const interrupted = await jobs.get(id);
    await jobs.resume(id);
    await jobs.idle();
    const resumed = await jobs.get(id);

    expect(failed?.error).toEqual({
      code: 'internal_error',
      message: 'the ingest stopped on an unexpected error; see the server log',
    });
    expect(recovered).toBe(1);
    expect(interrupted?.state).toBe('interrupted');
    expect(resumed?.state).toBe('succeeded');
    expect(resumed?.progress.records).toBe(50);
    expect(resumed?.progress.counts.unchanged).toBeGreaterThan(0);
    expect(resumed!.progress.counts.unchanged + resumed!.progress.counts.created).toBe(50);
    expect(snapshot(restarted.db)).toEqual(await cleanRun(bytes));
    expect(existsSync(path.join(first.uploadDir, `${id}.upload`))).toBe(false);
  });

  test('when the service closes mid-run, then the running and queued jobs are interrupted and resume finishes both', async () => {
    const one = syntheticFile(40, 1);
    const two = syntheticFile(20, 41);
    const first = catalogForTest();
    const gate = gated(first.backends, 2);
    const closing = startJobs(first, { backends: gate.backends });
    const a = await submitBytes(closing, one, { batchSize: 10 });
    const b = await submitBytes(closing, two, { batchSize: 10 });
    await gate.reached;

    const closed = closing.close();
    gate.release();
    await closed;
    const states = [(await closing.get(a.id))?.state, (await closing.get(b.id))?.state];
    const restarted = catalogForTest(first.dir);
    const jobs = startJobs(restarted);
    const recovered = await jobs.recover();
    await jobs.resume(a.id);
    await jobs.resume(b.id);
    await jobs.idle();

    expect(states).toEqual(['interrupted', 'interrupted']);
    expect(recovered).toBe(0);
    expect((await jobs.list()).map((j) => j.state)).toEqual(['succeeded', 'succeeded']);
    expect(snapshot(restarted.db)).toEqual(await cleanRun(one, two));
    await expect(closing.resume(a.id)).rejects.toMatchObject({ code: 'jobs_unavailable' });
  });

  test('when recover() runs while this process holds jobs, then it leaves them alone', async () => {
    const catalog = catalogForTest();
    const gate = gated(catalog.backends, 1);
    const jobs = startJobs(catalog, { backends: gate.backends });
    const running = await submitBytes(jobs, syntheticFile(5, 1));
    const queued = await submitBytes(jobs, syntheticFile(5, 6));
    await gate.reached;

    const recovered = await jobs.recover();
    gate.release();
    await jobs.idle();

    expect(recovered).toBe(0);
    expect((await jobs.get(running.id))?.state).toBe('succeeded');
    expect((await jobs.get(queued.id))?.state).toBe('succeeded');
  });

  test('when recover() runs, then partial uploads and uploads of finished jobs are removed, resumable ones kept', async () => {
    const catalog = catalogForTest();
    const dying = startJobs(catalog, { backends: crashing(catalog.backends, 1) });
    const { id } = await submitBytes(dying, syntheticFile(3));
    await dying.idle();
    mkdirSync(catalog.uploadDir, { recursive: true });
    writeFileSync(path.join(catalog.uploadDir, 'AAAAAAAAAAAAAAAA.upload.part'), 'half an upload');
    writeFileSync(path.join(catalog.uploadDir, 'BBBBBBBBBBBBBBBB.upload'), 'no job has this');

    const recovered = await startJobs(catalog).recover();

    expect(recovered).toBe(0);
    expect(readdirSync(catalog.uploadDir).sort()).toEqual([`${id}.report.jsonl`, `${id}.upload`]);
  });

  test('when an interrupted job’s upload is gone, then resume refuses with job_not_resumable', async () => {
    const catalog = catalogForTest();
    const dying = startJobs(catalog, { backends: crashing(catalog.backends, 1) });
    const { id } = await submitBytes(dying, syntheticFile(3));
    await dying.idle();
    rmSync(path.join(catalog.uploadDir, `${id}.upload`));

    const attempt = startJobs(catalog).resume(id);

    await expect(attempt).rejects.toMatchObject({ code: 'job_not_resumable' });
    expect((await dying.get(id))?.state).toBe('failed');
  });
});
