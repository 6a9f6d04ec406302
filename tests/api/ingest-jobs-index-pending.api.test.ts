import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import type { Backends } from '../../src/backends/backends';
import { composeBackends } from '../../src/backends/composed.backends';
import { catchUpIndex } from '../../src/backends/index-catch-up';
import { createJobService, type JobServiceHandle } from '../../src/jobs/job.service';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { createSqliteCirculationStore } from '../../src/circulation/sqlite/sqlite.circulation-store';
import { createSqliteItemStore } from '../../src/items/sqlite/sqlite.item-store';
import { createSqlitePatronStore } from '../../src/patrons/sqlite/sqlite.patron-store';
import { createSqliteRecordStore } from '../../src/store/sqlite/sqlite.record-store';
import { FlakyIndex } from '../support/flaky-index';
import { syntheticFile } from '../support/synthetic';
import { checked, headerRoleSecurity } from './support/api-fixture';

const staff = { 'x-test-role': 'staff' };

/**
 * An HTTP ingest job on a composed pair (a store with an outbox, an index outside its transaction)
 * whose index is down: the job succeeds, and GET /jobs/{id} says how many records wait for the
 * index, as the CLI's summary does. The index is a double that fails on demand.
 */
describe('an ingest job while the search index is down', () => {
  let dir: string;
  let index: FlakyIndex;
  let backends: Backends;
  let jobs: JobServiceHandle;
  let app: ReturnType<typeof createApp>;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-api-jobs-pending-'));
    index = new FlakyIndex();
    const db = new Database(':memory:');
    backends = composeBackends({
      store: createSqliteRecordStore(db),
      index: index.asPort(),
      items: createSqliteItemStore(db),
      circulation: createSqliteCirculationStore(db),
      patrons: createSqlitePatronStore(db),
      describe: 'test',
    });
    const map = createDefaultMapper();
    jobs = createJobService({ db, backends, map, uploadDir: path.join(dir, 'uploads') });
    app = createApp({ backends, jobs, map, security: headerRoleSecurity(), onUnexpected: () => undefined });
  });

  afterEach(async () => {
    await jobs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ingest(records: number): Promise<string> {
    const res = await checked(
      request(app)
        .post('/ingest?batchSize=10')
        .set(staff)
        .set('content-type', 'application/marc')
        .send(syntheticFile(records)),
    );
    await jobs.idle();
    return res.body.jobId as string;
  }

  test('when every batch misses the index, then the job succeeds and reports every record as index-pending', async () => {
    index.down = true;

    const id = await ingest(25);

    const job = await checked(request(app).get(`/jobs/${id}`).set(staff));
    expect(job.body).toMatchObject({
      state: 'succeeded',
      progress: { records: 25, counts: { created: 25, rejected: 0 }, indexPending: 25 },
    });
    expect((await checked(request(app).get('/jobs').set(staff))).body.jobs[0].progress.indexPending).toBe(25);
    expect(await backends.store.pendingIndexCount()).toBe(25);

    index.down = false;
    await catchUpIndex(backends);

    expect(index.docs.size).toBe(25);
    expect(await backends.store.pendingIndexCount()).toBe(0);
  });

  test('when the index takes every batch, then the job shows no index-pending count', async () => {
    const id = await ingest(15);

    const job = await checked(request(app).get(`/jobs/${id}`).set(staff));
    expect(job.body.state).toBe('succeeded');
    expect(job.body.progress.indexPending).toBeUndefined();
    expect(index.docs.size).toBe(15);
  });
});
