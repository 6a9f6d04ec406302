import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Backends } from '../../src/backends/backends';
import { openBackends } from '../../src/backends/open-backends';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import * as profileLoader from '../../src/ingest/profile-loader';
import type { MarcRecord } from '../../src/marc/record';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { parseQuery } from '../../src/search/query/parser';
import { sampleBooks } from '../support/books';
import { stacksInProcessWith } from '../support/cli-in-process';
import { scaleOutCatalog } from '../support/scale-out';
import { describeWithServices } from '../support/services';
import { mrk } from '../unit/mapping/mrk-record';

const EXAMPLE = path.resolve(__dirname, '..', '..', 'ingest', 'profile', 'local-fields.profile.json');
const dir = mkdtempSync(path.join(tmpdir(), 'stacks-remap-'));
/** The sample books, which the example profile maps as the default does, and one it maps otherwise. */
const file = path.join(dir, 'local.mrc');
const LOCAL_BOOK = mrk(`
=001  local-1
=245  00$aA town history.
=690  \\7$aAshby (Mass.)$2local
=910  \\\\$aTown archive.`);
writeFileSync(file, Buffer.concat([...sampleBooks(), LOCAL_BOOK].map(toIso2709)));

const stacks = stacksInProcessWith;
const LOCAL_FACET = [
  { value: 'Ashby (Mass.)', count: 1 },
  { value: 'Town archive', count: 1 },
];

async function localFacet(backends: Backends): Promise<{ value: string; count: number }[] | undefined> {
  const found = await backends.index.search({ query: parseQuery(''), facets: [{ field: 'local' }] });
  return found.facets?.local;
}

function outcomes(report: string): Record<string, string> {
  const lines = readFileSync(report, 'utf8').trim().split('\n');
  return Object.fromEntries(
    lines.map((l) => JSON.parse(l) as { id: string; outcome: string }).map((l) => [l.id, l.outcome]),
  );
}

