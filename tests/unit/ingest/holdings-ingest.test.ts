import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Backends } from '../../../src/backends/backends';
import { openBackends } from '../../../src/backends/open-backends';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { summarizeAvailability } from '../../../src/domain/items/availability';
import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import {
  DEFAULT_INGEST_OPTIONS,
  type IngestOptions,
  type ReportLine,
} from '../../../src/ingest/ingest.types';
import { runIngest, type IngestSummary } from '../../../src/ingest/pipeline';
import { bytesSource } from '../../../src/marc/source';

import { scaleOutCatalog } from '../../support/scale-out';
import { describeWithServices } from '../../support/services';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');
const mapper = createDefaultMapper();

async function load(
  backends: Backends,
  input: string,
  options: Partial<IngestOptions> = {},
): Promise<{ lines: ReportLine[]; summary: IngestSummary }> {
  const bytes = input.startsWith('=') ? Buffer.from(input) : readFileSync(path.join(FIXTURES, input));
  const lines: ReportLine[] = [];
  const summary = await runIngest(
    [{ name: input.startsWith('=') ? 'inline.mrk' : input, source: bytesSource(bytes) }],
    backends,
    mapper,
    { ...DEFAULT_INGEST_OPTIONS, format: 'mrk', ...options },
    { line: (l) => lines.push(l) },
  );
  return { lines, summary };
}

const status = async (b: Backends, barcode: string) => (await b.items.get(barcode))?.status;
const deleteOf = (id: string) => `=LDR  00000dam a2200000 a 4500\n=001  ${id}\n=245  00$aGone.\n`;

