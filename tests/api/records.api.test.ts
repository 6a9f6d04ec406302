import request from 'supertest';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { toMarcXml } from '../../src/marc/writers/marcxml.writer';
import { toMarcInJson } from '../../src/marc/writers/mij.writer';
import { toMrk } from '../../src/marc/writers/mrk.writer';
import { MarcRecord } from '../../src/marc/record';
import { syntheticRecord } from '../support/synthetic';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

const TOLSTOY = '(StK)stk000001';
const path = (id: string) => `/records/${encodeURIComponent(id)}`;
const staff = { 'x-test-role': 'staff' };

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeEach(async () => {
    f = await apiFixture(target, {}, 5);
  });
  afterEach(() => f.close());

  function binaryParser(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
    const stream = res as unknown as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => done(null, Buffer.concat(chunks)));
  }

  describe('GET /records/{id}', () => {
    test('when the id has parentheses (URL-encoded), then the record comes back as MARC-in-JSON with its document', async () => {
      const res = await checked(request(f.app).get(path(TOLSTOY)));
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"v1"');
      expect(res.body).toMatchObject({ id: TOLSTOY, controlNumber: 'stk000001', version: 1 });
      expect(res.body.record.fields[0]).toEqual({ '001': 'stk000001' });
      expect(res.body.document.title).toBe('War and peace');
    });

    test.each([
      ['marcxml', 'application/marcxml+xml', '<record xmlns="http://www.loc.gov/MARC21/slim">'],
      ['mrk', 'text/plain', '=245  10$aWar and peace /'],
    ])('when format=%s, then the record is %s', async (format, type, expected) => {
      const res = await checked(request(f.app).get(`${path(TOLSTOY)}?format=${format}`));
      expect(res.headers['content-type']).toContain(type);
      expect(res.headers.etag).toBe(`"v1-${format}"`);
      expect(res.text).toContain(expected);
    });

    test('when Accept asks for application/marc, then ISO 2709 bytes come back', async () => {
      const res = await checked(
        request(f.app).get(path(TOLSTOY)).set('accept', 'application/marc').parse(binaryParser),
      );
      expect(res.headers['content-type']).toBe('application/marc');
      expect((res.body as Buffer).subarray(-1)[0]).toBe(0x1d);
      expect(res.headers.vary).toBe('Accept');
    });

    test('when Accept names nothing we serve, then 406', async () => {
      const res = await checked(request(f.app).get(path(TOLSTOY)).set('accept', 'image/png'));
      expect(res.status).toBe(406);
      expect(res.body.code).toBe('not_acceptable');
    });

    test('when If-None-Match holds the current tag, then 304 with no body', async () => {
      const res = await checked(request(f.app).get(path(TOLSTOY)).set('if-none-match', '"v1"'));
      expect(res.status).toBe(304);
      expect(res.text).toBe('');
    });

    test('when If-None-Match holds an old tag, then the full record', async () => {
      const res = await checked(request(f.app).get(path(TOLSTOY)).set('if-none-match', 'W/"v0", "v7"'));
      expect(res.status).toBe(200);
    });

    test('when the id is unknown, then 404 record_not_found', async () => {
      const res = await checked(request(f.app).get(path('nope')));
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'record_not_found', instance: '/records/nope' });
    });

    test('when the record was deleted, then 410 with the tombstone', async () => {
      await f.backends.store.deleteMany([TOLSTOY]);
      const res = await checked(request(f.app).get(path(TOLSTOY)));
      expect(res.status).toBe(410);
      expect(res.body.code).toBe('record_deleted');
      expect(res.body.errors[0]).toEqual(
        expect.objectContaining({ deletedAt: expect.any(String), version: 2 }),
      );
    });

    test('when format is not one of the four, then 400 names it', async () => {
      const res = await checked(request(f.app).get(`${path(TOLSTOY)}?format=pdf`));
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual(expect.objectContaining({ parameter: 'format', value: 'pdf' }));
    });
  });

  describe('POST /records', () => {
    const fresh = (): MarcRecord => syntheticRecord(900);

    test.each([
      ['application/marc', (r: MarcRecord) => toIso2709(r)],
      ['application/marcxml+xml', (r: MarcRecord) => toMarcXml(r)],
      ['application/json', (r: MarcRecord) => JSON.stringify(toMarcInJson(r))],
      ['text/plain', (r: MarcRecord) => toMrk(r)],
      ['application/octet-stream', (r: MarcRecord) => toMarcXml(r)],
    ])(
      'when staff send one record as %s, then 201 with Location and the record is searchable',
      async (type, encode) => {
        const res = await checked(
          request(f.app).post('/records').set(staff).set('content-type', type).send(encode(fresh())),
        );
        expect(res.status).toBe(201);
        expect(res.headers.location).toBe('/records/syn0000900');
        expect(res.body).toMatchObject({ id: 'syn0000900', version: 1, outcome: 'created' });
        const found = await request(f.app).get('/lookup?id=syn0000900');
        expect(found.body.matches).toHaveLength(1);
        const search = await request(f.app).get('/search?q=id:syn0000900');
        expect(search.body.total).toBe(1);
      },
    );

    test('when the record exists already, then 409 record_exists', async () => {
      await request(f.app)
        .post('/records')
        .set(staff)
        .set('content-type', 'application/marc')
        .send(toIso2709(fresh()));
      const res = await checked(
        request(f.app)
          .post('/records')
          .set(staff)
          .set('content-type', 'application/marc')
          .send(toIso2709(fresh())),
      );
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('record_exists');
    });

    test('when the body holds two records, then 422 invalid_record_body', async () => {
      const two = Buffer.concat([toIso2709(syntheticRecord(901)), toIso2709(syntheticRecord(902))]);
      const res = await checked(
        request(f.app).post('/records').set(staff).set('content-type', 'application/marc').send(two),
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid_record_body');
    });

    test('when the body is not MARC, then a 4xx problem from the codec', async () => {
      const res = await checked(
        request(f.app)
          .post('/records')
          .set(staff)
          .set('content-type', 'application/octet-stream')
          .send('hello there'),
      );
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('marc_unknown_format');
    });

    test('when the XML is broken, then 422 marc_bad_xml', async () => {
      const res = await checked(
        request(f.app)
          .post('/records')
          .set(staff)
          .set('content-type', 'application/marcxml+xml')
          .send('<record><leader>'),
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toMatch(/^marc_/);
    });

    test('when the content type is not a MARC one, then 415', async () => {
      const res = await checked(
        request(f.app).post('/records').set(staff).set('content-type', 'image/png').send('x'),
      );
      expect(res.status).toBe(415);
    });

    test('when the body is empty, then 400 invalid_body', async () => {
      const res = await checked(request(f.app).post('/records').set(staff));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_body');
    });
  });

  describe('PUT and DELETE /records/{id}', () => {
    const edited = (): MarcRecord => {
      const record = syntheticRecord(1);
      record.fields.push({ tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'Edited.' }] });
      return record;
    };
    const put = (ifMatch?: string) => {
      const req = request(f.app).put(path('syn0000001')).set(staff).set('content-type', 'text/plain');
      return (ifMatch ? req.set('if-match', ifMatch) : req).send(toMrk(edited()));
    };

    test('when If-Match holds the current version, then the record is replaced and its version goes up', async () => {
      const res = await checked(put('"v1"'));
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"v2"');
      expect(res.body).toMatchObject({ version: 2, outcome: 'updated' });
    });

    test('when If-Match holds a stale version, then 412 version_conflict and nothing changes', async () => {
      await put('"v1"');
      const res = await checked(put('"v1-marcxml"'));
      expect(res.status).toBe(412);
      expect(res.body.code).toBe('version_conflict');
      expect((await request(f.app).get(path('syn0000001'))).headers.etag).toBe('"v2"');
    });

    test('when If-Match is malformed, then 400 names the header', async () => {
      const res = await checked(put('v1'));
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual(expect.objectContaining({ in: 'header', parameter: 'If-Match' }));
    });

    test('when the same record is sent again, then 200 unchanged at the same version', async () => {
      await put();
      const res = await checked(put());
      expect(res.body).toMatchObject({ version: 2, outcome: 'unchanged' });
    });

    test('when the body is another record, then 422 record_id_mismatch', async () => {
      const res = await checked(
        request(f.app)
          .put(path('syn0000002'))
          .set(staff)
          .set('content-type', 'text/plain')
          .send(toMrk(edited())),
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('record_id_mismatch');
    });

    test('when the id is new, then PUT creates it with 201', async () => {
      const res = await checked(
        request(f.app)
          .put(path('syn0000777'))
          .set(staff)
          .set('content-type', 'application/marc')
          .send(toIso2709(syntheticRecord(777))),
      );
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe('/records/syn0000777');
    });

    test('when a PUT record carries holdings fields, then its items load; a holdings record is refused 422', async () => {
      const record = syntheticRecord(778);
      record.fields.push({
        tag: '952',
        ind1: ' ',
        ind2: ' ',
        subfields: [
          { code: 'a', value: 'MAIN' },
          { code: 'c', value: 'REF' },
          { code: 'o', value: 'QA76.9 .D3' },
          { code: 'p', value: 'PUT-1' },
        ],
      });
      const put = (r: MarcRecord, id: string) =>
        request(f.app).put(path(id)).set(staff).set('content-type', 'application/marc').send(toIso2709(r));

      expect((await checked(put(record, 'syn0000778'))).status).toBe(201);
      expect(await f.backends.items.get('put-1')).toMatchObject({
        recordId: 'syn0000778',
        location: { library: 'MAIN', shelf: 'REF' },
        source: '952',
      });

      const mfhd = new MarcRecord('00000nx  a2200000 a 4500', [
        { tag: '001', value: 'm9' },
        { tag: '004', value: 'syn0000778' },
      ]);
      const refused = await checked(put(mfhd, 'm9'));
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toMatch(/holdings record .* is not a catalog record/);
    });

    test('when staff delete a record, then 204, it is gone from search and GET answers 410', async () => {
      const res = await checked(request(f.app).delete(path('syn0000001')).set(staff).set('if-match', '"v1"'));
      expect(res.status).toBe(204);
      expect((await checked(request(f.app).get(path('syn0000001')))).status).toBe(410);
      expect((await request(f.app).get('/search?q=id:syn0000001')).body.total).toBe(0);
      expect((await checked(request(f.app).delete(path('syn0000001')).set(staff))).status).toBe(410);
    });

    test('when DELETE has a stale If-Match, then 412', async () => {
      const res = await checked(request(f.app).delete(path('syn0000001')).set(staff).set('if-match', '"v9"'));
      expect(res.status).toBe(412);
    });

    test('when DELETE names an unknown record, then 404', async () => {
      expect((await checked(request(f.app).delete(path('nope')).set(staff))).status).toBe(404);
    });

    test('when a record has an item checked out, then DELETE is 409 item_checked_out; checked in, its items are withdrawn', async () => {
      const at = new Date().toISOString();
      const base = {
        recordId: 'syn0000002',
        location: { library: 'MAIN', shelf: 'STACKS' },
        itemType: 'book',
      };
      const item = { ...base, notForLoan: false, publicNotes: [], staffNotes: [], source: 'api' as const };
      await f.backends.items.load(
        [
          { ...item, barcode: 'OUT-1' },
          { ...item, barcode: 'SHELF-1' },
        ],
        at,
        'test',
      );
      const out = await f.backends.items.changeStatus('OUT-1', { to: 'checked-out', at }, 1);

      const refused = await checked(request(f.app).delete(path('syn0000002')).set(staff));
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'item_checked_out' });
      expect(refused.body.detail).toContain('OUT-1');

      await f.backends.items.changeStatus('OUT-1', { to: 'available', at }, out!.version);
      expect((await checked(request(f.app).delete(path('syn0000002')).set(staff))).status).toBe(204);
      expect((await f.backends.items.get('SHELF-1'))!.status).toBe('withdrawn');
      expect((await f.backends.items.get('OUT-1'))!.history.at(-1)!.reason).toBe('record deleted');
    });
  });
});