describe('a new profile on the embedded catalog', () => {
  test('when the same file is ingested again with the example profile, then the record it maps otherwise is updated and the local facet filled', async () => {
    const db = path.join(dir, 'again.db');
    expect((await stacks({}, 'ingest', file, '--db', db, '-q')).code).toBe(0);
    const report = path.join(dir, 'again.jsonl');

    const again = await stacks(
      {},
      'ingest',
      file,
      '--profile',
      EXAMPLE,
      '--db',
      db,
      '--report',
      report,
      '-q',
    );

    expect(again.code).toBe(0);
    expect(outcomes(report)).toEqual({
      '(StK)stk000001': 'unchanged',
      stk000002: 'unchanged',
      stk000003: 'unchanged',
      'local-1': 'updated',
    });
    const check = openSqliteBackends(db);
    expect(await localFacet(check)).toEqual(LOCAL_FACET);
    expect((await check.store.get('local-1'))?.version).toBe(2);
    await check.close();
  });

  test('when reindex --remap names the example profile, then it fills the local facet without the file', async () => {
    const db = path.join(dir, 'remap.db');
    expect((await stacks({}, 'ingest', file, '--db', db, '-q')).code).toBe(0);

    const remapped = await stacks({}, 'reindex', '--remap', '--profile', EXAMPLE, '--db', db);

    expect(remapped.code).toBe(0);
    expect(remapped.stderr).toContain(
      'reindex --remap: 4 records mapped with profile "local-fields": 1 changed, 3 unchanged, 0 could not be mapped',
    );
    expect(remapped.stderr).toMatch(/reindex: 4 records loaded into a new index, .*; 0 still pending/);
    const check = openSqliteBackends(db);
    expect(await localFacet(check)).toEqual(LOCAL_FACET);
    expect((await check.store.get('local-1'))?.version).toBe(2);
    expect((await check.store.get('(StK)stk000001'))?.version).toBe(1);
    await check.close();

    const again = await stacks({}, 'reindex', '--remap', '--profile', EXAMPLE, '--db', db, '-q');
    expect(again.stderr).toContain(': 0 changed, 4 unchanged');
  });

  test('when STACKS_PROFILE names the profile, then reindex --remap maps with it', async () => {
    const db = path.join(dir, 'env.db');
    await stacks({}, 'ingest', file, '--db', db, '-q');

    const remapped = await stacks({ STACKS_PROFILE: EXAMPLE }, 'reindex', '--remap', '--db', db, '-q');

    expect(remapped.stderr).toContain('profile "local-fields": 1 changed');
  });

  test('when a record no longer maps, then it is named, keeps its document, and the command exits 1', async () => {
    const db = path.join(dir, 'unmappable.db');
    await stacks({}, 'ingest', file, '--db', db, '-q');
    const local = profileLoader.loadMapper(EXAMPLE);
    const failing = Object.assign((record: MarcRecord) => {
      if (record.getControl('001') === 'local-1') throw new Error('rule "local headings (690-699)" failed');
      return local(record);
    }, local);
    const spy = jest.spyOn(profileLoader, 'loadMapper').mockReturnValue(failing);

    const remapped = await stacks({}, 'reindex', '--remap', '--profile', EXAMPLE, '--db', db, '-q').finally(
      () => spy.mockRestore(),
    );

    expect(remapped.code).toBe(1);
    expect(remapped.stderr).toContain(
      'reindex --remap: local-1: mapping failed: rule "local headings (690-699)" failed; kept as it was\n',
    );
    expect(remapped.stderr).toContain('0 changed, 3 unchanged, 1 could not be mapped');
    const check = openSqliteBackends(db);
    expect((await check.store.get('local-1'))?.version).toBe(1);
    await check.close();
  });

  test('when --profile comes without --remap, or --remap with --pending, then the command refuses (exit 2)', async () => {
    const db = path.join(dir, 'flags.db');
    await stacks({}, 'ingest', file, '--db', db, '-q');

    const profileOnly = await stacks({}, 'reindex', '--profile', EXAMPLE, '--db', db);
    const both = await stacks({}, 'reindex', '--remap', '--pending', '--db', db);

    expect([profileOnly.code, both.code]).toEqual([2, 2]);
    expect(profileOnly.stderr).toContain('--profile is for --remap');
    expect(both.stderr).toContain('does not go with --pending');
  });
});

describeWithServices('a new profile on MongoDB + the search engine', (services) => {
  const catalog = scaleOutCatalog(services, 'remap');
  afterAll(() => catalog.drop());

  test('when reindex --remap names the example profile, then the pair holds and finds the new documents', async () => {
    await catalog.clear();
    expect((await stacks(catalog.env, 'ingest', file, '-q')).code).toBe(0);

    const remapped = await stacks(catalog.env, 'reindex', '--remap', '--profile', EXAMPLE, '-q');

    expect(remapped.code).toBe(0);
    expect(remapped.stderr).toContain('1 changed, 3 unchanged, 0 could not be mapped');
    expect(remapped.stderr).toContain('; 0 still pending');
    const check = await openBackends(catalog.config);
    expect(await localFacet(check)).toEqual(LOCAL_FACET);
    expect((await check.store.get('local-1'))?.version).toBe(2);
    await check.close();
  });

  test('when the same file is ingested again with the example profile, then the record it maps otherwise is updated', async () => {
    await catalog.clear();
    await stacks(catalog.env, 'ingest', file, '-q');
    const report = path.join(dir, 'pair.jsonl');

    const again = await stacks(catalog.env, 'ingest', file, '--profile', EXAMPLE, '--report', report, '-q');

    expect(again.code).toBe(0);
    expect(outcomes(report)['local-1']).toBe('updated');
    const check = await openBackends(catalog.config);
    expect(await localFacet(check)).toEqual(LOCAL_FACET);
    await check.close();
  });
});
