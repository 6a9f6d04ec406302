import { Readable } from 'node:stream';
import type { Backends } from '../../../../src/backends/backends';
import { AppError } from '../../../../src/errors/app-error';
import { runItemImport, type ItemReportLine } from '../../../../src/ingest/items/item-import';
import { openItemTable } from '../../../../src/ingest/items/item-table.reader';
import type { IdentifierKind } from '../../../../src/store/port';
import { fakeSearchIndex } from '../../../support/fake-search-index';
import { shelfItem } from '../../../support/items';
import { MemoryItemStore } from '../../../support/memory-item-store';

/** Records by identifier, as the store's findIds answers. */
const IDENTIFIERS: Record<string, Record<string, string[]>> = {
  id: { r1: ['r1'], r2: ['r2'] },
  controlNumber: { c1: ['r1'], dup: ['r1', 'r2'] },
  isbn: { '9780140447934': ['r2'], '0140447938': ['r2'] },
};

function fixture(items = new MemoryItemStore()) {
  const store = {
    findIds: async (kind: IdentifierKind, values: readonly string[]) =>
      new Map(values.flatMap((v) => (IDENTIFIERS[kind]?.[v] ? [[v, IDENTIFIERS[kind][v]] as const] : []))),
  };
  const units: number[] = [];
  const backends = {
    store,
    items,
    // The refresh after each load writes the embedded index's availability; not under test here.
    index: fakeSearchIndex({ setAvailability: async () => undefined }),
    atomically: async <T>(work: () => Promise<T>) => {
      units.push(1);
      return work();
    },
  } as unknown as Backends & { items: MemoryItemStore };
  return { backends, items, units };
}

async function importText(
  text: string,
  f = fixture(),
  options: { dryRun?: boolean; batchSize?: number } = {},
) {
  const lines: ItemReportLine[] = [];
  const table = await openItemTable(Readable.from([text]));
  const summary = await runItemImport(
    table,
    f.backends,
    { dryRun: options.dryRun ?? false, batchSize: options.batchSize ?? 100 },
    { line: (l) => lines.push(l) },
  );
  return { lines, summary, ...f };
}

const HEADER = 'Barcode,Record,Location,Call Number,Volume,Status,Reason\n';

