import Database from 'better-sqlite3';
import { indexRows } from '../../../../src/search/sqlite/index-rows';
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
});
