import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { availabilityEntries, withAvailability } from '../../src/backends/availability-index';
import type { CatalogDocument } from '../../src/domain/catalog-document';
import type { NewItem } from '../../src/domain/items/item';
import type { ItemStatus } from '../../src/domain/items/item-status';
import type { ItemStore } from '../../src/items/port';
import { createSqliteItemStore } from '../../src/items/sqlite/sqlite.item-store';
import type { SearchIndex, SearchRequest } from '../../src/search/port';
import { parseQuery } from '../../src/search/query/parser';
import { indexRows } from '../../src/search/sqlite/index-rows';
import { createSqliteSearchIndex } from '../../src/search/sqlite/sqlite.search-index';
import { realDocuments, synthetic } from './synthetic-documents';

/**
 * What availability costs the embedded search index (issue 12, "Numbers"). Prints figures only.
 *
 * 1. Writes, `--write-docs` documents in batches of 1,000 on a WAL file, rows prepared ahead of
 *    time as the ingest's worker does (not timed): the index alone; the same through the
 *    availability decorator with no items; with 0-5 items per record; and the refresh an item load
 *    is followed by (forRecords + setAvailability), per record.
 * 2. Searches on two catalogues of `--docs` documents, one without items and one with 0-5 per
 *    record, the same documents: 20-hit pages of one-word queries, alternating between the two.
 *
 *   node dist/scripts/bench/availability.bench.js [--docs 200000] [--write-docs 20000] [--queries 400] [--dir tmp/bench]
 */