describe('runItemImport', () => {
  it('when rows are good, then each is created under its record with its call number', async () => {
    const { lines, items } = await importText(
      HEADER + 'B1,r1,main/stacks,QA76.73 .J38,v.2,,\nB2,r2,MAIN/REFERENCE,823.914 SMI,,missing,\n',
    );
    expect(lines).toEqual([
      { row: 2, barcode: 'B1', outcome: 'created', recordId: 'r1' },
      { row: 3, barcode: 'B2', outcome: 'created', recordId: 'r2' },
    ]);
    const b1 = (await items.get('b1'))!;
    expect(b1).toMatchObject({
      location: { library: 'MAIN', shelf: 'STACKS' },
      itemType: 'book',
      source: 'import',
    });
    expect(b1.callNumber).toMatchObject({ value: 'QA76.73 .J38', scheme: 'lc', volume: 'v.2' });
    expect((await items.get('B2'))!.status).toBe('missing');
  });

  it('when a row is bad, then it alone is rejected with why and the rows after it load', async () => {
    const { lines, summary } = await importText(
      HEADER +
        'B1,r1,stacks,,,,\n' +
        ',r1,MAIN/STACKS,,,,\n' +
        'B3,nope,MAIN/STACKS,,,,\n' +
        'B4,r1,MAIN/STACKS,,,withdrawn,\n' +
        'B5,r1,MAIN/STACKS,,,checked-out,\n' +
        'B6,r2,MAIN/STACKS,,,,\n' +
        'b6,r2,MAIN/STACKS,,,,\n',
    );
    expect(lines.map((l) => [l.row, l.outcome, l.reason])).toEqual([
      [2, 'rejected', expect.stringContaining('bad location')],
      [3, 'rejected', 'no barcode'],
      [4, 'rejected', 'unknown record (record nope)'],
      [5, 'rejected', expect.stringContaining('needs a reason')],
      [6, 'rejected', expect.stringContaining('circulation')],
      [7, 'created', undefined],
      [8, 'rejected', 'duplicate barcode: first on row 7'],
    ]);
    expect(summary.counts).toMatchObject({ created: 1, rejected: 6 });
  });

  it('when records are named by control number or ISBN, then the store finds them; two matches are ambiguous', async () => {
    const { lines } = await importText(
      'barcode,controlNumber,isbn,location\nB1,c1,,MAIN/STACKS\nB2,,0-14-044793-8,MAIN/STACKS\nB3,dup,,MAIN/STACKS\n',
    );
    expect(lines.map((l) => [l.barcode, l.outcome, l.recordId ?? l.reason])).toEqual([
      ['B1', 'created', 'r1'],
      ['B2', 'created', 'r2'],
      ['B3', 'rejected', 'ambiguous record: matches r1, r2 (controlNumber dup)'],
    ]);
  });

  it('when the same file loads again, then rows are unchanged; a barcode under another record is moved', async () => {
    const f = fixture(new MemoryItemStore([shelfItem('B2', undefined, { recordId: 'r1' })]));
    await importText('barcode,record,location\nB1,r1,MAIN/STACKS\n', f);
    const { lines } = await importText('barcode,record,location\nB1,r1,MAIN/STACKS\nB2,r2,MAIN/STACKS\n', f);
    expect(lines).toEqual([
      { row: 2, barcode: 'B1', outcome: 'unchanged', recordId: 'r1' },
      { row: 3, barcode: 'B2', outcome: 'moved', recordId: 'r2', fromRecordId: 'r1' },
    ]);
  });

  it('when it is a dry run, then outcomes are reported and nothing is written', async () => {
    const f = fixture(new MemoryItemStore([shelfItem('B2', undefined, { recordId: 'r1' })]));
    const { lines, items, units } = await importText(
      'barcode,record,location\nB1,r1,MAIN/STACKS\nB2,r2,MAIN/STACKS\n',
      f,
      { dryRun: true },
    );
    expect(lines.map((l) => l.outcome)).toEqual(['created', 'moved']);
    expect(await items.count()).toBe(1);
    expect(units).toEqual([]);
  });

  it('when rows fill several batches, then each batch is its own unit of work', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `B${i},r1,MAIN/STACKS\n`).join('');
    const { units, summary } = await importText('barcode,record,location\n' + rows, fixture(), {
      batchSize: 2,
    });
    expect(units).toHaveLength(3);
    expect(summary.counts.created).toBe(5);
  });

  it('when the store refuses one item of a batch, then only its row is rejected', async () => {
    const f = fixture();
    const load = f.items.load.bind(f.items);
    jest.spyOn(f.items, 'load').mockImplementation(async (given, at, by) => {
      if (given.some((i) => i.barcode === 'B2')) throw new AppError('item_checked_out', 'B2 is checked out');
      return load(given, at, by);
    });
    const { lines } = await importText('barcode,record,location\nB1,r1,MAIN/STACKS\nB2,r1,MAIN/STACKS\n', f);
    expect(lines.map((l) => [l.barcode, l.outcome])).toEqual([
      ['B1', 'created'],
      ['B2', 'rejected'],
    ]);
  });

  it.each([false, true])(
    'when a row gives a status for an item on loan (dry run %s), then it is not applied and the line warns',
    async (dryRun) => {
      const onLoan = {
        ...shelfItem('B1', undefined, { recordId: 'r1', status: 'checked-out' }),
        loan: {
          id: 'l1',
          itemBarcode: 'B1',
          recordId: 'r1',
          patronId: 'p1',
          patronType: 'adult',
          library: 'MAIN',
          checkedOutAt: '2026-01-01T00:00:00.000Z',
          dueAt: '2026-02-01T00:00:00.000Z',
          renewals: 0,
        },
      };
      const f = fixture(new MemoryItemStore([onLoan]));
      const { lines, items } = await importText(HEADER + 'B1,r1,MAIN/STACKS,,,missing,\n', f, { dryRun });
      expect(lines).toEqual([
        {
          row: 2,
          barcode: 'B1',
          outcome: 'unchanged',
          recordId: 'r1',
          warning:
            'item_in_circulation: the item is on loan or trapped for a hold: status missing is not applied',
        },
      ]);
      expect(await items.get('B1')).toMatchObject({ status: 'checked-out', loan: { patronId: 'p1' } });
    },
  );

  it('when the file is TSV with quoted cells, a BOM and blank rows, then it reads the same', async () => {
    const { lines } = await importText(
      '\ufeffbarcode\trecord\tlocation\tpublicNote\nB1\tr1\tMAIN/STACKS\t"12"" LP, in two\nlines"\n\t\t\t\n',
    );
    expect(lines).toEqual([{ row: 2, barcode: 'B1', outcome: 'created', recordId: 'r1' }]);
  });

  it('when a row cannot be parsed, then it is rejected and the rows before it load', async () => {
    const { lines } = await importText('barcode,record,location\nB1,r1,MAIN/STACKS\nB2,r1,"MAIN/STACKS\n');
    expect(lines.map((l) => [l.row, l.outcome])).toEqual([
      [2, 'created'],
      [3, 'rejected'],
    ]);
  });

  it('when a required column is missing, then it fails before any row, naming the headers', async () => {
    await expect(importText('code,record\nB1,r1\n')).rejects.toThrow(
      /no column for a barcode column among the headers "code", "record"/,
    );
  });
});
