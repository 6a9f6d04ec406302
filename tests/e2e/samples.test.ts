import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Backends } from '../../src/backends/backends';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import { DEFAULT_INGEST_OPTIONS, type ReportLine } from '../../src/ingest/ingest.types';
import { runIngest } from '../../src/ingest/pipeline';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { openSource } from '../../src/marc/source';
import { SearchService } from '../../src/services/search.service';

const SAMPLES = path.resolve(__dirname, '..', '..', 'ingest', 'samples');
const dir = mkdtempSync(path.join(tmpdir(), 'stacks-samples-'));
let backends: Backends;
let search: SearchService;
const lines: ReportLine[] = [];

/** The bundled samples loaded as `npm start` loads them into an empty catalog: every MARC file, one ingest. */
beforeAll(async () => {
  backends = openSqliteBackends(path.join(dir, 'samples.db'));
  const files = readdirSync(SAMPLES)
    .filter((f) => /\.(mrc|xml|json|mrk)$/.test(f))
    .map((f) => path.join(SAMPLES, f));
  await runIngest(
    files.map((f) => ({ name: f, source: openSource(f), size: statSync(f).size })),
    backends,
    createDefaultMapper(),
    DEFAULT_INGEST_OPTIONS,
    { line: (line) => lines.push(line) },
  );
  search = new SearchService(backends.index);
});

afterAll(async () => {
  await backends.close();
  rmSync(dir, { recursive: true, force: true });
});

const total = async (q: string): Promise<number> => (await search.search({ q, limit: 1 })).total;

describe('bundled samples in a fresh catalog', () => {
  test('when ingested, then every record is created, with no rejects and no warnings', () => {
    expect(lines.filter((l) => l.outcome !== 'created' || (l.warnings?.length ?? 0) > 0)).toEqual([]);
    expect(lines.length).toBeGreaterThanOrEqual(300);
  });

  test('when searching by author, place and title in Latin script, then the samples answer', async () => {
    expect(await total('tolstoy')).toBeGreaterThanOrEqual(4);
    expect(await total('Łódź')).toBeGreaterThanOrEqual(2);
    expect(await total('lodz')).toBe(await total('Łódź'));
    expect(await total('dvorak')).toBeGreaterThanOrEqual(2);
    expect(await total('"pride and prejudice"')).toBeGreaterThanOrEqual(2);
  });

  test('when searching in Cyrillic, CJK, Greek, Hebrew and Arabic, then the 880 fields answer', async () => {
    expect(await total('Толстой')).toBeGreaterThanOrEqual(2);
    expect(await total('Война и мир')).toBeGreaterThanOrEqual(1);
    expect(await total('源氏物語')).toBeGreaterThanOrEqual(1);
    expect(await total('岩波書店')).toBeGreaterThanOrEqual(3);
    expect(await total('Ὁμήρου')).toBeGreaterThanOrEqual(1);
    expect(await total('ביאליק')).toBeGreaterThanOrEqual(1);
    expect(await total('ليلة')).toBeGreaterThanOrEqual(1);
  });

  test('when faceting on format, then books, serials, maps, music, recordings and online resources are all there', async () => {
    const result = await search.search({ facets: ['format'], facetLimit: 50, limit: 1 });
    const formats = Object.fromEntries((result.facets.format ?? []).map((f) => [f.value, f.count]));
    expect(Object.keys(formats).sort()).toEqual(
      [
        'Book',
        'Computer file',
        'Database',
        'Journal',
        'Map',
        'Music recording',
        'Newspaper',
        'Score',
        'Sound recording',
        'Website',
      ].sort(),
    );
    expect(formats.Book).toBeGreaterThan(250);
  });
});
