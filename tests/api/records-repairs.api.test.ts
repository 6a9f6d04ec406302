import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { validate } from '../../src/cli/validate.command';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { syntheticRecord } from '../support/synthetic';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

/** Damaged ISO 2709 sent to /records: what the reader repaired is said, and strict refuses it. */
const staff = { 'x-test-role': 'staff' };
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'directory-lies.mrc');
const damaged = readFileSync(FIXTURE);

/** What `stacks validate --json` prints for the fixture: its diagnostics, without the position. */
async function validateDiagnostics(): Promise<{ code: string; message: string }[]> {
  const out: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await validate(FIXTURE, { json: true, format: 'auto', charset: 'auto' });
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return out
    .join('')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { code: string; message: string })
    .map(({ code, message }) => ({ code, message }));
}

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeEach(async () => {
    f = await apiFixture(target, {}, 2);
  });
  afterEach(() => f.close());

  const send = (method: 'post' | 'put', url: string, body: Buffer) =>
    checked(request(f.app)[method](url).set(staff).set('content-type', 'application/marc').send(body));

  test('when damaged ISO 2709 is POSTed, then 201 says every repair `stacks validate` lists, in the body and a header', async () => {
    const expected = await validateDiagnostics();
    expect(expected.map((d) => d.code)).toEqual(['directory_recovered', 'field_recovered']);

    const res = await send('post', '/records', damaged);

    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual(expected);
    expect(res.headers['stacks-warnings']).toBe('directory_recovered, field_recovered');
  });

  test('when damaged ISO 2709 is POSTed with strict=true, then 422 record_needs_repair lists the repairs and nothing is stored', async () => {
    const before = await f.backends.store.count();

    const res = await send('post', '/records?strict=true', damaged);

    expect(res.status).toBe(422);
    expect(res.body.code).toBe('record_needs_repair');
    expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual([
      'directory_recovered',
      'field_recovered',
    ]);
    expect(await f.backends.store.count()).toBe(before);
  });

  test('when damaged ISO 2709 is PUT, then the answer carries its warnings, and strict=true refuses it', async () => {
    // Read permissively, the 001 holds the 003's value: (StK)StK is the id the lying directory gives.
    const url = `/records/${encodeURIComponent('(StK)StK')}`;
    const refused = await send('put', `${url}?strict=true`, damaged);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('record_needs_repair');

    const res = await send('put', url, damaged);
    expect(res.status).toBe(201);
    expect(res.headers['stacks-warnings']).toBe('directory_recovered, field_recovered');
    expect(res.body.warnings).toHaveLength(2);
  });

  test('when strict is not a boolean, then 400 names it and nothing is read', async () => {
    const res = await send('post', '/records?strict=perhaps', damaged);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual(expect.objectContaining({ in: 'query', parameter: 'strict' }));
  });

  test('when a record reads cleanly, then no warnings are sent, strict or not', async () => {
    const clean = toIso2709(syntheticRecord(960));

    const res = await send('post', '/records?strict=true', clean);

    expect(res.status).toBe(201);
    expect(res.body.warnings).toBeUndefined();
    expect(res.headers['stacks-warnings']).toBeUndefined();
  });
});
