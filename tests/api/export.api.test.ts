import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { AppError } from '../../src/errors/app-error';
import type { NewItem } from '../../src/domain/items/item';
import { itemCallNumber } from '../../src/domain/items/item-call-number';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { ExportService } from '../../src/interop/export/export.service';
import { readMarc, type OutputFormat } from '../../src/marc/formats';
import type { MarcRecord } from '../../src/marc/record';
import { bytesSource } from '../../src/marc/source';
import { toMarcInJson, type MarcInJson } from '../../src/marc/writers/mij.writer';
import { collect, recordsOf } from '../support/collect';
import { describeApiBackends, EMBEDDED_TARGET } from './support/api-backends';
import { apiFixture, checked, headerRoleSecurity, type ApiFixture } from './support/api-fixture';
import { expectMatchesSpec } from './support/spec-response';

const FORMATS: OutputFormat[] = ['iso2709', 'marcxml', 'mrk', 'json', 'jsonl'];
const MEDIA: Record<OutputFormat, RegExp> = {
  iso2709: /^application\/marc$/,
  marcxml: /^application\/marcxml\+xml; charset=utf-8$/,
  mrk: /^text\/plain; charset=utf-8$/,
  json: /^application\/json/,
  jsonl: /^application\/x-ndjson/,
};
const TOLSTOY = '(StK)stk000001';
const map = createDefaultMapper();

function binaryParser(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** The records a body holds, read back with Stacks' own readers; none may be damaged. */
async function readBack(body: Buffer, format: OutputFormat): Promise<MarcRecord[]> {
  const items = await collect(readMarc(bytesSource(body), { format: format === 'jsonl' ? 'json' : format }));
  expect(items.filter((i) => !i.ok)).toEqual([]);
  return recordsOf(items).map((i) => i.record);
}

/** The spec check reads `text` and parsed JSON, which a binary parser does not leave. */
function expectExportMatchesSpec(res: request.Response): void {
  const body = res.body as Buffer;
  const text = body.toString('utf8');
  const type = String(res.headers['content-type']);
  const json = type.includes('json') && !type.includes('ndjson');
  expectMatchesSpec({
    ...res,
    req: (res as unknown as { req: unknown }).req,
    headers: res.headers,
    status: res.status,
    text,
    body: json ? JSON.parse(text) : body,
  } as unknown as request.Response);
}

/**
 * A record as compared after a round trip: ISO 2709 computes the record length (leader/00-04)
 * and the base address (leader/12-16) from the bytes it writes; everything else must be equal.
 */
function comparable(record: MarcRecord): MarcInJson {
  const json = toMarcInJson(record);
  return { ...json, leader: `${json.leader.slice(5, 12)}|${json.leader.slice(17)}` };
}

const idOf = (record: MarcRecord): string => map(record).id;
const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture(target, {}, 30);
  });
  afterAll(() => f.close());

  async function exported(query: Record<string, string>, role = 'reader'): Promise<request.Response> {
    const res = await request(f.app).get('/export').query(query).set('x-test-role', role).parse(binaryParser);
    expectExportMatchesSpec(res);
    return res;
  }

  async function searchIds(q: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await request(f.app)
        .get('/search')
        .query({ q, limit: 100, ...(cursor && { cursor }) });
      ids.push(...(res.body.hits as { id: string }[]).map((h) => h.id));
      cursor = res.body.nextCursor as string | undefined;
    } while (cursor);
    return ids;
  }

  test.each(FORMATS)(
    'when the whole catalog is exported as %s, then every stored record reads back equal, in id order',
    async (format) => {
      const res = await exported({ format });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(MEDIA[format]);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="stacks-export\.\w+"$/);
      const records = await readBack(res.body as Buffer, format);
      const count = await f.backends.store.count();
      expect(records).toHaveLength(count);
      expect(res.headers['stacks-export-total']).toBe(String(count));
      const ids = records.map(idOf);
      expect(ids).toEqual([...ids].sort(byUtf8));
      const stored = await f.backends.store.getMany(ids);
      expect(records.map(comparable)).toEqual(stored.map((s) => comparable(s.record)));
    },
  );

  test('when a query is exported, then its records are exactly the hits /search finds', async () => {
    for (const q of ['war', 'title:peace OR author:tolstoy', 'year:[1800 TO 1850]']) {
      const res = await exported({ q, format: 'jsonl' });
      const ids = (await readBack(res.body as Buffer, 'jsonl')).map(idOf);
      const hits = await searchIds(q);
      expect(hits.length).toBeGreaterThan(0);
      expect(ids).toEqual([...hits].sort(byUtf8));
      expect(res.headers['stacks-export-total']).toBe(String(hits.length));
    }
  });

  test('when an export resumes after an id, then it writes exactly the records after it', async () => {
    for (const q of [undefined, 'history OR war']) {
      const all = (
        await readBack((await exported({ format: 'iso2709', ...(q && { q }) })).body, 'iso2709')
      ).map(idOf);
      expect(all.length).toBeGreaterThan(3);
      const cut = Math.floor(all.length / 2);
      const res = await exported({ format: 'iso2709', after: all[cut - 1]!, ...(q && { q }) });
      expect((await readBack(res.body as Buffer, 'iso2709')).map(idOf)).toEqual(all.slice(cut));
      const last = await exported({ format: 'iso2709', after: all[all.length - 1]!, ...(q && { q }) });
      expect(last.status).toBe(200);
      expect((last.body as Buffer).length).toBe(0);
    }
  });

  test('when copies are asked for, then each record carries them as 852 fields', async () => {
    const item: NewItem = {
      barcode: 'EXP-1',
      recordId: TOLSTOY,
      location: { library: 'MAIN', shelf: 'STACKS' },
      callNumber: itemCallNumber({ value: 'PG3366 .V6 1993', scheme: 'lc' }),
      itemType: 'book',
      notForLoan: false,
      publicNotes: [],
      staffNotes: ['staff only'],
      source: 'api',
    };
    await f.backends.items.create(item, '2026-01-02T03:04:05.000Z');
    const plain = await readBack((await exported({ format: 'marcxml' })).body, 'marcxml');
    const withItems = await readBack(
      (await exported({ format: 'marcxml', withItems: 'true' })).body,
      'marcxml',
    );
    expect(withItems).toHaveLength(plain.length);
    const tolstoy = withItems.find((r) => idOf(r) === TOLSTOY)!;
    const added = tolstoy.fields.filter((fl) => fl.tag === '852');
    expect(added).toHaveLength(1);
    expect(JSON.stringify(added[0])).toContain('EXP-1');
    expect(JSON.stringify(tolstoy)).not.toContain('staff only');
    const before = plain.find((r) => idOf(r) === TOLSTOY)!;
    expect(before.fields.filter((fl) => fl.tag === '852')).toHaveLength(0);
  });

  test('when no key or a public caller asks, then 401; a reader, staff or admin key may export', async () => {
    const anonymous = await checked(request(f.app).get('/export').query({ format: 'mrk' }));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    for (const role of ['reader', 'staff', 'admin']) {
      expect((await exported({ format: 'mrk' }, role)).status).toBe(200);
    }
  });

  test('when the format is unknown, then 400 invalid_export_format names the formats; missing, 400 missing_parameter', async () => {
    const bad = await checked(
      request(f.app).get('/export').query({ format: 'marc21' }).set('x-test-role', 'reader'),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_export_format');
    expect(bad.body.detail).toContain('jsonl');
    const missing = await checked(request(f.app).get('/export').set('x-test-role', 'reader'));
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('missing_parameter');
    expect(missing.body.detail).toContain('format');
  });

  test('when the query is bad, then the same 400 as /search, before any record', async () => {
    const search = await request(f.app).get('/search').query({ q: 'title:(war' });
    const res = await checked(
      request(f.app).get('/export').query({ q: 'title:(war', format: 'json' }).set('x-test-role', 'reader'),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(search.body.code);
    expect(res.body.code).toBe('invalid_query');
  });
});

