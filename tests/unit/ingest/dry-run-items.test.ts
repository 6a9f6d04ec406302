import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Backends } from '../../../src/backends/backends';
import { openBackends } from '../../../src/backends/open-backends';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
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

/** A fixture file's name, or MRK text starting with `=`. */
type Input = string;

async function ingest(
  backends: Backends,
  inputs: Input[],
  options: Partial<IngestOptions> = {},
): Promise<{ lines: ReportLine[]; summary: IngestSummary }> {
  const lines: ReportLine[] = [];
  const summary = await runIngest(
    inputs.map((input, i) => ({
      name: input.startsWith('=') ? `inline-${i + 1}.mrk` : input,
      source: bytesSource(
        input.startsWith('=') ? Buffer.from(input) : readFileSync(path.join(FIXTURES, input)),
      ),
    })),
    backends,
    mapper,
    { ...DEFAULT_INGEST_OPTIONS, format: 'mrk', ...options },
    { line: (l) => lines.push(l) },
  );
  return { lines, summary };
}

/** What a catalog holds, to show a dry run left it alone. */
async function state(b: Backends): Promise<unknown> {
  const records = await b.store.count();
  const items = await b.items.forRecords(['hb1', 'hb2', 'hb3', 'hb4', 'hb5']);
  const unlinked = await b.items.unlinkedHoldings(['hb4', 'hb5']);
  return {
    records,
    items: [...items.entries()],
    unlinked,
    search: (await b.index.search({ limit: 10 })).total,
  };
}

/**
 * The dry run's report, then the real run's on the same catalog: a dry run is right when they are
 * the same, line for line (items, itemOutcomes, notes, warnings, outcomes), and it wrote nothing.
 */
async function dryThenReal(
  b: Backends,
  inputs: Input[],
  options: Partial<IngestOptions> = {},
): Promise<{ dry: ReportLine[]; real: ReportLine[]; drySummary: IngestSummary }> {
  const before = await state(b);
  const dry = await ingest(b, inputs, { ...options, dryRun: true });
  expect(await state(b)).toEqual(before);
  const real = await ingest(b, inputs, options);
  return { dry: dry.lines, real: real.lines, drySummary: dry.summary };
}

const deleteOf = (id: string) => `=LDR  00000dam a2200000 a 4500\n=001  ${id}\n=245  00$aGone.\n`;
const bib = (id: string, ...fields: string[]) =>
  [`=LDR  00000nam a2200000 a 4500`, `=001  ${id}`, `=245  00$aBook ${id}.`, ...fields].join('\n') + '\n';
const mfhd = (id: string, of: string, ...fields: string[]) =>
  [`=LDR  00000cx  a2200000 a 4500`, `=001  ${id}`, `=004  ${of}`, ...fields].join('\n') + '\n';

