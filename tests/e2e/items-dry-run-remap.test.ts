import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Backends } from '../../src/backends/backends';
import { openBackends } from '../../src/backends/open-backends';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import { stacksInProcessWith as stacks } from '../support/cli-in-process';
import { scaleOutCatalog } from '../support/scale-out';
import { describeWithServices } from '../support/services';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const EXAMPLE = path.resolve(__dirname, '..', '..', 'ingest', 'profile', 'local-fields.profile.json');
const dir = mkdtempSync(path.join(tmpdir(), 'stacks-items-dry-'));
const LOAD = path.join(FIXTURES, 'holdings-load.mrk');
const LATER = path.join(FIXTURES, 'holdings-later.mrk');

/** The default 949 reads the barcode from $i, the example profile's from $b (remap-items.test.ts). */
const VENDOR = path.join(dir, 'vendor.mrk');
writeFileSync(
  VENDOR,
  [
    '=LDR  00000nam a2200000 a 4500\n=001  r1\n=245  00$aOne.\n=949  \\\\$aQA1 .A1$iOLD-1$bNEW-1$lSTACKS$mMAIN\n',
    '=LDR  00000nam a2200000 a 4500\n=001  r2\n=245  00$aTwo.\n=949  \\\\$iMOVE-1\n',
    '=LDR  00000nam a2200000 a 4500\n=001  r3\n=245  00$aThree.\n=949  \\\\$bMOVE-1$hQA2 .B2$lMAIN$sSTACKS\n',
  ].join('\n'),
);

const where = async (b: Backends, barcode: string) => {
  const item = await b.items.get(barcode);
  return item && [item.recordId, item.status];
};

/** The same scenarios through the `stacks` command, on the catalog `env` and `db` (if any) name. */
function scenarios(
  label: string,
  open: () => Promise<Backends>,
  env: () => Record<string, string>,
  db: (n: string) => Promise<string[]>,
) {
  test(`when ingest --dry-run --sync-items tries a later file (${label}), then its report is the real run's, items row and all, and nothing is written`, async () => {
    const at = await db('dry');
    expect((await stacks(env(), 'ingest', LOAD, ...at, '-q')).code).toBe(0);
    const dryReport = path.join(dir, `${label}-dry.jsonl`);
    const realReport = path.join(dir, `${label}-real.jsonl`);

    const dry = await stacks(
      env(),
      'ingest',
      LATER,
      '--dry-run',
      '--sync-items',
      '--report',
      dryReport,
      ...at,
    );

    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('dry run: nothing was written; this is what would happen');
    expect(dry.stderr).toMatch(/items +4 +\(1 created, 1 unchanged, 1 moved, 1 withdrawn\)/);
    let check = await open();
    expect(await where(check, 'BC-102')).toEqual(['hb2', 'withdrawn']);
    expect(await where(check, 'BC-201')).toEqual(['hb3', 'available']);
    expect(await check.items.get('BC-401')).toBeUndefined();
    await check.close();

    const real = await stacks(env(), 'ingest', LATER, '--sync-items', '--report', realReport, ...at, '-q');

    expect(real.code).toBe(0);
    expect(readFileSync(dryReport, 'utf8')).toBe(readFileSync(realReport, 'utf8'));
    check = await open();
    expect(await where(check, 'BC-102')).toEqual(['hb3', 'withdrawn']);
    expect(await where(check, 'BC-201')).toEqual(['hb3', 'withdrawn']);
    await check.close();
  });

  test(`when reindex --remap --sync-items names a profile that reads the 949 otherwise (${label}), then items are re-extracted, moved and withdrawn, and said`, async () => {
    const at = await db('remap');
    expect((await stacks(env(), 'ingest', VENDOR, ...at, '-q')).code).toBe(0);

    const remapped = await stacks(env(), 'reindex', '--remap', '--sync-items', '--profile', EXAMPLE, ...at);

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
    const check = await open();
    expect(await where(check, 'NEW-1')).toEqual(['r1', 'available']);
    expect(await where(check, 'MOVE-1')).toEqual(['r3', 'available']);
    expect(await where(check, 'OLD-1')).toEqual(['r1', 'withdrawn']);
    const hits = new Map((await check.index.search({ limit: 10 })).hits.map((h) => [h.id, h.availability]));
    expect(hits.get('r3')).toMatchObject({ total: 1, available: 1 });
    await check.close();

    const again = await stacks(
      env(),
      'reindex',
      '--remap',
      '--sync-items',
      '--profile',
      EXAMPLE,
      ...at,
      '-q',
    );
    expect(again.stderr).toContain('reindex --remap: items: 2 unchanged; warnings: item_without_barcode 1\n');
  });
}

describe('items in dry runs and remaps, on the embedded catalog', () => {
  let current = '';
  const db = async (name: string) => {
    current = path.join(dir, `${name}.db`);
    return ['--db', current];
  };
  scenarios(
    'embedded',
    async () => openSqliteBackends(current),
    () => ({}),
    db,
  );

  test('when --sync-items comes without --remap, then reindex refuses (exit 2)', async () => {
    const refused = await stacks({}, 'reindex', '--sync-items', '--db', path.join(dir, 'flags.db'));

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--sync-items is for --remap');
  });
});

describeWithServices('items in dry runs and remaps, on MongoDB + the search engine', (services) => {
  const catalog = scaleOutCatalog(services, 'itemsdry');
  afterAll(() => catalog.drop());
  scenarios(
    'pair',
    async () => openBackends(catalog.config),
    () => catalog.env,
    async () => {
      await catalog.clear();
      return [];
    },
  );
});
