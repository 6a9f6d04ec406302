import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBackends } from '../../../src/backends/open-backends';
import { loadConfig } from '../../../src/config';
import type { PatronReportLine } from '../../../src/services/patron-import';
import { stacksInProcess } from '../../support/cli-in-process';
import { readJsonLines } from '../../support/json-lines';

/** Fictional people only. */
const CSV = [
  'barcode,name,email,phone,patronType,homeLibrary,expiry,notes',
  'P100,"Example, Erika",erika@example.org,+49 30 0000 0000,adult,main,2030-01-01,',
  'P101,"Muster, Max",max@example.net,,Child,,2027-08-31,Prefers large print',
  'P102,"Beispiel, Berta",berta-at-example,,adult,,2030-01-01,',
  'P103,"Probe, Paula",paula@example.org,,adult,,2030-02-30,',
  'p100,"Doppelt, Dora",dora@example.org,,adult,,2030-01-01,',
  ',,,,,,,',
].join('\n');

async function patronsIn(db: string) {
  const backends = await openBackends(loadConfig({}, { dbPath: db }));
  try {
    const { patrons } = backends;
    return (await patrons.find({ limit: 100 })).patrons;
  } finally {
    await backends.close();
  }
}

async function eventsIn(db: string) {
  const backends = await openBackends(loadConfig({}, { dbPath: db }));
  try {
    return (await backends.circulation.events({ limit: 100 })).entries;
  } finally {
    await backends.close();
  }
}

const report = (file: string): PatronReportLine[] => readJsonLines<PatronReportLine>(file);

describe('stacks patrons import [sqlite]', () => {
  let dir: string;
  let db: string;
  let csv: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stacks-patrons-import-'));
    db = path.join(dir, 'stacks.db');
    csv = path.join(dir, 'patrons.csv');
    writeFileSync(csv, CSV);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('when it is a dry run, then the report says what would happen and nothing is written', async () => {
    const out = path.join(dir, 'dry.jsonl');

    const { code, stderr } = await stacksInProcess(
      'patrons',
      'import',
      csv,
      '--db',
      db,
      '--dry-run',
      '--report',
      out,
    );

    expect(code).toBe(1);
    expect(stderr).toContain('dry run: nothing was written');
    expect(report(out).map((l) => l.outcome)).toEqual([
      'created',
      'created',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(await patronsIn(db)).toEqual([]);
    expect(await eventsIn(db)).toEqual([]);
  });

  test('when the file loads, then each row has its line, rejections say why without personal data', async () => {
    const out = path.join(dir, 'load.jsonl');

    const { code, stderr } = await stacksInProcess('patrons', 'import', csv, '--db', db, '--report', out);

    expect(code).toBe(1);
    const lines = report(out);
    expect(lines).toEqual([
      { row: 2, barcode: 'P100', outcome: 'created', id: expect.any(String) },
      { row: 3, barcode: 'P101', outcome: 'created', id: expect.any(String) },
      { row: 4, barcode: 'P102', outcome: 'rejected', reason: expect.stringContaining('invalid_patron') },
      { row: 5, barcode: 'P103', outcome: 'rejected', reason: expect.stringContaining('expiry') },
      { row: 6, barcode: 'p100', outcome: 'rejected', reason: 'duplicate barcode: first on row 2' },
    ]);
    for (const text of ['Berta', 'berta-at-example', 'Dora', 'Erika']) {
      expect(readFileSync(out, 'utf8')).not.toContain(text);
      expect(stderr).not.toContain(text);
    }
    const stored = await patronsIn(db);
    const registered = (await eventsIn(db)).filter((e) => e.kind === 'patron-registered');
    expect(registered.map((e) => e.by)).toEqual(['import', 'import']);
    expect(stored.map((p) => [p.barcode, p.patronType, p.homeLibrary ?? null])).toEqual([
      ['P100', 'adult', 'MAIN'],
      ['P101', 'child', null],
    ]);
  });

  test('when the file is loaded again with a change, then that row is updated and the rest unchanged', async () => {
    const changed = path.join(dir, 'again.csv');
    writeFileSync(
      changed,
      CSV.replace('+49 30 0000 0000', '').replace('Prefers large print', 'Prefers audio books'),
    );
    const out = path.join(dir, 'again.jsonl');

    await stacksInProcess('patrons', 'import', changed, '--db', db, '--report', out);

    expect(report(out).map((l) => l.outcome)).toEqual([
      'updated',
      'updated',
      'rejected',
      'rejected',
      'rejected',
    ]);
    const stored = await patronsIn(db);
    expect(stored.find((p) => p.barcode === 'P100')?.phone).toBeUndefined();
    expect(stored.find((p) => p.barcode === 'P101')?.notes).toBe('Prefers audio books');
  });

  test('when the header has an unknown column, then one line names it and nothing is read', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'barcode,name,email,patronType,expiry,birthday\nP9,"A, B",a@example.org,adult,2030-01-01,x\n',
    );

    const { code, stderr } = await stacksInProcess(
      'patrons',
      'import',
      bad,
      '--db',
      path.join(dir, 'untouched.db'),
    );

    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('unknown column "birthday"');
    expect(stderr).toContain('(invalid_config)');
  });

  test('when a required column is missing, then the file is refused naming it', async () => {
    const bad = path.join(dir, 'no-email.csv');
    writeFileSync(bad, 'barcode,name,patronType,expiry\nP9,"A, B",adult,2030-01-01\n');

    const { code, stderr } = await stacksInProcess(
      'patrons',
      'import',
      bad,
      '--db',
      path.join(dir, 'untouched.db'),
    );

    expect(code).toBe(2);
    expect(stderr).toContain('missing "email"');
  });
});
