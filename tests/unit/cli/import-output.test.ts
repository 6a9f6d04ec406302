import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImportOutput, importSummaryTable, type ImportReportLine } from '../../../src/cli/import-output';
import { itemSummaryTable, itemTrouble } from '../../../src/cli/items-output';
import type { ItemReportLine } from '../../../src/ingest/items/item-import';

const rejected = (row: number): ImportReportLine => ({
  row,
  barcode: `B${row}`,
  outcome: 'rejected',
  reason: 'bad',
});

describe('ImportOutput', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stacks-import-output-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('when lines come, then every one is in the report and only rejections are said', async () => {
    const report = path.join(dir, 'report.jsonl');
    const said: string[] = [];
    const output = new ImportOutput(report, false, (l) => said.push(l));

    output.line({ row: 2, barcode: 'A1', outcome: 'created' });
    output.line({ row: 3, outcome: 'rejected', reason: 'no barcode' });
    await output.close();

    expect(readFileSync(report, 'utf8')).toBe(
      '{"row":2,"barcode":"A1","outcome":"created"}\n{"row":3,"outcome":"rejected","reason":"no barcode"}\n',
    );
    expect(said).toEqual(['row 3: rejected: no barcode']);
  });

  test('when there are more than fifty rejections, then fifty are said and then one line for the rest', async () => {
    const said: string[] = [];
    const output = new ImportOutput(undefined, false, (l) => said.push(l));

    for (let row = 1; row <= 60; row++) output.line(rejected(row));
    await output.close();

    expect(said).toHaveLength(51);
    expect(said[49]).toBe('row 50 (B50): rejected: bad');
    expect(said[50]).toBe('… more rejections in the report (--report FILE)');
  });

  test('when quiet, then nothing is said', () => {
    const said: string[] = [];
    new ImportOutput(undefined, true, (l) => said.push(l)).line(rejected(1));
    expect(said).toEqual([]);
  });

  test('when the run ends, then the table has a row per outcome, the total, the rate and the notes', () => {
    const summary = { rows: 30, counts: { created: 20, rejected: 10 }, seconds: 2 };

    expect(importSummaryTable('things import', ['created', 'rejected'], summary, false, ['note: x'])).toBe(
      [
        'things import summary',
        '  created           20',
        '  rejected          10',
        '  total             30',
        '  2.0 s, 15 rows/s',
        'note: x',
        '',
      ].join('\n'),
    );
    expect(importSummaryTable('things import', ['created'], summary, true)).toMatch(
      /^dry run: nothing was written; this is what would happen\n/,
    );
  });
});

describe('items import output', () => {
  test('when an item loads with a warning, then it is said beside the rejections', () => {
    const said: string[] = [];
    const output = new ImportOutput<ItemReportLine>(undefined, false, (l) => said.push(l), itemTrouble);

    output.line({ row: 2, barcode: '39001', outcome: 'updated', warning: 'status not applied: on loan' });
    output.line({ row: 3, barcode: '39002', outcome: 'created' });

    expect(said).toEqual(['row 2 (39001): updated: status not applied: on loan']);
  });

  test('when columns were not read, then the table names them', () => {
    const counts = { created: 1, updated: 0, moved: 0, unchanged: 0, rejected: 0 };
    const table = itemSummaryTable({ rows: 1, counts, seconds: 0, ignoredColumns: ['Shelf Mark'] }, false);
    expect(table).toContain('items import summary');
    expect(table).toContain('note: columns not read: "Shelf Mark"\n');
  });
});
