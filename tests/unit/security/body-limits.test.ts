import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import request from 'supertest';
import {
  byteLimit,
  declaredLengthLimit,
  jsonBody,
  limitedBody,
} from '../../../src/api/security/body-limits.middleware';
import { testApp } from './security-test-app';

const app = testApp((a) => {
  a.post('/search', jsonBody(64), (req, res) => res.json({ got: req.body }));
  a.post('/ingest', declaredLengthLimit(1_000), async (req, res) => {
    let bytes = 0;
    for await (const chunk of limitedBody(req, res, 1_000)) bytes += (chunk as Buffer).length;
    res.json({ bytes });
  });
});

/** Posts a chunked body (no Content-Length), so only counting can catch its size. */
async function postChunked(path: string, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (const c of chunks) req.write(c);
      req.end();
    });
  } finally {
    server.close();
  }
}

describe('body limits', () => {
  test('when a JSON body is within the limit, then it is parsed', async () => {
    const res = await request(app).post('/search').send({ q: 'moby dick' });

    expect(res.body).toEqual({ got: { q: 'moby dick' } });
  });

  test('when a JSON body is over the limit, then the answer is 413 payload_too_large', async () => {
    const res = await request(app)
      .post('/search')
      .send({ q: 'x'.repeat(200) });

    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  test('when an upload declares a length over the limit, then it is refused before it is read', async () => {
    const res = await request(app)
      .post('/ingest')
      .set('Content-Type', 'application/marc')
      .send(Buffer.alloc(5_000));

    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  test('when a chunked upload stays within the limit, then every byte reaches the route', async () => {
    const res = await postChunked('/ingest', [Buffer.alloc(400), Buffer.alloc(600)]);

    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ bytes: 1_000 });
  });

  test('when a chunked upload grows past the limit, then it is cut off with 413 as it streams', async () => {
    const res = await postChunked('/ingest', [Buffer.alloc(600), Buffer.alloc(600), Buffer.alloc(600)]);

    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).code).toBe('payload_too_large');
  });

  test('when a stream passes the byte limit, then the counting stream fails with payload_too_large and passes no more than the limit', async () => {
    const chunks: Buffer[] = [];
    const run = pipeline(
      Readable.from([Buffer.alloc(10), Buffer.alloc(10)]),
      byteLimit(15),
      async (source) => {
        for await (const c of source) chunks.push(c as Buffer);
      },
    );

    await expect(run).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(Buffer.concat(chunks).length).toBeLessThanOrEqual(15);
  });
});