/** The ingest side of items, run against each backend pair the environment offers. */
export function describeHoldingsIngest(name: string, open: () => Promise<Backends>): void {
  describe(`ingest with holdings fields and holdings records (${name})`, () => {
    let backends: Backends;
    beforeEach(async () => {
      backends = await open();
    });
    afterEach(async () => {
      await backends.close();
    });

    test('when a file has 852/952/949 and MFHDs, then items load, MFHDs are no records, and every problem is reported on its row', async () => {
      const { lines, summary } = await load(backends, 'holdings-load.mrk');

      expect(lines.map((l) => [l.record, l.outcome, l.items ?? 0])).toEqual([
        [1, 'created', 1],
        [2, 'created', 2],
        [3, 'created', 1],
        [4, 'holdings', 2],
        [5, 'holdings', 0],
      ]);
      expect(await backends.store.count()).toBe(3);
      expect(summary.counts).toMatchObject({ created: 3, holdings: 2, rejected: 0 });
      expect(lines[0]!.warnings).toEqual([
        'holding_without_barcode: 852 #2 (EAST/STACKS 005.133 J38) has no barcode ($p): kept as a holding without items',
      ]);
      expect(lines[1]!.warnings).toEqual([
        'item_without_barcode: 952 #4 has no barcode ($p): no item made from it',
        'item_barcode_duplicate: barcode "bc-001" is in record 1 (hb1) of this load already; this one is not loaded',
      ]);
      expect(lines[3]!.reason).toBe('holdings of record hb1 (004 hb1)');
      expect(lines[4]!.reason).toMatch(/^waiting for its record: no record has the control number hb4/);
      expect(summary.warnings).toMatchObject({ holding_without_barcode: 1, item_barcode_duplicate: 1 });

      expect(await backends.items.get('bc-001')).toMatchObject({
        barcode: 'BC-001',
        recordId: 'hb1',
        holdingId: 'hb1#852-1',
        location: { library: 'MAIN', shelf: 'REF' },
        callNumber: { scheme: 'lc', prefix: 'REF', value: 'QA76.73.J38 S53 2005' },
      });
      expect(await status(backends, 'BC-102')).toBe('withdrawn');
      expect(await status(backends, 'BC-302')).toBe('missing');
      expect((await backends.items.forRecord('hb1')).map((i) => i.barcode).sort()).toEqual([
        'BC-001',
        'BC-301',
        'BC-302',
      ]);
      expect((await backends.items.holdingsFor('hb1')).map((h) => h.id)).toEqual([
        'hb1#852-1',
        'hb1#852-2',
        'mfhd:m1',
      ]);
      expect(await backends.items.get('BC-401')).toBeUndefined();
      expect((await backends.items.unlinkedHoldings(['hb4'])).map((h) => h.id)).toEqual(['mfhd:m2']);
    });

    test('when items load or move, then the search index sees the availability the next search asks for', async () => {
      await load(backends, 'holdings-load.mrk');
      const hits = async () =>
        new Map((await backends.index.search({ limit: 10 })).hits.map((h) => [h.id, h.availability]));

      expect((await hits()).get('hb1')).toMatchObject({ total: 3, available: 2 });
      expect((await hits()).get('hb2')).toMatchObject({ total: 1, available: 1 });

      await load(backends, 'holdings-later.mrk');

      expect((await hits()).get('hb4')).toMatchObject({ total: 1, available: 1 });
      const facets = await backends.index.search({ facets: [{ field: 'location' }] });
      expect(facets.facets.location).toEqual(expect.arrayContaining([{ value: 'EAST/STACKS', count: 1 }]));
    });

    test('when loads create, link and move items, then every indexed summary is the one its stored items make', async () => {
      const indexedEqualsStored = async () => {
        for (const hit of (await backends.index.search({ limit: 50 })).hits) {
          const made = summarizeAvailability(await backends.items.forRecord(hit.id));
          expect([hit.id, hit.availability]).toEqual([hit.id, made.total > 0 ? made : undefined]);
        }
      };

      // The first load's records had no items before it: the index takes summaries from the load.
      await load(backends, 'holdings-load.mrk');
      await indexedEqualsStored();
      // Records with items from before are read back; a linked MFHD and a moved barcode change them.
      await load(backends, 'holdings-later.mrk');
      await indexedEqualsStored();
    });

    test('when the same file is loaded again, then nothing changes: matched by barcode, no new items', async () => {
      await load(backends, 'holdings-load.mrk');
      const before = await backends.items.get('BC-101');

      const { lines } = await load(backends, 'holdings-load.mrk');

      expect(lines.map((l) => l.outcome)).toEqual([
        'unchanged',
        'unchanged',
        'unchanged',
        'holdings',
        'holdings',
      ]);
      expect(await backends.items.count()).toBe(6);
      expect((await backends.items.get('BC-101'))!.version).toBe(before!.version);
    });

    test('when a bib an MFHD waits for arrives and a barcode changes record, then it links, moves and says so', async () => {
      await load(backends, 'holdings-load.mrk');

      const { lines } = await load(backends, 'holdings-later.mrk');

      expect(lines[0]).toMatchObject({ id: 'hb4', outcome: 'created', items: 1 });
      expect(lines[0]!.notes).toEqual([
        'holdings_linked: holdings record mfhd:m2 (1 item) waited for this record',
      ]);
      expect(await backends.items.get('BC-401')).toMatchObject({
        recordId: 'hb4',
        holdingId: 'mfhd:m2',
        source: 'mfhd',
      });
      expect(await backends.items.unlinkedHoldings(['hb4'])).toEqual([]);
      expect(lines[2]!.notes).toEqual(['item_moved: barcode "BC-102" moved here from record hb2']);
      expect((await backends.items.get('BC-102'))!.recordId).toBe('hb3');
      // Without --sync-items, an item a re-load leaves out stays as it was.
      expect(await status(backends, 'BC-201')).toBe('available');
    });

    test('when --sync-items is given, then items a record no longer lists are withdrawn "not in load", not deleted', async () => {
      await load(backends, 'holdings-load.mrk');

      const { lines } = await load(backends, 'holdings-later.mrk', { syncItems: true });

      expect(lines[2]!.notes).toContain('item_withdrawn: barcode "BC-201" (not in load)');
      const item = await backends.items.get('BC-201');
      expect(item!.status).toBe('withdrawn');
      expect(item!.history.at(-1)).toMatchObject({ to: 'withdrawn', reason: 'not in load', by: 'ingest' });
      expect(await status(backends, 'BC-101')).toBe('available');
    });

    test('when a holdings record names no record (no 004 or 014), then it is rejected with the reason', async () => {
      const { lines } = await load(
        backends,
        '=LDR  00000nx  a2200000 a 4500\n=001  m7\n=852  0\\$bMAIN$hQA1$pBC-7\n',
      );

      expect(lines).toEqual([expect.objectContaining({ record: 1, outcome: 'rejected' })]);
      expect(lines[0]!.reason).toMatch(/^holdings_record_unlinkable: .*004/);
      expect(await backends.items.get('BC-7')).toBeUndefined();
    });

    test('when --sync-items would withdraw a checked-out item, then it stays and the row warns', async () => {
      await load(backends, 'holdings-load.mrk');
      const item = (await backends.items.get('BC-201'))!;
      await backends.items.changeStatus('BC-201', { to: 'checked-out', at: item.updatedAt }, item.version);

      const { lines } = await load(backends, 'holdings-later.mrk', { syncItems: true });

      expect(lines[2]!.warnings).toEqual([
        'item_checked_out: barcode "BC-201" is not in this load but checked out: not withdrawn',
      ]);
      expect(await status(backends, 'BC-201')).toBe('checked-out');
    });

    test('when a re-load gives a status for an item on loan, then loan and status stay and the row warns', async () => {
      const record = (flags: string) =>
        `=LDR  00000nam a2200000 a 4500\n=001  hc1\n=245  00$aLoaned.\n=952  \\\\$aMAIN$pBC-900${flags}\n`;
      await load(backends, record(''));
      const item = (await backends.items.get('BC-900'))!;
      const loan = {
        id: 'loan-1',
        itemBarcode: 'BC-900',
        recordId: 'hc1',
        patronId: 'p1',
        patronType: 'adult',
        library: 'MAIN',
        checkedOutAt: item.updatedAt,
        dueAt: '2026-02-01T00:00:00.000Z',
        renewals: 0,
      };
      await backends.items.circulate(
        'BC-900',
        { to: 'checked-out', at: item.updatedAt },
        { loan },
        item.version,
      );

      const { lines } = await load(backends, record('$11'));

      expect(lines[0]!.warnings).toEqual([
        `item_in_circulation: barcode "BC-900" is on loan (checked-out): the load's status lost is not applied`,
      ]);
      expect(await backends.items.get('BC-900')).toMatchObject({ status: 'checked-out', loan, version: 2 });
    });

    test('when a record with a checked-out item is deleted, then the delete is rejected; otherwise its items are withdrawn', async () => {
      await load(backends, 'holdings-load.mrk');
      const item = (await backends.items.get('BC-101'))!;
      await backends.items.changeStatus(
        'BC-101',
        { to: 'checked-out', at: new Date().toISOString(), by: 'circulation' },
        item.version,
      );

      const { lines, summary } = await load(backends, deleteOf('hb2') + '\n' + deleteOf('hb1'));

      expect(lines.map((l) => l.outcome)).toEqual(['rejected', 'deleted']);
      expect(lines[0]!.reason).toMatch(/^item_checked_out: record hb2 has an item checked out \(BC-101\)/);
      expect(summary.counts.rejected).toBe(1);
      expect(await backends.store.get('hb2')).toBeDefined();
      expect(await status(backends, 'BC-001')).toBe('withdrawn');
      expect((await backends.items.get('BC-301'))!.history.at(-1)!.reason).toBe('record deleted');
      expect(lines[1]!.notes).toHaveLength(3);
    });
  });
}

describeHoldingsIngest('embedded SQLite', async () => openSqliteBackends(':memory:'));

describeWithServices('scale-out', (services) => {
  const catalog = scaleOutCatalog(services, 'holdings');
  afterAll(() => catalog.drop());
  describeHoldingsIngest('MongoDB + search engine', async () => {
    await catalog.clear();
    return openBackends(catalog.config);
  });
});
