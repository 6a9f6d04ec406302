import path from 'node:path';
import type { Backends } from '../../../src/backends/backends';
import { openBackends } from '../../../src/backends/open-backends';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import { DEFAULT_INGEST_OPTIONS } from '../../../src/ingest/ingest.types';
import { runIngest } from '../../../src/ingest/pipeline';
import { loadMapper } from '../../../src/ingest/profile-loader';
import { remapStore, type RemapItemReport } from '../../../src/ingest/remap';
import { bytesSource } from '../../../src/marc/source';
import { scaleOutCatalog } from '../../support/scale-out';
import { describeWithServices } from '../../support/services';

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'ingest', 'profile', 'local-fields.profile.json');
const withLocal = loadMapper(EXAMPLE);

/**
 * Loaded with the default profile, whose 949 reads the barcode from $i; the example profile reads
 * it from $b. r1 has both (its item changes barcode), r2 only $i (its item goes to r3, whose $b
 * has it), and an MFHD gives r1 an item of its own, which no remap of r1's MARC may withdraw.
 */
const CATALOG = `=LDR  00000nam a2200000 a 4500
=001  r1
=245  00$aOne.
=949  \\\\$aQA1 .A1$iOLD-1$bNEW-1$lSTACKS$mMAIN

=LDR  00000nam a2200000 a 4500
=001  r2
=245  00$aTwo.
=949  \\\\$iMOVE-1

=LDR  00000nam a2200000 a 4500
=001  r3
=245  00$aThree.
=949  \\\\$bMOVE-1$hQA2 .B2$lMAIN$sSTACKS

=LDR  00000cx  a2200000 a 4500
=001  m1
=004  r1
=852  0\\$bMAIN$hQA1 .A1
=876  \\\\$pMF-1
`;

async function loadByDefault(backends: Backends): Promise<void> {
  await runIngest(
    [{ name: 'catalog.mrk', source: bytesSource(Buffer.from(CATALOG)) }],
    backends,
    createDefaultMapper(),
    { ...DEFAULT_INGEST_OPTIONS, format: 'mrk' },
    { line: () => undefined },
  );
}

const where = async (b: Backends, barcode: string) => {
  const item = await b.items.get(barcode);
  return item && [item.recordId, item.status, item.source];
};

export function describeRemapItems(name: string, open: () => Promise<Backends>): void {
  describe(`reindex --remap re-extracts items (${name})`, () => {
    let backends: Backends;
    beforeEach(async () => {
      backends = await open();
      await loadByDefault(backends);
    });
    afterEach(async () => {
      await backends.close();
    });

    test('when the profile reads the 949 otherwise, then items are created and moved by barcode, and reported, with no document changed', async () => {
      const reports: RemapItemReport[] = [];

      const summary = await remapStore(backends, withLocal, { batch: 1, items: (r) => reports.push(r) });

      expect(summary).toMatchObject({ records: 3, changed: 0, unchanged: 3, failed: 0 });
      expect(summary.items).toEqual({ created: 1, updated: 0, unchanged: 0, moved: 1, withdrawn: 0 });
      expect(summary.itemWarnings).toEqual({ item_without_barcode: 1 });
      expect(await where(backends, 'NEW-1')).toEqual(['r1', 'available', '949']);
      expect(await where(backends, 'MOVE-1')).toEqual(['r3', 'available', '949']);
      expect((await backends.items.get('MOVE-1'))!.callNumber).toMatchObject({ value: 'QA2 .B2' });
      // Without syncItems, an item the MARC no longer lists stays as it was.
      expect(await where(backends, 'OLD-1')).toEqual(['r1', 'available', '949']);
      expect(reports).toEqual([
        { id: 'r2', warnings: [expect.stringMatching(/^item_without_barcode: 949/)], notes: [] },
        { id: 'r3', warnings: [], notes: ['item_moved: barcode "MOVE-1" moved here from record r2'] },
      ]);
    });

    test('when syncItems is asked, then items the MARC gave and no longer lists are withdrawn, and an MFHD item stays', async () => {
      const reports: RemapItemReport[] = [];

      const summary = await remapStore(backends, withLocal, {
        syncItems: true,
        items: (r) => reports.push(r),
      });

      expect(summary.items).toEqual({ created: 1, updated: 0, unchanged: 0, moved: 1, withdrawn: 1 });
      expect(await where(backends, 'OLD-1')).toEqual(['r1', 'withdrawn', '949']);
      expect((await backends.items.get('OLD-1'))!.history.at(-1)).toMatchObject({ reason: 'not in load' });
      expect(await where(backends, 'MF-1')).toEqual(['r1', 'available', 'mfhd']);
      expect(reports[0]).toEqual({
        id: 'r1',
        warnings: [],
        notes: ['item_withdrawn: barcode "OLD-1" (not in load)'],
      });
    });

    test('when the remap runs again, then every item is unchanged and only the warnings come again', async () => {
      await remapStore(backends, withLocal, { syncItems: true });
      const version = (await backends.items.get('MOVE-1'))!.version;
      const reports: RemapItemReport[] = [];

      const again = await remapStore(backends, withLocal, { syncItems: true, items: (r) => reports.push(r) });

      expect(again.items).toEqual({ created: 0, updated: 0, unchanged: 2, moved: 0, withdrawn: 0 });
      expect((await backends.items.get('MOVE-1'))!.version).toBe(version);
      expect(reports.map((r) => r.notes)).toEqual([[]]);
    });

    test('when items change on records whose documents do not, then the search sees their availability', async () => {
      await remapStore(backends, withLocal, { syncItems: true });
      if (backends.indexOutbox) return; // the command's rebuild indexes them (tests/e2e)

      const hits = new Map(
        (await backends.index.search({ limit: 10 })).hits.map((h) => [h.id, h.availability]),
      );

      expect(hits.get('r3')).toMatchObject({ total: 1, available: 1 });
      expect(hits.get('r2')?.total ?? 0).toBe(0);
      expect(hits.get('r1')).toMatchObject({ total: 2, available: 2 }); // NEW-1 and MF-1
    });
  });
}

describeRemapItems('embedded SQLite', async () => openSqliteBackends(':memory:'));

describeWithServices('scale-out', (services) => {
  const catalog = scaleOutCatalog(services, 'remapitems');
  afterAll(() => catalog.drop());
  describeRemapItems('MongoDB + search engine', async () => {
    await catalog.clear();
    return openBackends(catalog.config);
  });
});
