import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openBackends } from '../../../src/backends/open-backends';
import { loadConfig } from '../../../src/config';
import type { ItemReportLine } from '../../../src/ingest/items/item-import';
import { ITEM_FIXTURES, sampleCatalog, stacksWithStdout } from '../../support/items-catalog';
import { stacksInProcess } from '../../support/cli-in-process';
import { readJsonLines } from '../../support/json-lines';
import { scaleOutCatalog } from '../../support/scale-out';
import { describeWithServices } from '../../support/services';

const CSV = path.join(ITEM_FIXTURES, 'items.csv');

async function itemsIn(db: string) {
  const backends = await openBackends(loadConfig({}, { dbPath: db }));
  try {
    return await backends.items.getMany(['39001', '39002', '39003', '39004', '39005', '40001', '40002']);
  } finally {
    await backends.close();
  }
}

const report = (file: string): ItemReportLine[] => readJsonLines<ItemReportLine>(file);

describe('stacks items import [sqlite]', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    ({ dir, db } = await sampleCatalog('stacks-items-import-'));
  });

  test('when it is a dry run, then the report says what would happen and nothing is written', async () => {
    const out = path.join(dir, 'dry.jsonl');
    const { code, stderr } = await stacksInProcess(
      'items',
      'import',
      CSV,
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
      'created',
      'created',
      'created',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(await itemsIn(db)).toEqual([]);
  });

  test('when a spreadsheet loads, then good rows are items and each bad row is rejected with why', async () => {
    const out = path.join(dir, 'load.jsonl');
    const { code, stderr } = await stacksInProcess('items', 'import', CSV, '--db', db, '--report', out);
    expect(code).toBe(1);
    expect(report(out)).toEqual([
      { row: 2, barcode: '39001', outcome: 'created', recordId: '(StK)stk000001' },
      { row: 3, barcode: '39002', outcome: 'created', recordId: '(StK)stk000001' },
      { row: 4, barcode: '39003', outcome: 'created', recordId: '(StK)stk000001' },
      { row: 5, barcode: '39004', outcome: 'created', recordId: 'stk000002' },
      { row: 6, barcode: '39005', outcome: 'created', recordId: 'stk000003' },
      { row: 7, barcode: '39006', outcome: 'rejected', reason: 'unknown record (record (StK)stk999999)' },
      {
        row: 8,
        barcode: '39007',
        outcome: 'rejected',
        reason: expect.stringContaining('bad location "STACKS"'),
      },
      { row: 9, barcode: '39001', outcome: 'rejected', reason: 'duplicate barcode: first on row 2' },
    ]);
    expect(stderr).toContain('row 7 (39006): rejected: unknown record');
    expect(stderr).toContain('note: columns not read: "Shelf Mark"');
    const items = await itemsIn(db);
    expect(items.find((i) => i.barcode === '39002')).toMatchObject({
      callNumber: { value: 'PG3366 .A1 1869', scheme: 'lc', volume: 'v.2' },
      publicNotes: ['Vol. 2, "Peace"'],
    });
    expect(items.find((i) => i.barcode === '39003')).toMatchObject({
      location: { library: 'MAIN', shelf: 'REFERENCE' },
      itemType: 'reference-only',
      staffNotes: ['kept behind the desk'],
    });
    expect(items.find((i) => i.barcode === '39005')?.history[0]).toMatchObject({
      to: 'withdrawn',
      reason: 'weeded 2025',
    });
  });

  test('when the same spreadsheet loads again, then its rows are unchanged', async () => {
    const out = path.join(dir, 'again.jsonl');
    await stacksInProcess('items', 'import', CSV, '--db', db, '--report', out);
    expect(
      report(out)
        .filter((l) => l.outcome !== 'rejected')
        .map((l) => l.outcome),
    ).toEqual(Array(5).fill('unchanged'));
  });

  test('when columns are mapped by a file and a flag, then a TSV with other headers loads', async () => {
    const { code, stderr } = await stacksInProcess(
      'items',
      'import',
      path.join(ITEM_FIXTURES, 'items-mapped.tsv'),
      '--db',
      db,
      '--map',
      path.join(ITEM_FIXTURES, 'map.json'),
      '--column',
      'record=Bib',
      '-q',
    );
    expect({ code, stderr }).toMatchObject({
      code: 0,
      stderr: expect.stringContaining('created             2'),
    });
    expect((await itemsIn(db)).find((i) => i.barcode === '40002')?.location.shelf).toBe('BOOKMOBILE');
  });

  test('when --report is -, then the JSON lines go to standard output', async () => {
    const { stdout } = await stacksWithStdout(
      'items',
      'import',
      CSV,
      '--db',
      db,
      '--dry-run',
      '--report',
      '-',
      '-q',
    );
    expect(stdout.trim().split('\n')).toHaveLength(8);
    expect(JSON.parse(stdout.split('\n')[0]!)).toMatchObject({ row: 2, barcode: '39001' });
  });

  test('when a row is at a location the locations file does not list, then it is rejected unless allowed', async () => {
    const csv = path.join(dir, 'unlisted.csv');
    writeFileSync(
      csv,
      'barcode,record,location,call number\n41001,stk000002,MAIN/STAKCS,PQ1 .A2\n41002,stk000002,main/stacks,PQ1 .A3\n',
    );
    const out = path.join(dir, 'unlisted.jsonl');
    const first = await stacksInProcess('items', 'import', csv, '--db', db, '--report', out, '-q');
    expect(first.code).toBe(1);
    expect(report(out)).toEqual([
      {
        row: 2,
        outcome: 'rejected',
        reason: expect.stringMatching(
          /^barcode 41001: location MAIN\/STAKCS is not in the locations file; use one of .*MAIN\/STACKS.*; --allow-unknown-locations loads it as given$/,
        ),
      },
      { row: 3, barcode: '41002', outcome: 'created', recordId: 'stk000002' },
    ]);
    const allowed = await stacksInProcess(
      'items',
      'import',
      csv,
      '--db',
      db,
      '--report',
      out,
      '-q',
      '--allow-unknown-locations',
    );
    expect(allowed.code).toBe(0);
    expect(report(out).map((l) => l.outcome)).toEqual(['created', 'unchanged']);
  });

  test('when the delimiter is not one of comma, tab or semicolon, then exit 2 naming it', async () => {
    const { code, stderr } = await stacksInProcess('items', 'import', CSV, '--db', db, '--delimiter', 'pipe');
    expect(code).toBe(2);
    expect(stderr).toContain('--delimiter "pipe"');
  });

  test('when a mapping names an unknown field, then exit 2 naming it', async () => {
    const { code, stderr } = await stacksInProcess(
      'items',
      'import',
      CSV,
      '--db',
      db,
      '--column',
      'shelf=Shelf Mark',
    );
    expect(code).toBe(2);
    expect(stderr).toContain('unknown field "shelf"');
  });
});

describeWithServices('stacks items import', (services) => {
  const catalog = scaleOutCatalog(services, 'itemsimport');
  const saved = { ...process.env };
  let dir: string;
  beforeAll(async () => {
    await catalog.clear();
    Object.assign(process.env, catalog.env);
    ({ dir } = await sampleCatalog('stacks-items-import-mongo-'));
  });
  afterAll(async () => {
    process.env = saved;
    await catalog.drop();
  });

  test('when a spreadsheet loads on MongoDB, then the rows end as on SQLite and the items are stored', async () => {
    const out = path.join(dir, 'load.jsonl');
    const { code } = await stacksInProcess(
      'items',
      'import',
      CSV,
      '--db',
      path.join(dir, 'local.db'),
      '--report',
      out,
    );
    expect(code).toBe(1);
    expect(report(out).map((l) => [l.row, l.outcome])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'created'],
      [5, 'created'],
      [6, 'created'],
      [7, 'rejected'],
      [8, 'rejected'],
      [9, 'rejected'],
    ]);
    const backends = await openBackends(catalog.config);
    try {
      expect((await backends.items.get('39004'))?.status).toBe('missing');
    } finally {
      await backends.close();
    }
  });
});
