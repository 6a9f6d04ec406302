import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import type { createApp } from '../../../src/api/app';

/** The hostile-input suites: requests written byte by byte, and what an error must never hold. */
export const staff = { 'x-test-role': 'staff' };

/** Stack frames, absolute paths or an HTML page: what an error body must never hold. */
export const LEAKS =
  /node_modules|\/work\/|\/src\/|\.[jt]s:\d+|\bat [\w.<>]+ \(|<html|<pre>|RangeError|URIError/i;

export function expectCleanProblem(res: Response, status: number, code?: string): void {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.text).not.toMatch(LEAKS);
  expect(res.status).toBe(status);
  const body = JSON.parse(res.text) as { status: number; code: string };
  expect(body.status).toBe(status);
  if (code) expect(body.code).toBe(code);
}

export function nested(depth: number, open = '[', close = ']'): string {
  return open.repeat(depth) + close.repeat(depth);
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: Record<string, unknown>;
}

/**
 * One request with exactly these bytes and headers (supertest re-serialises a Buffer sent as
 * JSON), as a supertest-like response for expectCleanProblem.
 */
export async function sendBytes(
  app: ReturnType<typeof createApp>,
  method: string,
  url: string,
  headers: Record<string, string>,
  bytes: Buffer,
): Promise<Response> {
  const server = await listen(app);
  try {
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<RawAnswer>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: url,
          headers: { ...headers, 'content-length': bytes.length },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            const body = /json/.test(String(res.headers['content-type'])) ? JSON.parse(text) : {};
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
          });
        },
      );
      req.on('error', reject);
      req.end(bytes);
    });
    return answer as unknown as Response;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A request the test writes by hand, for what supertest cannot send (lying lengths, hang-ups). */
export function listen(app: ReturnType<typeof createApp>): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}