const ROOT = path.resolve(__dirname, '../../..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const CORPUS = path.resolve(arg('corpus', path.join(ROOT, '../shared/corpus')));
const DIR = path.resolve(arg('dir', path.join(ROOT, 'tmp/bench')));
const BATCH = 1000;
const AT = '2026-12-06T00:00:00.000Z';
const LOCATIONS = [
  ['MAIN', 'STACKS'],
  ['MAIN', 'REFERENCE'],
  ['WEST', 'STACKS'],
  ['MAIN', 'BOOKMOBILE'],
] as const;
const STATUSES: ItemStatus[] = [
  'available',
  'available',
  'checked-out',
  'available',
  'in-repair',
  'reshelving',
];

function open(name: string): Database.Database {
  const file = path.join(DIR, name);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -262144');
  db.pragma('wal_autocheckpoint = 20000');
  return db;
}

/** 0-5 copies per record (i % 6), spread over locations and statuses. */
function copiesOf(doc: CatalogDocument, i: number): NewItem[] {
  const call = doc.callNumbers[0];
  return Array.from({ length: i % 6 }, (_, j) => {
    const [library, shelf] = LOCATIONS[(i + j) % LOCATIONS.length]!;
    return {
      barcode: `b${i}-${j}`,
      recordId: doc.id,
      location: { library, shelf },
      ...(call && { callNumber: { value: call.value, scheme: 'lc' as const, shelfKey: call.shelfKey } }),
      itemType: 'book',
      notForLoan: false,
      publicNotes: [],
      staffNotes: [],
      source: '952' as const,
      status: STATUSES[(i * 7 + j) % STATUSES.length]!,
    };
  });
}

async function loadItems(db: Database.Database, items: ItemStore, docs: CatalogDocument[], from: number) {
  for (let at = 0; at < docs.length; at += BATCH) {
    const batch = docs.slice(at, at + BATCH).flatMap((d, k) => copiesOf(d, from + at + k));
    db.exec('BEGIN');
    await items.load(batch, AT, 'bench');
    db.exec('COMMIT');
  }
}

/** Seconds to upsert `docs` with prepared rows, a transaction per batch. */
async function upsertAll(
  db: Database.Database,
  index: SearchIndex,
  docs: CatalogDocument[],
): Promise<number> {
  const rows = docs.map((d) => indexRows(d));
  const start = process.hrtime.bigint();
  for (let at = 0; at < docs.length; at += BATCH) {
    db.exec('BEGIN');
    await index.upsert(docs.slice(at, at + BATCH), rows.slice(at, at + BATCH));
    db.exec('COMMIT');
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function writes(docs: CatalogDocument[]): Promise<void> {
  const rate = (s: number) => `${Math.round(docs.length / s).toLocaleString('en')}/s`;
  const plainDb = open('avail-w1.db');
  const plain = await upsertAll(plainDb, createSqliteSearchIndex(plainDb), docs);
  const noneDb = open('avail-w2.db');
  const noneItems = createSqliteItemStore(noneDb);
  const none = await upsertAll(noneDb, withAvailability(createSqliteSearchIndex(noneDb), noneItems), docs);
  const withDb = open('avail-w3.db');
  const withItems = createSqliteItemStore(withDb);
  await loadItems(withDb, withItems, docs, 0);
  const some = await upsertAll(withDb, withAvailability(createSqliteSearchIndex(withDb), withItems), docs);
  // The ingest's order: documents first (no items yet), then the items, then the refresh.
  const refreshDb = open('avail-w4.db');
  const refreshItems = createSqliteItemStore(refreshDb);
  const refreshIndex = createSqliteSearchIndex(refreshDb);
  await upsertAll(refreshDb, refreshIndex, docs);
  await loadItems(refreshDb, refreshItems, docs, 0);
  const start = process.hrtime.bigint();
  for (let at = 0; at < docs.length; at += BATCH) {
    refreshDb.exec('BEGIN');
    const ids = docs.slice(at, at + BATCH).map((d) => d.id);
    await refreshIndex.setAvailability(await availabilityEntries(refreshItems, ids));
    refreshDb.exec('COMMIT');
  }
  const refresh = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`\nindex writes, ${docs.length} documents, prepared rows, batches of ${BATCH}:`);
  console.log(`  index alone                           ${rate(plain)}`);
  console.log(`  + availability decorator, no items    ${rate(none)}`);
  console.log(`  + decorator, 0-5 items per record     ${rate(some)}`);
  console.log(
    `  refresh after an item load            ${((refresh / docs.length) * 1e6).toFixed(1)} µs/record (${rate(refresh)})`,
  );
  for (const db of [plainDb, noneDb, withDb, refreshDb]) db.close();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The same requests on both indexes, alternating, so load from other jobs hits both alike. */
async function compare(label: string, a: SearchIndex, b: SearchIndex, requests: SearchRequest[]) {
  const ms: [number[], number[]] = [[], []];
  let carried = 0;
  for (const request of requests) {
    for (const [k, index] of [a, b].entries()) {
      const start = process.hrtime.bigint();
      const response = await index.search(request);
      ms[k]!.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (k === 1) carried += response.hits.filter((h) => h.availability).length;
    }
  }
  const f = (list: number[], p: number) =>
    percentile(
      [...list].sort((x, y) => x - y),
      p,
    ).toFixed(2);
  console.log(
    `| ${label.padEnd(26)} | ${f(ms[0], 50).padStart(6)} | ${f(ms[1], 50).padStart(6)} | ${f(ms[0], 95).padStart(6)} | ${f(ms[1], 95).padStart(6)} | ${(carried / requests.length).toFixed(1).padStart(5)} |`,
  );
}

async function searches(docs: CatalogDocument[], real: CatalogDocument[], queries: number): Promise<void> {
  const plainDb = open('avail-s1.db');
  const plain = createSqliteSearchIndex(plainDb);
  await upsertAll(plainDb, plain, docs);
  const withDb = open('avail-s2.db');
  const items = createSqliteItemStore(withDb);
  await loadItems(withDb, items, docs, 0);
  const withIndex = withAvailability(createSqliteSearchIndex(withDb), items);
  await upsertAll(withDb, withIndex, docs);
  const words: string[] = [];
  for (let i = 0; words.length < queries && i < queries * 20; i += 1) {
    const title = real[(i * 7_919) % real.length]!.title ?? '';
    const word = title.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 3)[i % 3];
    if (word) words.push(word);
  }
  const q = (w: string) => parseQuery(w);
  console.log(`\n${docs.length} documents, ${words.length} one-word queries, 20-hit pages (ms):`);
  console.log('| query                      | p50    | p50 av | p95    | p95 av | av/pg |');
  console.log('| -------------------------- | ------ | ------ | ------ | ------ | ----- |');
  await compare(
    'word, 20 hits',
    plain,
    withIndex,
    words.map((w) => ({ query: q(w), limit: 20 })),
  );
  await compare(
    'word, 20 hits + 4 facets',
    plain,
    withIndex,
    words.map((w) => ({
      query: q(w),
      limit: 20,
      facets: [{ field: 'format' }, { field: 'language' }, { field: 'topic' }, { field: 'author' }],
    })),
  );
  await compare(
    'no query, 20 hits',
    plain,
    withIndex,
    words.slice(0, 100).map((_, i) => ({ limit: 20, offset: i * 20 })),
  );
  plainDb.close();
  withDb.close();
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const total = Number(arg('docs', '200000'));
  const writeDocs = Number(arg('write-docs', '20000'));
  const queries = Number(arg('queries', '400'));
  const real = await realDocuments(CORPUS);
  const docs = Array.from({ length: Math.max(total, writeDocs) }, (_, i) => synthetic(real, i));
  console.log(`${real.length} real documents; synthetic: ${writeDocs} for writes, ${total} for searches`);
  await writes(docs.slice(0, writeDocs));
  if (total > 0) await searches(docs.slice(0, total), real, queries);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