export function describeDryRunItems(name: string, open: () => Promise<Backends>): void {
  describe(`ingest --dry-run predicts items (${name})`, () => {
    let backends: Backends;
    beforeEach(async () => {
      backends = await open();
    });
    afterEach(async () => {
      await backends.close();
    });

    test('when a file with holdings fields and MFHDs is tried on an empty catalog, then the dry run says what the load does, and writes nothing', async () => {
      const { dry, real, drySummary } = await dryThenReal(backends, ['holdings-load.mrk']);

      expect(dry).toEqual(real);
      expect(dry.map((l) => [l.record, l.itemOutcomes])).toEqual([
        [1, { created: 1 }],
        [2, { created: 2 }],
        [3, { created: 1 }],
        [4, { created: 2 }],
        [5, undefined],
      ]);
      expect(dry[1]!.warnings).toContain(
        'item_barcode_duplicate: barcode "bc-001" is in record 1 (hb1) of this load already; this one is not loaded',
      );
      expect(dry[4]!.reason).toMatch(/^waiting for its record: no record has the control number hb4/);
      expect(drySummary.items).toEqual({ created: 6, updated: 0, unchanged: 0, moved: 0, withdrawn: 0 });
    });

    test('when a later file moves, links and (with --sync-items) withdraws items, then the dry run names each, as the load does', async () => {
      await ingest(backends, ['holdings-load.mrk']);

      const { dry, real } = await dryThenReal(backends, ['holdings-later.mrk'], { syncItems: true });

      expect(dry).toEqual(real);
      expect(dry[0]!.notes).toEqual([
        'holdings_linked: holdings record mfhd:m2 (1 item) waited for this record',
      ]);
      expect(dry[1]!.itemOutcomes).toEqual({ unchanged: 1 });
      expect(dry[2]!.notes).toEqual([
        'item_moved: barcode "BC-102" moved here from record hb2',
        'item_withdrawn: barcode "BC-201" (not in load)',
      ]);
      expect(dry[2]!.itemOutcomes).toEqual({ moved: 1, withdrawn: 1 });
    });

    test('when the same file is tried again, then its items would be unchanged', async () => {
      await ingest(backends, ['holdings-load.mrk']);

      const { dry, real } = await dryThenReal(backends, ['holdings-load.mrk']);

      expect(dry).toEqual(real);
      expect(dry.map((l) => l.itemOutcomes)).toEqual([
        { unchanged: 1 },
        { unchanged: 2 },
        { unchanged: 1 },
        { unchanged: 2 },
        undefined,
      ]);
    });

    test('when a delete meets an item checked out, then the dry run refuses it, and withdraws the items of the others', async () => {
      await ingest(backends, ['holdings-load.mrk']);
      const item = (await backends.items.get('BC-101'))!;
      await backends.items.changeStatus('BC-101', { to: 'checked-out', at: item.updatedAt }, item.version);

      const { dry, real } = await dryThenReal(backends, [deleteOf('hb2') + '\n' + deleteOf('hb1')]);

      expect(dry).toEqual(real);
      expect(dry.map((l) => l.outcome)).toEqual(['rejected', 'deleted']);
      expect(dry[0]!.reason).toMatch(/^item_checked_out: record hb2 has an item checked out \(BC-101\)/);
      expect(dry[1]!.itemOutcomes).toEqual({ withdrawn: 3 });
    });

    test('when an earlier batch moves a barcode away, then a later sync or delete of its old record leaves it, as the load does', async () => {
      await ingest(backends, ['holdings-load.mrk']);
      const input = [
        bib('hb9', '=949  \\\\$aMT 330 L35 1978$wLC$iBC-201$lSTACKS$mMAIN'),
        bib('hb3'),
        deleteOf('hb1'),
        bib('hb8', '=952  \\\\$aMAIN$pBC-301'),
      ].join('\n');

      const { dry, real } = await dryThenReal(backends, [input], { syncItems: true, batchSize: 1 });

      expect(dry).toEqual(real);
      expect(dry[0]!.notes).toEqual(['item_moved: barcode "BC-201" moved here from record hb3']);
      expect(dry[1]!.itemOutcomes).toBeUndefined();
      expect(dry[2]!.itemOutcomes).toEqual({ withdrawn: 3 });
      // Withdrawn with its record in the batch before, then loaded on another: moved, still withdrawn.
      expect(dry[3]!.itemOutcomes).toEqual({ moved: 1 });
    });

    test('when bibs and their MFHDs come in separate inputs and batches, then the dry run links them as the load does', async () => {
      const inputs = [
        mfhd('m5', 'hb5', '=852  0\\$bMAIN$hQA1$pBC-501') + '\n' + bib('hb1', '=952  \\\\$aMAIN$pBC-111'),
        bib('hb5') + '\n' + mfhd('m6', 'hb1', '=852  0\\$bMAIN$hQA2$pBC-601'),
        // A barcode the first input loaded comes again on another record: moved, not duplicated.
        bib('hb2', '=952  \\\\$aMAIN$pbc-111'),
      ];

      const { dry, real } = await dryThenReal(backends, inputs, { batchSize: 1 });

      expect(dry).toEqual(real);
      expect(dry[2]).toMatchObject({ id: 'hb5', itemOutcomes: { created: 1 } });
      expect(dry[2]!.notes).toEqual([
        'holdings_linked: holdings record mfhd:m5 (1 item) waited for this record',
      ]);
      expect(dry[3]).toMatchObject({ outcome: 'holdings', reason: 'holdings of record hb1 (004 hb1)' });
      expect(dry[4]!.notes).toEqual(['item_moved: barcode "bc-111" moved here from record hb1']);
    });
  });
}

describeDryRunItems('embedded SQLite', async () => openSqliteBackends(':memory:'));

describeWithServices('scale-out', (services) => {
  const catalog = scaleOutCatalog(services, 'dryitems');
  afterAll(() => catalog.drop());
  describeDryRunItems('MongoDB + search engine', async () => {
    await catalog.clear();
    return openBackends(catalog.config);
  });
});