describe('GET /export streamed to a client that goes away', () => {
  let f: ApiFixture;
  let server: Server;
  const finished: boolean[] = [];
  beforeAll(async () => {
    const open = ExportService.prototype.open;
    jest.spyOn(ExportService.prototype, 'open').mockImplementation(async function (this: ExportService, req) {
      const run = await open.call(this, req);
      const slot = finished.push(false) - 1;
      async function* watched(): AsyncGenerator<Awaited<ReturnType<typeof run.pages.next>>['value']> {
        try {
          yield* run.pages;
        } finally {
          finished[slot] = true;
        }
      }
      return { total: run.total, pages: watched() as typeof run.pages };
    });
    f = await apiFixture(EMBEDDED_TARGET, {}, 3000);
    const app = createApp({
      backends: f.backends,
      security: headerRoleSecurity(),
      onUnexpected: () => undefined,
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await f.close();
  });

  test('when the store fails after the first byte, then the response is cut, never a clean end', async () => {
    const port = (server.address() as AddressInfo).port;
    const store = f.backends.store;
    const real = store.recordsById.bind(store);
    let calls = 0;
    const spy = jest.spyOn(store, 'recordsById').mockImplementation(async (options) => {
      calls += 1;
      if (calls === 3) throw new AppError('store_unavailable', 'the store went away');
      return real(options);
    });
    try {
      const outcome = await new Promise<{ status?: number; complete: boolean; bytes: number }>((resolve) => {
        const headers = { 'x-test-role': 'reader' };
        httpRequest({ host: '127.0.0.1', port, path: '/export?format=jsonl', headers }, (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('error', () => undefined);
          res.on('close', () => resolve({ status: res.statusCode, complete: res.complete, bytes }));
        }).end();
      });
      expect(outcome.status).toBe(200);
      expect(outcome.bytes).toBeGreaterThan(0);
      expect(outcome.complete).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  test('when the client stops reading and disconnects, then the export stops and the server answers', async () => {
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve, reject) => {
      const headers = { 'x-test-role': 'reader' };
      const req = httpRequest({ host: '127.0.0.1', port, path: '/export?format=marcxml', headers }, (res) => {
        expect(res.statusCode).toBe(200);
        res.once('data', () => {
          // Never read on: the server fills the socket and waits for drain, then the client leaves.
          res.pause();
          setTimeout(() => {
            req.destroy();
            resolve();
          }, 100);
        });
      });
      req.on('error', (err) => (err.message.includes('socket hang up') ? undefined : reject(err)));
      req.end();
    });
    while (!finished[0]) await new Promise((resolve) => setTimeout(resolve, 10));
    const again = await request(server)
      .get('/export')
      .query({ format: 'jsonl', q: 'war' })
      .set('x-test-role', 'reader');
    expect(again.status).toBe(200);
    expect(finished[1]).toBe(true);
  });
});
