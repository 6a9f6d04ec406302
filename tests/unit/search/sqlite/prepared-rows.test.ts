import Database from 'better-sqlite3';
import { indexRows } from '../../../../src/search/sqlite/index-rows';
import type { IndexedDocument, PreparedDocument } from '../../../../src/search/port';
import { createSqliteSearchIndex } from '../../../../src/search/sqlite/sqlite.search-index';
import { makeDocument } from '../../../support/documents';

/**
 * The embedded index takes rows made ahead of time only as `upsert`'s explicit second argument:
 * these cases show it writes exactly what it is handed, and falls back where the rows cannot be
 * for the document (nothing is looked up by object).
 */
describe('the SQLite index given prepared rows', () => {
  const document = makeDocument({ id: 'd1', title: 'Written from the document' });

  async function titleAfter(prepared: Parameters<ReturnType<typeof createSqliteSearchIndex>['upsert']>[1]) {
    const index = createSqliteSearchIndex(new Database(':memory:'));
    await index.upsert([document], prepared);
    const { hits } = await index.search({});
    await index.close();
    return hits[0]?.title;
  }

  test('when rows of the document are given, then the index writes those rows', async () => {
    const rows = indexRows(makeDocument({ id: 'd1', title: 'Written from the rows' }));
    expect(await titleAfter([rows])).toBe('Written from the rows');
  });

  test('when no rows are given, then the index makes them from the document', async () => {
    expect(await titleAfter(undefined)).toBe('Written from the document');
    expect(await titleAfter([undefined])).toBe('Written from the document');
  });

  test('when the rows are of another document, then the index makes its own', async () => {
    const rows = indexRows(makeDocument({ id: 'd2', title: 'Written from the rows' }));
    expect(await titleAfter([rows])).toBe('Written from the document');
  });

  test('when the index is asked, then it names its preparer', () => {
    const index = createSqliteSearchIndex(new Database(':memory:'));
    expect(index.preparer).toBe(indexRows(document).preparer);
  });

  describe('made with copies', () => {
    const summary = (location: string, available: number) => ({
      total: 2,
      available,
      locations: [{ location, total: 2, available, callNumbers: ['QA76 .A1'] }],
    });
    const main = summary('MAIN/STACKS', 1);
    const west = summary('WEST/REFERENCE', 0);

    async function tables(documents: IndexedDocument[], prepared?: (PreparedDocument | undefined)[]) {
      const db = new Database(':memory:');
      await createSqliteSearchIndex(db).upsert(documents, prepared);
      const out = ['search_docs', 'search_terms', 'search_postings', 'search_doc_terms'].map((t) =>
        db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all(),
      );
      db.close();
      return out;
    }

    test('when the document carries the summary the rows were made with, then the rows are written as they are', async () => {
      const rows = indexRows({ ...document, availability: main });
      expect(rows.availability).toBe(main);
      expect(await tables([{ ...document, availability: main }], [rows])).toEqual(
        await tables([{ ...document, availability: main }]),
      );
    });

    test('when the document carries another summary or none, then its own replaces the one the rows were made with', async () => {
      const rows = indexRows({ ...document, availability: main });
      expect(await tables([{ ...document, availability: west }], [rows])).toEqual(
        await tables([{ ...document, availability: west }]),
      );
      expect(await tables([document], [rows])).toEqual(await tables([document]));
      expect(await tables([{ ...document, availability: { ...main } }], [rows])).toEqual(
        await tables([{ ...document, availability: main }]),
      );
    });
  });
});
