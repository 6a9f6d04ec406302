import request from 'supertest';
import { createApp } from '../../src/api/app';
import type { JobServiceHandle } from '../../src/jobs/job.service';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { syntheticFile, syntheticRecord } from '../support/synthetic';
import { describeApiBackends, type Catalog } from './support/api-backends';
import { checked, headerRoleSecurity } from './support/api-fixture';
import { openJobsApp, type JobsApp } from './support/jobs-app';

const staff = { 'x-test-role': 'staff' };

/** Three good records around a stretch of bytes that is no record: one rejection, bytes known. */
const GARBAGE = Buffer.from('this is not a MARC record');
const WITH_REJECT = Buffer.concat([
  toIso2709(syntheticRecord(1)),
  toIso2709(syntheticRecord(2)),
  GARBAGE,
  toIso2709(syntheticRecord(3)),
]);

describeApiBackends((target) => {
  let catalog: Catalog;
  let jobs: JobServiceHandle;
  let app: ReturnType<typeof createApp>;

  let fixture: JobsApp;

  beforeEach(async () => {
    fixture = await openJobsApp(target, 'uploads');
    ({ catalog, jobs, app } = fixture);
  });

  afterEach(() => fixture.close());

  describe('POST /ingest as an HTML form upload (multipart/form-data)', () => {
    test('when a form sends its fields, then the file, then the job runs with those options and the file name', async () => {
      const res = await checked(
        request(app)
          .post('/ingest')
          .set(staff)
          .field('batchSize', '2')
          .field('match', 'isbn,lccn')
          .attach('file', syntheticFile(5), 'vendor.mrc'),
      );
      expect(res.status).toBe(202);
      expect(res.body.job).toMatchObject({
        fileName: 'vendor.mrc',
        options: { batchSize: 2, match: ['isbn', 'lccn'] },
      });

      await jobs.idle();

      const job = await checked(request(app).get(`/jobs/${res.body.jobId}`).set(staff));
      expect(job.body).toMatchObject({
        state: 'succeeded',
        progress: { records: 5, counts: { created: 5 } },
      });
    });

    test('when a form field is bad, then 400 names the form field and no job starts', async () => {
      const res = await checked(
        request(app)
          .post('/ingest')
          .set(staff)
          .field('batchSize', '0')
          .attach('file', syntheticFile(1), 'a.mrc'),
      );

      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ parameter: 'batchSize', in: 'body' });
      expect(res.body.detail).toContain('form field batchSize');
      expect(await jobs.list()).toEqual([]);
    });

    test('when the form has no file part, then 400 invalid_body', async () => {
      const res = await checked(request(app).post('/ingest').set(staff).field('format', 'auto'));

      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_body');
      expect(res.body.detail).toContain('no file part "file"');
    });

    test('when a field comes after the file, then 400 invalid_body and no job is queued', async () => {
      const res = await checked(
        request(app)
          .post('/ingest')
          .set(staff)
          .attach('file', syntheticFile(2), 'a.mrc')
          .field('dryRun', 'true'),
      );

      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('form field dryRun came after the file');
      expect(await jobs.list()).toEqual([]);
    });

    test('when the form is larger than the upload limit, then 413 payload_too_large', async () => {
      const small = createApp({
        backends: catalog.backends,
        jobs,
        security: headerRoleSecurity(),
        limits: { ingestBytes: 2000 },
      });

      const res = await checked(
        request(small).post('/ingest').set(staff).attach('file', syntheticFile(20), 'big.mrc'),
      );

      expect(res.status).toBe(413);
      expect(res.body.code).toBe('payload_too_large');
      expect(await jobs.list()).toEqual([]);
    });
  });

  describe('a job’s rejected records and its report by outcome', () => {
    async function jobWithReject(fileName?: string): Promise<string> {
      const query = fileName ? `?fileName=${fileName}` : '';
      const res = await request(app)
        .post(`/ingest${query}`)
        .set(staff)
        .set('content-type', 'application/marc')
        .send(WITH_REJECT);
      await jobs.idle();
      return res.body.jobId as string;
    }

    test('when staff download the rejects, then they get the rejected bytes as uploaded, as a named file', async () => {
      const id = await jobWithReject('vendor.mrc');

      const res = await checked(
        request(app).get(`/jobs/${id}/rejects`).set(staff).buffer(true).parse(binary),
      );

      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?vendor-rejects\.mrc"?$/);
      expect(Buffer.compare(res.body as Buffer, GARBAGE)).toBe(0);
    });

    test('when a job rejected nothing, then its rejects file is empty', async () => {
      const res = await request(app).post('/ingest').set(staff).send(syntheticFile(2));
      await jobs.idle();

      const rejects = await checked(
        request(app).get(`/jobs/${res.body.jobId}/rejects`).set(staff).buffer(true).parse(binary),
      );

      expect(rejects.status).toBe(200);
      expect((rejects.body as Buffer).length).toBe(0);
    });

    test('when the report is filtered by outcome, then only those lines come back', async () => {
      const id = await jobWithReject();

      const rejected = await checked(request(app).get(`/jobs/${id}/report?outcome=rejected`).set(staff));
      const both = await checked(request(app).get(`/jobs/${id}/report?outcome=rejected,created`).set(staff));

      const outcomes = (text: string) =>
        text
          .trim()
          .split('\n')
          .map((l) => (JSON.parse(l) as { outcome: string }).outcome);
      expect(outcomes(rejected.text)).toEqual(['rejected']);
      expect(outcomes(both.text)).toEqual(['created', 'created', 'rejected', 'created']);
    });

    test('when the outcome filter names no outcome, then 400 names the parameter', async () => {
      const id = await jobWithReject();

      const res = await checked(request(app).get(`/jobs/${id}/report?outcome=broken`).set(staff));

      expect(res.status).toBe(400);
      expect(res.body.errors[0].parameter).toBe('outcome');
    });

    test('when the job does not exist, then its rejects are 404 job_not_found', async () => {
      const res = await checked(request(app).get('/jobs/AAAAAAAAAAAAAAAA/rejects').set(staff));

      expect(res.status).toBe(404);
      expect(res.body.code).toBe('job_not_found');
    });
  });
});

function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
