import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import type { Backends } from '../../src/backends/backends';
import type { JobServiceHandle } from '../../src/jobs/job.service';
import { OAI_DC_RESPONSE, XML_WITHOUT_LEADERS } from '../support/non-marc';
import { syntheticFile, syntheticRecord } from '../support/synthetic';
import { MarcRecord } from '../../src/marc/record';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';

/** A book with its own 001 and the ISBN a vendor's copy of it shares. */
function bookWithIsbn(controlNumber: string, title: string): Buffer {
  return Buffer.from(
    toIso2709(
      new MarcRecord('00000nam a2200000 a 4500', [
        { tag: '001', value: controlNumber },
        { tag: '020', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: '9780140447934' }] },
        { tag: '245', ind1: '0', ind2: '0', subfields: [{ code: 'a', value: title }] },
      ]),
    ),
  );
}
import { describeApiBackends, type Catalog } from './support/api-backends';
import { checked, headerRoleSecurity } from './support/api-fixture';
import { openJobsApp, type JobsApp } from './support/jobs-app';

const staff = { 'x-test-role': 'staff' };

describeApiBackends((target) => {
  let catalog: Catalog;
  let backends: Backends;
  let jobs: JobServiceHandle;
  let app: ReturnType<typeof createApp>;

  let fixture: JobsApp;

  beforeEach(async () => {
    fixture = await openJobsApp(target, 'jobs');
    ({ catalog, jobs, app } = fixture);
    backends = catalog.backends;
  });

  afterEach(() => fixture.close());

  describe('POST /ingest and /jobs', () => {
    test('when staff upload a file, then 202 with a job that runs to success and loads the records', async () => {
      const res = await checked(
        request(app)
          .post('/ingest?fileName=batch.mrc&batchSize=10')
          .set(staff)
          .set('content-type', 'application/marc')
          .send(syntheticFile(25)),
      );
      expect(res.status).toBe(202);
      expect(res.headers.location).toBe(`/jobs/${res.body.jobId}`);
      expect(res.body.job).toMatchObject({
        fileName: 'batch.mrc',
        options: { batchSize: 10, format: 'auto' },
      });
      await jobs.idle();
      const job = await checked(request(app).get(`/jobs/${res.body.jobId}`).set(staff));
      expect(job.body).toMatchObject({
        state: 'succeeded',
        progress: { records: 25, counts: { created: 25 } },
      });
      expect(job.body.progress.indexPending).toBeUndefined();
      expect((await request(app).get('/search')).body.total).toBe(25);
    });

    test('when the report is asked for, then one JSON line per record comes back', async () => {
      const res = await request(app).post('/ingest').set(staff).send(syntheticFile(3));
      await jobs.idle();
      const report = await checked(request(app).get(`/jobs/${res.body.jobId}/report`).set(staff));
      expect(report.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = report.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { outcome: string; record: number });
      expect(lines.map((l) => [l.record, l.outcome])).toEqual([
        [1, 'created'],
        [2, 'created'],
        [3, 'created'],
      ]);
    });

    test('when the readers repair records, then the job progress counts the warnings by code', async () => {
      const res = await request(app)
        .post('/ingest')
        .set(staff)
        .set('content-type', 'application/marcxml+xml')
        .send(XML_WITHOUT_LEADERS);
      await jobs.idle();

      const job = await checked(request(app).get(`/jobs/${res.body.jobId}`).set(staff));

      expect(job.body).toMatchObject({ state: 'succeeded', progress: { warnings: { leader_repaired: 2 } } });
    });

    test('when the upload holds no MARC records, then the job fails with marc_no_records saying what it was', async () => {
      const res = await request(app)
        .post('/ingest?fileName=oai.xml')
        .set(staff)
        .set('content-type', 'application/xml')
        .send(OAI_DC_RESPONSE);
      await jobs.idle();

      const job = await checked(request(app).get(`/jobs/${res.body.jobId}`).set(staff));

      expect(job.body.state).toBe('failed');
      expect(job.body.error.code).toBe('marc_no_records');
      expect(job.body.error.message).toMatch(
        /^oai\.xml holds no MARC records: it looks like an OAI-PMH response/,
      );
    });

    test('when a vendor file overlaid with match=isbn is uploaded again without match, then its record is unchanged', async () => {
      const load = async (bytes: Buffer, query = ''): Promise<Record<string, number>> => {
        const res = await request(app).post(`/ingest${query}`).set(staff).send(bytes);
        await jobs.idle();
        return (await request(app).get(`/jobs/${res.body.jobId}`).set(staff)).body.progress.counts;
      };
      await load(bookWithIsbn('lib0001', 'Library copy'));
      const vendor = bookWithIsbn('ven0001', 'Vendor copy');

      expect(await load(vendor, '?match=isbn')).toMatchObject({ updated: 1 });
      expect(await load(vendor)).toMatchObject({ unchanged: 1, created: 0 });
      expect(await load(bookWithIsbn('lib0001', 'Library copy, corrected'))).toMatchObject({ updated: 1 });
      expect(await load(vendor)).toMatchObject({ updated: 1, created: 0 });
      const put = await request(app)
        .put('/records/lib0001')
        .set(staff)
        .set('content-type', 'application/marc')
        .send(bookWithIsbn('lib0001', 'Library copy, edited'));
      expect(put.status).toBe(200);
      expect(await load(vendor)).toMatchObject({ updated: 1, created: 0 });
      expect((await request(app).get('/search')).body.total).toBe(1);
      const lookup = await request(app).get('/lookup?id=ven0001');
      expect(lookup.body.matches.map((m: { record: { id: string } }) => m.record.id)).toEqual(['lib0001']);
    });

    test('when a file holding an id twice is uploaded five times, then every report names the duplicate and versions stay at 1', async () => {
      const revised = syntheticRecord(2);
      revised.fields.push({
        tag: '500',
        ind1: ' ',
        ind2: ' ',
        subfields: [{ code: 'a', value: 'Revised.' }],
      });
      const file = Buffer.concat([syntheticFile(3), toIso2709(revised)]);
      for (let run = 1; run <= 5; run++) {
        const res = await request(app).post('/ingest?batchSize=2').set(staff).send(file);
        await jobs.idle();
        const report = await request(app).get(`/jobs/${res.body.jobId}/report`).set(staff);
        const lines = report.text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { outcome: string; reason?: string });
        expect(lines.map((l) => l.outcome)).toEqual(
          run === 1
            ? ['created', 'created', 'created', 'rejected']
            : ['unchanged', 'unchanged', 'unchanged', 'rejected'],
        );
        expect(lines[3]?.reason).toMatch(
          /^duplicate_id_in_input: record 2 of this input has the id "syn0000002"/,
        );
      }
      expect((await backends.store.get('syn0000002'))?.version).toBe(1);
      expect((await backends.store.get('syn0000002'))?.record.getFields('500')).toEqual([]);
    });

    test('when a dry run is asked for, then nothing is written', async () => {
      await request(app).post('/ingest?dryRun=true').set(staff).send(syntheticFile(4));
      await jobs.idle();
      expect((await request(app).get('/search')).body.total).toBe(0);
    });

    test('when a dry run has holdings fields, then its report says what would happen to the items, and none is written', async () => {
      const file = readFileSync(path.resolve(__dirname, '..', 'fixtures', 'holdings-load.mrk'));
      const res = await checked(request(app).post('/ingest?dryRun=true&format=mrk').set(staff).send(file));
      await jobs.idle();
      const report = await checked(request(app).get(`/jobs/${res.body.jobId}/report`).set(staff));
      const lines = report.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { itemOutcomes?: Record<string, number>; warnings?: string[] });
      expect(lines.map((l) => l.itemOutcomes)).toEqual([
        { created: 1 },
        { created: 2 },
        { created: 1 },
        { created: 2 },
        undefined,
      ]);
      expect(lines[1]!.warnings).toContain(
        'item_barcode_duplicate: barcode "bc-001" is in record 1 (hb1) of this load already; this one is not loaded',
      );
      expect(await backends.items.count()).toBe(0);
    });

    test('when syncItems is asked for, then the job carries it and its report lists holdings outcomes and items', async () => {
      const file = readFileSync(path.resolve(__dirname, '..', 'fixtures', 'holdings-load.mrk'));
      const res = await checked(request(app).post('/ingest?syncItems=true&format=mrk').set(staff).send(file));
      await jobs.idle();
      expect(res.body.job.options).toMatchObject({ syncItems: true });
      const job = await checked(request(app).get(`/jobs/${res.body.jobId}`).set(staff));
      expect(job.body.progress.counts).toMatchObject({ created: 3, holdings: 2 });
      const report = await checked(request(app).get(`/jobs/${res.body.jobId}/report`).set(staff));
      const lines = report.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { outcome: string; items?: number });
      expect(lines.map((l) => [l.outcome, l.items ?? 0])).toEqual([
        ['created', 1],
        ['created', 2],
        ['created', 1],
        ['holdings', 2],
        ['holdings', 0],
      ]);
      expect(await backends.items.count()).toBe(6);
    });

    test('when jobs are listed, then the newest come first and state filters', async () => {
      await request(app).post('/ingest').set(staff).send(syntheticFile(2));
      await jobs.idle();
      const all = await checked(request(app).get('/jobs').set(staff));
      const running = await checked(request(app).get('/jobs?state=running').set(staff));
      expect(all.body.jobs).toHaveLength(1);
      expect(running.body.jobs).toEqual([]);
    });

    test('when a finished job is resumed or cancelled, then 409 job_not_resumable', async () => {
      const res = await request(app).post('/ingest').set(staff).send(syntheticFile(2));
      await jobs.idle();
      expect((await checked(request(app).post(`/jobs/${res.body.jobId}/resume`).set(staff))).body.code).toBe(
        'job_not_resumable',
      );
      expect((await checked(request(app).post(`/jobs/${res.body.jobId}/cancel`).set(staff))).status).toBe(
        409,
      );
    });

    test.each(['/jobs/nope', '/jobs/nope/report'])(
      'when %s does not exist, then 404 job_not_found',
      async (url) => {
        const res = await checked(request(app).get(url).set(staff));
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('job_not_found');
      },
    );

    test.each([
      ['format=pdf', 'format'],
      ['charset=ebcdic', 'charset'],
      ['batchSize=0', 'batchSize'],
      ['dryRun=perhaps', 'dryRun'],
      ['match=isbn,title', 'match'],
      ['onMatch=merge', 'onMatch'],
      ['fileName=', 'fileName'],
    ])('when the ingest query has %s, then 400 names %s and no job starts', async (query, parameter) => {
      const res = await checked(request(app).post(`/ingest?${query}`).set(staff).send(syntheticFile(1)));
      expect(res.status).toBe(400);
      expect(res.body.errors[0].parameter).toBe(parameter);
      expect(await jobs.list()).toEqual([]);
    });

    test('when the upload is empty, then 400 invalid_body', async () => {
      const res = await checked(request(app).post('/ingest').set(staff));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_body');
    });

    test('when the upload is larger than the limit, then 413 payload_too_large', async () => {
      const small = createApp({
        backends,
        jobs,
        security: headerRoleSecurity(),
        limits: { ingestBytes: 100 },
      });
      const res = await checked(request(small).post('/ingest').set(staff).send(syntheticFile(5)));
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('payload_too_large');
    });

    test('when the server runs no job service, then 503 jobs_unavailable', async () => {
      const bare = createApp({ backends, security: headerRoleSecurity(), onUnexpected: () => undefined });
      const res = await checked(request(bare).get('/jobs/x').set(staff));
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('jobs_unavailable');
    });
  });
});
