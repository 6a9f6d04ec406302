import request from 'supertest';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

const TOLSTOY = '/records/%28StK%29stk000001';

function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeEach(async () => {
    f = await apiFixture(target, {}, 0);
  });
  afterEach(() => f.close());

  test('when a record is asked for as format=iso2709, as ingest and convert name it, then it is the ISO 2709 that format=marc gives', async () => {
    const now = await checked(request(f.app).get(`${TOLSTOY}?format=iso2709`).parse(binary));
    const old = await checked(request(f.app).get(`${TOLSTOY}?format=marc`).parse(binary));

    expect(now.status).toBe(200);
    expect(now.headers['content-type']).toBe('application/marc');
    expect(now.headers.etag).toBe(old.headers.etag);
    expect(Buffer.compare(now.body as Buffer, old.body as Buffer)).toBe(0);
  });
});
