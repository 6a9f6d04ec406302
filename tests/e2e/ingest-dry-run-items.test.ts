import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Backends } from '../../src/backends/backends';
import { describeCliCatalogs } from '../support/cli-catalogs';
import { stacksInProcessWith as stacks } from '../support/cli-in-process';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const LOAD = path.join(FIXTURES, 'holdings-load.mrk');
const LATER = path.join(FIXTURES, 'holdings-later.mrk');

const where = async (b: Backends, barcode: string) => {
  const item = await b.items.get(barcode);
  return item && [item.recordId, item.status];
};

describeCliCatalogs('ingest --dry-run with items', (catalog) => {
  test(`when ingest --dry-run --sync-items tries a later file (${catalog.label}), then its report is the real run's, the summary counts the items, and nothing is written`, async () => {
    const at = await catalog.fresh('dry');
    expect((await stacks(catalog.env(), 'ingest', LOAD, ...at, '-q')).code).toBe(0);
    const dryReport = path.join(catalog.dir, `${catalog.label}-dry.jsonl`);
    const realReport = path.join(catalog.dir, `${catalog.label}-real.jsonl`);
    const args = ['ingest', LATER, '--sync-items', ...at];

    const dry = await stacks(catalog.env(), ...args, '--dry-run', '--report', dryReport);

    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('dry run: nothing was written; this is what would happen');
    expect(dry.stderr).toMatch(/items +4 +\(1 created, 1 unchanged, 1 moved, 1 withdrawn\)/);
    let check = await catalog.open();
    expect(await where(check, 'BC-102')).toEqual(['hb2', 'withdrawn']);
    expect(await where(check, 'BC-201')).toEqual(['hb3', 'available']);
    expect(await check.items.get('BC-401')).toBeUndefined();
    await check.close();

    const real = await stacks(catalog.env(), ...args, '--report', realReport, '-q');

    expect(real.code).toBe(0);
    expect(readFileSync(dryReport, 'utf8')).toBe(readFileSync(realReport, 'utf8'));
    check = await catalog.open();
    expect(await where(check, 'BC-102')).toEqual(['hb3', 'withdrawn']);
    expect(await where(check, 'BC-201')).toEqual(['hb3', 'withdrawn']);
    await check.close();
  });
});
