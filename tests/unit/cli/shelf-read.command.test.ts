import path from 'node:path';
import { ITEM_FIXTURES, sampleCatalog, stacksWithStdout } from '../../support/items-catalog';
import { stacksInProcess } from '../../support/cli-in-process';
import { scansIn } from '../../../src/cli/shelf-read.command';

const SCANS = path.join(ITEM_FIXTURES, 'scans.txt');

describe('stacks shelf-read [sqlite]', () => {
  let db: string;
  beforeAll(async () => {
    ({ db } = await sampleCatalog('stacks-shelf-read-'));
    await stacksInProcess('items', 'import', path.join(ITEM_FIXTURES, 'items.csv'), '--db', db, '-q');
    await stacksInProcess(
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
  });

  test('when scans are read, then the report says what to move, what is elsewhere, unknown and missing', async () => {
    const { code, stdout } = await stacksWithStdout(
      'shelf-read',
      SCANS,
      '--location',
      'main/stacks',
      '--db',
      db,
    );
    expect(code).toBe(1);
    expect(stdout).toContain('MAIN/STACKS: 5 scanned, 2 in order');
    expect(stdout).toMatch(
      /Out of order: move each to its place \(1\):\n {2}#1 39002 PG3366 \.A1 1869 v\.2 {2}after 39001 {2}before 39004/,
    );
    expect(stdout).toContain('#4 39003 PG3366 .A1 1869  → MAIN/REFERENCE');
    expect(stdout).toContain('#5 NOPE-1');
    expect(stdout).toContain('#3 39004 PQ2631 .R63 A7  missing');
    expect(stdout).toContain('39004: missing → available: offered');
  });

  test('when --json and --mark-found-available are given, then the JSON says the item is available now', async () => {
    const { stdout } = await stacksWithStdout(
      'shelf-read',
      SCANS,
      '--location',
      'MAIN/STACKS',
      '--db',
      db,
      '--json',
      '--mark-found-available',
    );
    const report = JSON.parse(stdout);
    expect(report.actions).toEqual([
      { barcode: '39004', action: 'mark-available', from: 'missing', outcome: 'done' },
    ]);
    expect(report.notScanned.map((n: { barcode: string }) => n.barcode)).toEqual(['40001']);
  });

  test('when the location is malformed, then exit 2 with invalid_location', async () => {
    const { code, stderr } = await stacksInProcess('shelf-read', SCANS, '--location', 'stacks', '--db', db);
    expect(code).toBe(2);
    expect(stderr).toContain('(invalid_location)');
  });

  test('when the locations file does not list the location, then exit 2 naming the listed ones', async () => {
    const { code, stderr } = await stacksInProcess(
      'shelf-read',
      SCANS,
      '--location',
      'MAIN/STAKCS',
      '--db',
      db,
    );
    expect(code).toBe(2);
    expect(stderr).toContain('MAIN/STAKCS is not in the locations file');
    expect(stderr).toContain('MAIN/STACKS');
  });

  test('when a scan file has comments, blank lines and a BOM, then only barcodes are scans', () => {
    expect(scansIn('\ufeff# shelf 3\n A1 \r\n\n#B2\nC3\n', 'f')).toEqual(['A1', 'C3']);
    expect(() => scansIn('# nothing\n', 'f')).toThrow(/holds no barcodes/);
  });
});
