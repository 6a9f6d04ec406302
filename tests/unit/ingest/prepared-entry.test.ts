import Database from 'better-sqlite3';
import { documentPreparer } from '../../../src/backends/document-preparers';
import { localEntries, mapItem } from '../../../src/ingest/entries';
import { lazyRecord } from '../../../src/ingest/lazy-record';
import { entryLine, type Entry } from '../../../src/ingest/staged-record';
import { hydrateEntry, prepareEntry } from '../../../src/ingest/prepared-entry';
import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import { readMarc } from '../../../src/marc/formats';
import { SQLITE_INDEX_PREPARER } from '../../../src/search/sqlite/index-rows';
import { bytesSource } from '../../../src/marc/source';
import { toIso2709 } from '../../../src/marc/writers/iso2709.writer';
import { marcInJsonText } from '../../../src/marc/writers/mij.writer';
import { createSqliteSearchIndex } from '../../../src/search/sqlite/sqlite.search-index';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { sampleBooks } from '../../support/books';
import { collect } from '../../support/collect';
import { syntheticRecord } from '../../support/synthetic';

const map = createDefaultMapper();
const prepareDocument = documentPreparer(SQLITE_INDEX_PREPARER);

function items(bytes: Buffer) {
  return collect(readMarc(bytesSource(bytes)));
}

/** Everything the store and index hold, timestamps aside, in a stable order. */
function contents(db: Database.Database): unknown[] {
  return [
    db
      .prepare(
        'SELECT id, control_number, marc, document, version, content_hash, seq FROM records ORDER BY id',
      )
      .all(),
    db.prepare('SELECT kind, value, record_rowid FROM identifiers ORDER BY 1, 2, 3').all(),
    db.prepare('SELECT * FROM search_docs ORDER BY rowid').all(),
    db.prepare('SELECT * FROM search_terms ORDER BY id').all(),
    db.prepare('SELECT * FROM search_postings ORDER BY 1, 2, 3').all(),
    db.prepare('SELECT * FROM search_doc_terms ORDER BY rowid').all(),
    db.prepare("SELECT rowid FROM fts_docs WHERE fts_docs MATCH 'history OR tolstoy' ORDER BY rowid").all(),
  ];
}

async function write(entries: Entry[]): Promise<unknown[]> {
  const db = new Database(':memory:');
  const store = createSqliteRecordStore(db);
  const index = createSqliteSearchIndex(db);
  const staged = entries.flatMap((e) => ('staged' in e ? [e.staged] : []));
  await store.upsertMany(
    staged.map((p) => ({ record: p.record, document: p.document, forms: p.prepared?.forms })),
  );
  await index.upsert(
    staged.map((p) => p.document),
    staged.map((p) => p.prepared?.index),
  );
  const out = contents(db);
  db.close();
  return out;
}

describe('records prepared in the worker thread', () => {
  const bytes = Buffer.concat([
    ...sampleBooks().map(toIso2709),
    ...Array.from({ length: 40 }, (_, i) => toIso2709(syntheticRecord(i))),
    Buffer.from('not a record'),
  ]);

  test('when a record is sent as MARC-in-JSON, then the lazy record reads as the original', async () => {
    for (const item of await items(bytes)) {
      if (!item.ok) continue;
      const lazy = lazyRecord(marcInJsonText(item.record));
      expect(lazy.leader).toBe(item.record.leader);
      expect(lazy.fields).toEqual(item.record.fields);
      expect(lazy.getSubfield('245', 'a')).toBe(item.record.getSubfield('245', 'a'));
    }
  });

  test('when entries are prepared and hydrated, then they report what mapping on this thread reports', async () => {
    const local: Entry[] = [];
    for await (const group of localEntries(bytesSource(bytes), 'f.mrc', map, {
      format: 'auto',
      charset: 'auto',
    }))
      local.push(...group);
    const wired = (await items(bytes)).map((item) =>
      hydrateEntry(prepareEntry(item, 'f.mrc', map, prepareDocument)),
    );
    expect(wired.map(lineOf)).toEqual(local.map(lineOf));
    expect(wired.map(documentOf)).toEqual(local.map(documentOf));
  });

  test('when the store and index are handed prepared forms, then they write exactly what they would have made', async () => {
    const all = await items(bytes);
    const local = all.map((item) => {
      const m = mapItem(item, 'f.mrc', map);
      if (!m.ok) return { rejected: m.line, raw: m.raw };
      if (!('document' in m)) throw new Error('no holdings records in this file');
      return { staged: { line: m.line, record: m.record, document: m.document } };
    });
    const wired = all.map((item) => hydrateEntry(prepareEntry(item, 'f.mrc', map, prepareDocument)));
    expect(await write(wired)).toEqual(await write(local));
  });
});

function lineOf(e: Entry): unknown {
  return entryLine(e);
}

function documentOf(e: Entry): unknown {
  return 'staged' in e ? JSON.parse(JSON.stringify(e.staged.document)) : null;
}
