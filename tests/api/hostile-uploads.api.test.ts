import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { createJobService, type JobServiceHandle } from '../../src/jobs/job.service';
import { requestLogging } from '../../src/api/request-logging.middleware';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { syntheticFile } from '../support/synthetic';
import { EMBEDDED_TARGET, type Catalog } from './support/api-backends';
import { checked, headerRoleSecurity } from './support/api-fixture';
import { expectCleanProblem, listen, staff } from './support/raw-http';

const target = EMBEDDED_TARGET;

describe('hostile uploads', () => {
  let dir: string;
  let catalog: Catalog;
  let jobs: JobServiceHandle;
  let app: ReturnType<typeof createApp>;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-api-hostile-'));
    catalog = await target.open();
    const map = createDefaultMapper();
    jobs = createJobService({
      db: catalog.db,
      backends: catalog.backends,
      map,
      uploadDir: path.join(dir, 'up'),
    });
    app = createApp({
      backends: catalog.backends,
      jobs,
      map,
      security: headerRoleSecurity(),
      onUnexpected: () => undefined,
    });
  });

  afterEach(async () => {
    await jobs.close();
    await catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('POST /ingest with a Content-Encoding', () => {
    test('when the upload is gzip-compressed, then the job reads the records inside', async () => {
      const res = await checked(
        request(app)
          .post('/ingest')
          .set(staff)
          .set('content-type', 'application/marc')
          .set('content-encoding', 'gzip')
          .send(gzipSync(syntheticFile(7))),
      );
      expect(res.status).toBe(202);
      await jobs.idle();
      const job = await checked(request(app).get(`/jobs/${res.body.jobId}`).set(staff));
      expect(job.body).toMatchObject({ state: 'succeeded', progress: { records: 7 } });
    });

    test('when the upload does not decompress, then 400 bad_content_encoding and no job', async () => {
      const res = await request(app)
        .post('/ingest')
        .set(staff)
        .set('content-type', 'application/marc')
        .set('content-encoding', 'gzip')
        .send(syntheticFile(3));
      expectCleanProblem(res, 400, 'bad_content_encoding');
      expect((await request(app).get('/jobs').set(staff)).body.jobs).toEqual([]);
    });

    test('when the client hangs up mid-upload, then it is logged at info, not as an unexpected error', async () => {
      const lines: { level: number; msg: string }[] = [];
      const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
      const unexpected: unknown[] = [];
      const logged = createApp({
        backends: catalog.backends,
        jobs,
        security: { ...headerRoleSecurity(), early: [requestLogging(logger)] },
        onUnexpected: (err) => void unexpected.push(err),
      });
      const server = await listen(logged);
      const { port } = server.address() as AddressInfo;
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/ingest',
        headers: { ...staff, 'content-type': 'application/marc', 'content-length': '1000000' },
      });
      req.on('error', () => undefined);
      req.write(syntheticFile(2), () => setImmediate(() => req.destroy()));
      // No clock: wait for the server's own account of the request, however long it takes.
      while (!lines.some((l) => l.msg.includes('client closed'))) await new Promise((r) => setTimeout(r, 20));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      expect(unexpected).toEqual([]);
      expect(lines.filter((l) => l.level > 30)).toEqual([]);
      expect(lines.map((l) => l.msg)).not.toContain('unexpected error');
    });

    test('when the encoding is unknown, then 415 and no job', async () => {
      const res = await request(app)
        .post('/ingest')
        .set(staff)
        .set('content-type', 'application/marc')
        .set('content-encoding', 'compress')
        .send(syntheticFile(3));
      expectCleanProblem(res, 415, 'unsupported_media_type');
      expect((await request(app).get('/jobs').set(staff)).body.jobs).toEqual([]);
    });
  });
});
