import request from 'supertest';
import { RECORD_ID_MAX_BYTES, RECORD_ID_MAX_CHARACTERS } from '../../src/domain/record-id';
import { MarcRecord, type Field } from '../../src/marc/record';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { toMarcXml } from '../../src/marc/writers/marcxml.writer';
import { toMarcInJson } from '../../src/marc/writers/mij.writer';
import { syntheticRecord } from '../support/synthetic';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

/** Records that could be stored but not addressed again: every write refuses them (422), every read 400. */
const staff = { 'x-test-role': 'staff' };
const path = (id: string) => `/records/${encodeURIComponent(id)}`;

function withControl(value: string): MarcRecord {
  const record = syntheticRecord(950);
  record.fields[0] = { tag: '001', value };
  return record;
}

function withTag(tag: string): MarcRecord {
  const record = syntheticRecord(951);
  const field: Field = { tag, ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'A local note.' }] };
  record.fields.push(field);
  return record;
}

const asJson = (record: MarcRecord) => JSON.stringify(toMarcInJson(record));

/** Ids the rule accepts, made of the characters URLs and stores treat specially (a fixed seed). */
function awkwardIds(count: number): string[] {
  const pieces = [
    '/',
    '?',
    '#',
    '%',
    '%2F',
    '+',
    ' ',
    '&',
    '=',
    '.',
    '..',
    '\\',
    '"',
    "'",
    'é',
    'e\u0301',
    '東',
    '𝔸',
    '\u200b',
    'ß',
  ];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  return Array.from({ length: count }, (_, n) => {
    const parts = Array.from({ length: 2 + (next() % 5) }, () => pieces[next() % pieces.length]!);
    return `k${n}${parts.join('')}z`;
  });
}

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeEach(async () => {
    f = await apiFixture(target, {}, 2);
  });
  afterEach(() => f.close());

  const post = (body: string | Buffer, type = 'application/json') =>
    checked(request(f.app).post('/records').set(staff).set('content-type', type).send(body));

  describe('ids no request could name again', () => {
    test.each([
      ['longer than a path takes', 'x'.repeat(RECORD_ID_MAX_CHARACTERS + 1), 'characters long'],
      ['over 512 bytes in UTF-8', 'é'.repeat(300), 'bytes long'],
      ['holding NUL', 'abc\u0000def', 'U+0000'],
      ['holding a C0 control', 'abc\u0007def', 'U+0007'],
      ['holding a C1 control', 'abc\u009bdef', 'U+009B'],
      ['a dot segment', '..', 'dot segment'],
    ])('when POSTed with an id %s, then 422 invalid_record_id and nothing is stored', async (_, id, says) => {
      const before = await f.backends.store.count();
      const res = await post(asJson(withControl(id)));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid_record_id');
      expect(res.body.detail).toContain(says);
      expect(await f.backends.store.count()).toBe(before);
    });

    test('when an id is as long as a path takes, then it is stored and GET, lookup and DELETE reach it', async () => {
      const id = 'y'.repeat(RECORD_ID_MAX_CHARACTERS);
      expect((await post(asJson(withControl(id)))).status).toBe(201);
      expect((await checked(request(f.app).get(path(id)))).status).toBe(200);
      const found = await checked(request(f.app).get(`/lookup?id=${id}`));
      expect(found.body.matches).toHaveLength(1);
      expect((await checked(request(f.app).delete(path(id)).set(staff))).status).toBe(204);
    });

    test('when an id is exactly 512 bytes in UTF-8, then the index takes it as well as the store', async () => {
      const id = 'é'.repeat(RECORD_ID_MAX_BYTES / 2);
      const res = await post(asJson(withControl(id)));
      expect(res.status).toBe(201);
      expect(res.headers['stacks-index-pending']).toBeUndefined();
      expect((await checked(request(f.app).get(path(id)))).status).toBe(200);
    });

    test('when ids hold URL syntax and non-ASCII characters, then every stored one is reachable by GET, lookup and DELETE', async () => {
      for (const id of awkwardIds(12)) {
        const created = await post(asJson(withControl(id)));
        expect(created.status).toBe(201);
        const stored = created.body.id as string;
        expect(created.headers.location).toBe(path(stored));
        expect((await checked(request(f.app).get(path(stored)))).body.id).toBe(stored);
        const found = await checked(request(f.app).get('/lookup').query({ id: stored }));
        expect(found.body.matches.map((m: { record: { id: string } }) => m.record.id)).toEqual([stored]);
        expect((await checked(request(f.app).delete(path(stored)).set(staff))).status).toBe(204);
      }
    });

    test.each([
      ['longer than a path takes', 'x'.repeat(RECORD_ID_MAX_CHARACTERS + 1)],
      ['holding NUL', 'a\u0000b'],
      ['only white space', '   '],
    ])('when GET names an id %s, then 400 names the path parameter', async (_, id) => {
      const res = await checked(request(f.app).get(path(id)));
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual(expect.objectContaining({ in: 'path', parameter: 'id' }));
    });

    test('when /lookup?id= is longer than an id can be, then 400 names the query parameter', async () => {
      const res = await checked(request(f.app).get(`/lookup?id=${'x'.repeat(RECORD_ID_MAX_CHARACTERS + 1)}`));
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual(expect.objectContaining({ in: 'query', parameter: 'id' }));
    });
  });

  describe('tags no writer could write back', () => {
    test.each([
      ['MARC-in-JSON', 'a_b', asJson],
      ['MARCXML', '2 5', (r: MarcRecord) => toMarcXml(r)],
      ['ISO 2709', '9\u00019', (r: MarcRecord) => toIso2709(r)],
    ])(
      'when the body is %s with the tag %j, then 422 invalid_record_tag names it',
      async (format, tag, encode) => {
        const type = { 'MARC-in-JSON': 'application/json', MARCXML: 'application/marcxml+xml' }[format];
        const res = await post(encode(withTag(tag)), type ?? 'application/marc');
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('invalid_record_tag');
        expect(res.body.errors[0]).toEqual(expect.objectContaining({ tag }));
        expect((await request(f.app).get(path('syn0000951'))).status).toBe(404);
      },
    );

    test('when PUT sends a record with a bad tag, then 422 and the stored record is left as it was', async () => {
      const record = withTag('a_b');
      record.fields[0] = { tag: '001', value: 'syn0000001' };
      const res = await checked(
        request(f.app)
          .put(path('syn0000001'))
          .set(staff)
          .set('content-type', 'application/json')
          .send(asJson(record)),
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid_record_tag');
      expect((await request(f.app).get(path('syn0000001'))).headers.etag).toBe('"v1"');
    });

    test('when tags are letters or digits (FMT, 9XX), then the record is stored', async () => {
      const res = await post(asJson(withTag('FMT')));
      expect(res.status).toBe(201);
    });
  });
});
