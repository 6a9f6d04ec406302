import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CatalogDocument } from '../../../../src/domain/catalog-document';
import { createSqliteSearchIndex } from '../../../../src/search/sqlite/sqlite.search-index';
import { makeDocument } from '../../../support/documents';
import { searchFixtures } from '../../../support/search-fixtures';

/** SQLite-only behaviour the contract cannot see: schema, shared connections, transactions. */
describe('SQLite search index', () => {
  let dir: string;
  const opened: Database.Database[] = [];
  const open = (file = ':memory:') => {
    const db = new Database(file === ':memory:' ? file : join(dir, file));
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    opened.push(db);
    return db;
  };
  const books = (n: number, prefix = 'b'): CatalogDocument[] =>
    Array.from({ length: n }, (_, i) =>
      makeDocument({ id: `${prefix}${i}`, title: `Book ${i}`, formats: ['Book'] }),
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stacks-search-unit-'));
  });
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the index is created twice on one database, then the second keeps what the first wrote', async () => {
    const db = open();
    await createSqliteSearchIndex(db).upsert(books(3));
    expect(await createSqliteSearchIndex(db).count()).toBe(3);
  });

  it('when the database holds other tables, then the index only adds search_ and fts_ ones', () => {
    const db = open();
    db.exec('CREATE TABLE records (id TEXT PRIMARY KEY)');
    createSqliteSearchIndex(db);
    const names = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    )
      .map((r) => r.name)
      .filter((n) => n !== 'records');
    expect(names.every((n) => n.startsWith('search_') || n.startsWith('fts_'))).toBe(true);
  });

  it('when the index was written by another schema version, then it is refused', () => {
    const db = open();
    createSqliteSearchIndex(db);
    db.prepare("UPDATE search_meta SET value = '999' WHERE key = 'schema_version'").run();
    expect(() => createSqliteSearchIndex(db)).toThrow(
      expect.objectContaining({ code: 'search_index_version' }),
    );
  });

  it('when an index of version 1 (before items) is opened to write, then it is upgraded in place', async () => {
    const db = open();
    await createSqliteSearchIndex(db).upsert(books(2));
    db.exec('ALTER TABLE search_docs DROP COLUMN availability');
    db.prepare("UPDATE search_meta SET value = '1' WHERE key = 'schema_version'").run();

    const index = createSqliteSearchIndex(db);
    const copies = { total: 1, available: 1, locations: [] };
    await index.upsert([{ ...books(1)[0]!, availability: copies }]);

    expect(await index.count()).toBe(2);
    const { hits } = await index.search({ sort: 'title' });
    expect(hits.map((h) => h.availability)).toEqual([copies, undefined]);
    expect(db.prepare("SELECT value FROM search_meta WHERE key = 'schema_version'").pluck().get()).toBe('2');
  });

  it('when an index file is opened read-only, then it searches without writing', async () => {
    const writer = open('ro.db');
    await createSqliteSearchIndex(writer).upsert(books(3));
    const reader = new Database(join(dir, 'ro.db'), { readonly: true, fileMustExist: true });
    opened.push(reader);
    const index = createSqliteSearchIndex(reader);
    expect((await index.search({ query: { type: 'term', value: 'book', prefix: false } })).total).toBe(3);
    expect((await index.browse({ index: 'title', from: 'book', after: 1 })).entries).toHaveLength(1);
  });

  it('when a read-only database has no index, then opening one fails naming the database', () => {
    const empty = open('empty.db');
    empty.exec('CREATE TABLE records (id TEXT)');
    const reader = new Database(join(dir, 'empty.db'), { readonly: true, fileMustExist: true });
    opened.push(reader);
    expect(() => createSqliteSearchIndex(reader)).toThrow(
      expect.objectContaining({ code: 'index_unavailable' }),
    );
  });

  it('when the caller holds a transaction, then upserts join it and roll back with it', async () => {
    const db = open();
    const index = createSqliteSearchIndex(db);
    db.exec('BEGIN');
    await index.upsert(books(2));
    expect(await index.count()).toBe(2);
    db.exec('ROLLBACK');
    expect(await index.count()).toBe(0);
  });

  it('when a batch fails part way, then none of it is written', async () => {
    const index = createSqliteSearchIndex(open());
    const broken = { ...makeDocument({ id: 'x' }), formats: null } as unknown as CatalogDocument;
    await expect(index.upsert([...books(2), broken])).rejects.toThrow();
    expect(await index.count()).toBe(0);
  });

  it('when the index is closed, then calls reject and the caller still owns a working connection', async () => {
    const db = open();
    const index = createSqliteSearchIndex(db);
    await index.close();
    await expect(index.count()).rejects.toMatchObject({ code: 'index_unavailable' });
    expect(db.prepare('SELECT count(*) AS n FROM search_docs').get()).toEqual({ n: 0 });
  });

  it('when another connection writes, then cached whole-index facet counts are refreshed', async () => {
    const reader = createSqliteSearchIndex(open('shared.db'));
    const writer = createSqliteSearchIndex(open('shared.db'));
    await writer.upsert(books(2));
    const first = await reader.search({ facets: [{ field: 'format' }] });
    expect(first.facets.format).toEqual([{ value: 'Book', count: 2 }]);
    await writer.upsert(books(3, 'c'));
    const second = await reader.search({ facets: [{ field: 'format' }] });
    expect(second.facets.format).toEqual([{ value: 'Book', count: 5 }]);
  });

  it('when a facet value differs only in ASCII case, then it is counted as one value', async () => {
    const index = createSqliteSearchIndex(open());
    await index.upsert([
      makeDocument({ id: 'a', formats: ['Book'] }),
      makeDocument({ id: 'b', formats: ['book'] }),
    ]);
    const response = await index.search({ query: undefined, facets: [{ field: 'format' }] });
    expect(response.facets.format).toEqual([{ value: 'Book', count: 2 }]);
  });

  it('when facet term lists are read in many small chunks, then the counts are the same', async () => {
    const docs = searchFixtures();
    const whole = createSqliteSearchIndex(open());
    const chunked = createSqliteSearchIndex(open(), { facetHitsPerChunk: 3 });
    await whole.upsert(docs);
    await chunked.upsert(docs);
    const request = {
      filters: [{ field: 'language' as const, values: ['eng', 'ger', 'pol'] }],
      facets: (['format', 'language', 'topic', 'author', 'year'] as const).map((field) => ({
        field,
        limit: 50,
      })),
    };
    const expected = await whole.search(request);
    expect(expected.total).toBeGreaterThan(20);
    expect((await chunked.search(request)).facets).toEqual(expected.facets);
  });
});
