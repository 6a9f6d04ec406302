import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Backends } from '../../src/backends/backends';
import { describeCliCatalogs } from '../support/cli-catalogs';
import { stacksInProcessWith as stacks } from '../support/cli-in-process';

const EXAMPLE = path.resolve(__dirname, '..', '..', 'ingest', 'profile', 'local-fields.profile.json');

/** The default 949 reads the barcode from $i, the example profile's from $b (remap-items.test.ts). */
const VENDOR = [
  '=LDR  00000nam a2200000 a 4500\n=001  r1\n=245  00$aOne.\n=949  \\\\$aQA1 .A1$iOLD-1$bNEW-1$lSTACKS$mMAIN\n',
  '=LDR  00000nam a2200000 a 4500\n=001  r2\n=245  00$aTwo.\n=949  \\\\$iMOVE-1\n',
  '=LDR  00000nam a2200000 a 4500\n=001  r3\n=245  00$aThree.\n=949  \\\\$bMOVE-1$hQA2 .B2$lMAIN$sSTACKS\n',
].join('\n');

const where = async (b: Backends, barcode: string) => {
  const item = await b.items.get(barcode);
  return item && [item.recordId, item.status];
};

describeCliCatalogs('reindex --remap with items', (catalog) => {
  test(`when reindex --remap --sync-items names a profile that reads the 949 otherwise (${catalog.label}), then items are re-extracted, moved and withdrawn, and said`, async () => {
    const at = await catalog.fresh('remap');
    const file = path.join(catalog.dir, 'vendor.mrk');
    writeFileSync(file, VENDOR);
    expect((await stacks(catalog.env(), 'ingest', file, ...at, '-q')).code).toBe(0);
    const args = ['reindex', '--remap', '--sync-items', '--profile', EXAMPLE, ...at];

    const remapped = await stacks(catalog.env(), ...args);

    expect(remapped.code).toBe(0);
    expect(remapped.stderr).toContain('3 records mapped with profile "local-fields": 0 changed, 3 unchanged');
    expect(remapped.stderr).toContain(
      'reindex --remap: items: 1 created, 1 moved, 1 withdrawn; warnings: item_without_barcode 1\n',
    );
    expect(remapped.stderr).toContain(
      'reindex --remap: r3: item_moved: barcode "MOVE-1" moved here from record r2',
    );
    expect(remapped.stderr).toContain('reindex --remap: r1: item_withdrawn: barcode "OLD-1" (not in load)');
    expect(remapped.stderr).toMatch(/; 0 still pending/);
    const check = await catalog.open();
    expect(await where(check, 'NEW-1')).toEqual(['r1', 'available']);
    expect(await where(check, 'MOVE-1')).toEqual(['r3', 'available']);
    expect(await where(check, 'OLD-1')).toEqual(['r1', 'withdrawn']);
    const hits = new Map((await check.index.search({ limit: 10 })).hits.map((h) => [h.id, h.availability]));
    expect(hits.get('r3')).toMatchObject({ total: 1, available: 1 });
    await check.close();

    const again = await stacks(catalog.env(), ...args, '-q');

    expect(again.stderr).toContain('reindex --remap: items: 2 unchanged; warnings: item_without_barcode 1\n');
  });

  if (catalog.label === 'embedded')
    test('when --sync-items comes without --remap, then reindex refuses (exit 2)', async () => {
      const refused = await stacks({}, 'reindex', '--sync-items', '--db', path.join(catalog.dir, 'flags.db'));

      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--sync-items is for --remap');
    });
});
