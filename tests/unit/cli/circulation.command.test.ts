import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Backends } from '../../../src/backends/backends';
import { openBackends } from '../../../src/backends/open-backends';
import { buildProgram } from '../../../src/cli/main';
import { loadConfig } from '../../../src/config';
import { loadCatalog } from '../../api/support/api-fixture';
import { book, reader } from '../../support/circulation-harness';
import { stacksInProcess } from '../../support/cli-in-process';
import { sampleFiles } from '../../../src/cli/sample-seed';

const RECORD = '(StK)stk000001';
const AT = '2026-11-01T09:00:00.000Z';

async function withCatalog<T>(db: string, work: (backends: Backends) => Promise<T>): Promise<T> {
  const backends = await openBackends(loadConfig({}, { dbPath: db }));
  try {
    return await work(backends);
  } finally {
    await backends.close();
  }
}

const json = (fields: Record<string, string>): string => JSON.stringify(fields);

describe('stacks circulation [sqlite]', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stacks-circulation-'));
    db = path.join(dir, 'stacks.db');
    await withCatalog(db, async (backends) => {
      await loadCatalog(backends, 0);
      for (const barcode of ['B1', 'B2', 'B3'])
        await backends.items.create(book(barcode, { recordId: RECORD }), AT);
      await backends.patrons.create(reader('P-ANN', { email: 'ann@example.org' }), AT);
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('when the help is asked for, then offline, expire-holds and recover are listed with what they do', () => {
    const help = buildProgram()
      .commands.find((c) => c.name() === 'circulation')!
      .helpInformation();

    expect(help).toMatch(/offline \[options\] <file>\s+apply the bookmobile's offline loans and returns\n/);
    expect(help).toMatch(/expire-holds \[options\]\s+end the holds due to expire today; print them\n/);
    expect(help).toMatch(/recover \[options\]\s+settle operations a crash cut short; print how many\n/);
  });

  test('when an offline file is applied twice, then one line each, a summary, and the second run finds them applied', async () => {
    const file = path.join(dir, 'bookmobile.jsonl');
    writeFileSync(
      file,
      [
        json({ id: 'bm-2', at: '2026-12-01T11:00:00Z', op: 'checkin', itemBarcode: 'B1' }),
        json({
          id: 'bm-1',
          at: '2026-12-01T10:00:00Z',
          op: 'checkout',
          itemBarcode: 'B1',
          patronBarcode: 'P-ANN',
          location: 'MAIN/BOOKMOBILE',
        }),
      ].join('\n'),
    );

    const first = await stacksInProcess('circulation', 'offline', file, '--db', db);
    const second = await stacksInProcess('circulation', 'offline', file, '--db', db);

    expect(first.code).toBe(0);
    expect(first.stderr).toBe(
      [
        'line 1 bm-2 checkin: applied',
        'line 2 bm-1 checkout: applied',
        'offline: 2 applied, 0 already applied, 0 conflicts (0 not applied), 0 invalid',
        '',
      ].join('\n'),
    );
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('offline: 0 applied, 2 already applied');
  });

  test('when --json is given, then the report as the HTTP API answers it goes to standard output', async () => {
    const file = path.join(dir, 'json.jsonl');
    writeFileSync(file, json({ id: 'bm-j1', at: '2026-12-02T10:00:00Z', op: 'checkin', itemBarcode: 'B2' }));
    const written: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });

    try {
      await stacksInProcess('circulation', 'offline', file, '--db', db, '--json');
    } finally {
      stdout.mockRestore();
    }

    expect(JSON.parse(written.join(''))).toEqual({
      summary: { applied: 0, alreadyApplied: 1, conflicts: 0, invalid: 0 },
      lines: [
        {
          line: 1,
          id: 'bm-j1',
          op: 'checkin',
          outcome: 'already-applied',
          code: 'item_not_on_loan',
          message: 'item B2 was not on loan',
        },
      ],
    });
  });

  test('when a line is unreadable or a conflict is not applied, then exit 1 and no personal data', async () => {
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      [
        '{"id":"x1","op":"checkout"}',
        json({
          id: 'bm-9',
          at: '2026-12-01T10:00:00Z',
          op: 'checkout',
          itemBarcode: 'NOPE',
          patronBarcode: 'P-ANN',
        }),
        json({
          id: 'bm-10',
          at: '2026-12-01T10:00:00Z',
          op: 'checkout',
          itemBarcode: 'B2',
          patronBarcode: 'P-ANN',
          location: 'NOWHERE/SHELF',
        }),
      ].join('\n'),
    );

    const { code, stderr } = await stacksInProcess('circulation', 'offline', file, '--db', db);

    expect(code).toBe(1);
    expect(stderr).toContain('line 1 x1: invalid (invalid_offline_line)');
    expect(stderr).toContain(
      'line 2 bm-9 checkout: conflict (item_not_found, not applied): no item with barcode NOPE',
    );
    expect(stderr).toContain('line 3 bm-10 checkout: invalid (invalid_location)');
    expect(stderr).not.toMatch(/Reader|example\.org/);
  });

  test('when the file is not UTF-8 or missing, then one clean line and exit 2', async () => {
    const file = path.join(dir, 'latin1.jsonl');
    writeFileSync(file, Buffer.from([0x7b, 0xe9, 0x7d, 0x0a]));

    const bad = await stacksInProcess('circulation', 'offline', file, '--db', db);
    const missing = await stacksInProcess('circulation', 'offline', path.join(dir, 'none.jsonl'), '--db', db);

    expect(bad).toEqual({
      code: 2,
      stderr: 'stacks: the offline file is not UTF-8 text (invalid_offline_file)\n',
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')).toHaveLength(2);
  });

  test('when holds are due to expire, then expire-holds ends them and names each', async () => {
    await withCatalog(db, async (backends) => {
      const ann = (await backends.patrons.get('P-ANN'))!;
      await backends.circulation.createHold(
        {
          id: 'H-OLD',
          recordId: RECORD,
          patronId: ann.id,
          pickupLibrary: 'MAIN',
          status: 'waiting',
          placedAt: AT,
          notNeededAfter: '2026-11-15',
        },
        AT,
      );
    });

    const run = await stacksInProcess('circulation', 'expire-holds', '--db', db, '--date', '2026-11-20');
    const again = await stacksInProcess('circulation', 'expire-holds', '--db', db, '--date', '2026-11-20');
    const bad = await stacksInProcess('circulation', 'expire-holds', '--db', db, '--date', '2026-02-30');

    expect(run).toEqual({
      code: 0,
      stderr: `hold H-OLD expired (record ${RECORD}, pickup MAIN)\nexpire-holds: 1 hold expired\n`,
    });
    expect(again.stderr).toBe('expire-holds: 0 holds expired\n');
    expect(bad.code).toBe(2);
  });

  test('when a crash left a check-out half done, then recover undoes it and prints the counts', async () => {
    await withCatalog(db, async (backends) => {
      const ann = (await backends.patrons.get('P-ANN'))!;
      const item = (await backends.items.get('B3'))!;
      await backends.circulation.putIntent({
        id: 'L-CRASHED',
        kind: 'checkout',
        startedAt: '2026-11-01T09:00:00.000Z',
        itemVersion: item.version,
        loan: {
          id: 'L-CRASHED',
          itemBarcode: 'B3',
          recordId: RECORD,
          patronId: ann.id,
          patronType: 'adult',
          library: 'MAIN',
          checkedOutAt: AT,
          dueAt: '2026-11-22T23:59:59.999Z',
          renewals: 0,
        },
      });
    });

    const first = await stacksInProcess('circulation', 'recover', '--db', db);
    const second = await stacksInProcess('circulation', 'recover', '--db', db);

    expect(first).toEqual({ code: 0, stderr: 'recover: 0 finished, 1 undone, 0 failed\n' });
    expect(second.stderr).toBe('recover: 0 finished, 0 undone, 0 failed\n');
  });
});

describe('stacks circulation sample-desk [sqlite]', () => {
  const SAMPLES = path.resolve(__dirname, '..', '..', '..', 'ingest', 'samples');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stacks-sample-desk-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('when the samples were loaded by ingest, then it opens their desk once, and a second run adds nothing', async () => {
    // What docker-compose.yml's one-shot load does: the records by `stacks ingest`, then the desk.
    const db = path.join(dir, 'stacks.db');
    expect((await stacksInProcess('ingest', ...sampleFiles(SAMPLES), '--db', db, '-q')).code).toBe(0);

    const first = await stacksInProcess('circulation', 'sample-desk', '--db', db);
    const second = await stacksInProcess('circulation', 'sample-desk', '--db', db);

    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /^sample-desk: 6 patrons, \d+ check-outs, \d+ check-ins, \d+ renewals, 2 holds/m,
    );
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('sample-desk: the catalog has patrons already; nothing added');
    await withCatalog(db, async (backends) => {
      expect(await backends.patrons.count()).toBe(6);
      const overdue = await backends.items.loans({ limit: 10, dueBefore: new Date().toISOString() });
      expect(overdue.items).toHaveLength(1);
    });
  });

  test('when the catalog lacks the sample records, then it stops with an error and registers nobody', async () => {
    const db = path.join(dir, 'empty.db');
    const run = await stacksInProcess('circulation', 'sample-desk', '--db', db);
    expect(run.code).not.toBe(0);
    await withCatalog(db, async (backends) => expect(await backends.patrons.count()).toBe(0));
  });
});
