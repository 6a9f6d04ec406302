import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CatalogDocument } from '../../src/domain/catalog-document';
import type { FacetField, SearchIndex, SearchRequest } from '../../src/search/port';
import { parseQuery } from '../../src/search/query/parser';
import { createSqliteSearchIndex } from '../../src/search/sqlite/sqlite.search-index';
import { POOL_FILES } from './corpus-pool';
import { realDocuments, synthetic } from './synthetic-documents';

/**
 * SQLite search index throughput and latency on a synthetic catalogue recombined from real
 * records: the corpus files of the parse benchmark are mapped with the default profile, then each
 * synthetic document takes its title, authors, subjects, year, formats/languages and call number
 * from different real documents. Prints figures only.
 *
 *   node dist/scripts/bench/sqlite-search.bench.js [--docs 100000] [--queries 400] [--db PATH] [--corpus DIR]
 *     [--cache-mb 256] [--mmap-mb 0] [--checkpoint-pages 10000]
 */
const ROOT = path.resolve(__dirname, '../../..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const CORPUS = path.resolve(arg('corpus', path.join(ROOT, '../shared/corpus')));
const FACETS: { field: FacetField }[] = [
  { field: 'format' },
  { field: 'language' },
  { field: 'topic' },
  { field: 'author' },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function time(label: string, index: SearchIndex, requests: SearchRequest[]): Promise<void> {
  const ms: number[] = [];
  let hits = 0;
  for (const request of requests) {
    const start = process.hrtime.bigint();
    const response = await index.search(request);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    hits += response.total;
  }
  ms.sort((x, y) => x - y);
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(
    `| ${label.padEnd(34)} | ${String(requests.length).padStart(5)} | ${f(percentile(ms, 50))} | ${f(percentile(ms, 95))} | ${f(ms[ms.length - 1] ?? NaN)} | ${Math.round(
      hits / requests.length,
    )
      .toString()
      .padStart(7)} |`,
  );
}

function words(
  real: CatalogDocument[],
  n: number,
  from: (d: CatalogDocument) => string | undefined,
): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n && i < n * 20; i += 1) {
    const text = from(real[(i * 7_919) % real.length]!) ?? '';
    const list = text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 3);
    const word = list[i % Math.max(1, list.length)];
    if (word) out.push(word);
  }
  return out;
}

async function main(): Promise<void> {
  const total = Number(arg('docs', '100000'));
  const queries = Number(arg('queries', '400'));
  const file = path.resolve(arg('db', path.join(ROOT, 'tmp/bench/search.db')));
  mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });

  const real = await realDocuments(CORPUS);
  console.log(
    `${real.length} real documents mapped from ${POOL_FILES.length} corpus files; ${total} synthetic`,
  );
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // The settings docs/search.md recommends: a page cache that holds the hot part of the index.
  db.pragma(`cache_size = -${Number(arg('cache-mb', '256')) * 1024}`);
  db.pragma(`mmap_size = ${Number(arg('mmap-mb', '0')) * 1024 * 1024}`);
  db.pragma(`wal_autocheckpoint = ${Number(arg('checkpoint-pages', '10000'))}`);
  const index = createSqliteSearchIndex(db);

  let elapsed = 0;
  for (let start = 0; start < total; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, total - start) }, (_, k) => synthetic(real, start + k));
    const t0 = process.hrtime.bigint();
    await index.upsert(batch);
    elapsed += Number(process.hrtime.bigint() - t0) / 1e9;
  }
  console.log(
    `upsert: ${total} docs in ${elapsed.toFixed(1)} s = ${Math.round(total / elapsed)} docs/s (batches of 1000)`,
  );

  const titleWords = words(real, queries, (d) => d.title);
  const authorWords = words(real, queries, (d) => d.authors[0]?.name);
  const subjectWords = words(real, queries, (d) => d.subjects[0]?.heading);
  const q = (text: string) => parseQuery(text);
  console.log('\n| query | n | p50 ms | p95 ms | max ms | avg total |\n|---|---|---|---|---|---|');
  await time(
    'one title word + 4 facets',
    index,
    titleWords.map((w) => ({ query: q(w), facets: FACETS })),
  );
  await time(
    'two words + 4 facets',
    index,
    titleWords.map((w, i) => ({ query: q(`${w} ${subjectWords[i] ?? ''}`), facets: FACETS })),
  );
  await time(
    'author: word + 4 facets',
    index,
    authorWords.map((w) => ({ query: q(`author:${w}`), facets: FACETS })),
  );
  await time(
    'prefix word* + 4 facets',
    index,
    titleWords.map((w) => ({ query: q(`${w.slice(0, 3)}*`), facets: FACETS })),
  );
  await time(
    'word, no facets',
    index,
    titleWords.map((w) => ({ query: q(w) })),
  );
  await time(
    'word, sort title, highlight',
    index,
    titleWords.map((w) => ({ query: q(w), sort: 'title', highlight: true })),
  );
  await time(
    'word + format filter + 4 facets',
    index,
    titleWords.map((w) => ({
      query: q(w),
      facets: FACETS,
      filters: [{ field: 'format', values: ['Book'] }],
    })),
  );
  await time(
    'no query + 4 facets (cached)',
    index,
    titleWords.slice(0, 50).map(() => ({ facets: FACETS })),
  );
  await time(
    'no query, filter language + 4 facets',
    index,
    ['eng', 'fre', 'ger', 'spa'].map((l) => ({
      filters: [{ field: 'language', values: [l] }],
      facets: FACETS,
    })),
  );
  await time(
    'no query, sort -date',
    index,
    [0, 1, 2, 3, 4].map(() => ({ sort: '-date' })),
  );
  const isbn = real.find((d) => d.isbns[0]?.isbn13)?.isbns[0]?.isbn13 ?? '9780306406157';
  await time(
    'plain ISBN (identifier first)',
    index,
    Array.from({ length: 50 }, () => ({ query: q(isbn), facets: FACETS })),
  );
  const browse: number[] = [];
  for (const w of authorWords.slice(0, 200)) {
    const t0 = process.hrtime.bigint();
    await index.browse({ index: 'author', from: w, before: 5, after: 20 });
    browse.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  browse.sort((x, y) => x - y);
  console.log(
    `\nbrowse author (5 before, 20 after): p50 ${percentile(browse, 50).toFixed(2)} ms, p95 ${percentile(browse, 95).toFixed(2)} ms`,
  );
  const size = (
    db
      .prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()')
      .get() as { bytes: number }
  ).bytes;
  console.log(`database: ${(size / 1e6).toFixed(0)} MB for ${total} docs`);
  await index.close();
  db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
