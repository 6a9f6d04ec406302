import { openLocationDirectory } from '../../../src/api/location-directory';
import {
  runPatronImport,
  type PatronReportLine,
  type PatronTable,
} from '../../../src/services/patron-import';
import { MemoryPatronStore } from '../../support/memory-patron-store';

const HEADER = ['Barcode', 'Name', 'Email', 'Patron Type', 'expiry', 'id', 'phone'];
const rules = { locations: openLocationDirectory() };

function table(rows: (string[] | { error: string })[]): PatronTable {
  return {
    headers: HEADER,
    rows: (async function* () {
      let row = 1;
      for (const r of rows)
        yield Array.isArray(r) ? { row: ++row, values: r } : { row: ++row, error: r.error };
    })(),
  };
}

async function load(store: MemoryPatronStore, rows: (string[] | { error: string })[], dryRun = false) {
  const lines: PatronReportLine[] = [];
  const summary = await runPatronImport(
    table(rows),
    { patrons: store },
    { dryRun, rules },
    { line: (l) => lines.push(l) },
  );
  return { lines, summary };
}

describe('patron import', () => {
  test('when rows give ids, then patrons keep them, and a known id is updated even with a new card', async () => {
    const store = new MemoryPatronStore();
    await load(store, [['P1', 'Example, Erika', 'erika@example.org', 'adult', '2030-01-01', 'old-17', '']]);

    const { lines } = await load(store, [
      ['P1-NEW', 'Example, Erika', 'erika@example.org', 'adult', '2030-01-01', 'old-17', ''],
    ]);

    expect(lines).toEqual([{ row: 2, barcode: 'P1-NEW', outcome: 'updated', id: 'old-17' }]);
    expect((await store.getById('old-17'))?.barcode).toBe('P1-NEW');
  });

  test('when a row repeats a stored patron, then it is unchanged and nothing is written', async () => {
    const store = new MemoryPatronStore();
    const row = ['P1', 'Example, Erika', 'erika@example.org', 'adult', '2030-01-01', '', '+1 555 0100'];
    await load(store, [row]);

    const { lines, summary } = await load(store, [row]);

    expect(lines.map((l) => l.outcome)).toEqual(['unchanged']);
    expect(summary.counts).toMatchObject({ unchanged: 1, created: 0 });
    expect((await store.get('P1'))?.version).toBe(1);
  });

  test('when a row cannot be read or another patron holds the card, then that row alone is rejected', async () => {
    const store = new MemoryPatronStore();
    await load(store, [['P1', 'Example, Erika', 'erika@example.org', 'adult', '2030-01-01', 'a', '']]);

    const { lines } = await load(store, [
      { error: 'unreadable: quote not closed' },
      ['P1', 'Muster, Max', 'max@example.net', 'adult', '2030-01-01', 'b', ''],
      ['P2', 'Muster, Max', 'max@example.net', 'adult', '2030-01-01', 'c', ''],
    ]);

    expect(lines).toEqual([
      { row: 2, outcome: 'rejected', reason: 'unreadable: quote not closed' },
      { row: 3, barcode: 'P1', outcome: 'rejected', reason: expect.stringContaining('patron_barcode_taken') },
      { row: 4, barcode: 'P2', outcome: 'created', id: 'c' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('Max');
  });

  test('when it is a dry run, then outcomes are worked out and the store is untouched', async () => {
    const store = new MemoryPatronStore();
    await load(store, [['P1', 'Example, Erika', 'erika@example.org', 'adult', '2030-01-01', '', '']]);

    const { lines } = await load(
      store,
      [
        ['P1', 'Example, Erika', 'erika@example.org', 'adult', '2031-01-01', '', ''],
        ['P2', 'Muster, Max', 'max@example.net', 'adult', '2030-01-01', '', ''],
      ],
      true,
    );

    expect(lines.map((l) => l.outcome)).toEqual(['updated', 'created']);
    expect(await store.count()).toBe(1);
    expect((await store.get('P1'))?.expiry).toBe('2030-01-01');
  });
});
