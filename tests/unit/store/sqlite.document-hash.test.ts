import Database from 'better-sqlite3';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { STORE_SCHEMA_VERSION } from '../../../src/store/sqlite/schema';
import { documentForm } from '../../../src/store/record-forms';
import { input } from '../../contract/record-store.fixtures';

/** A store file as schema version 2 left it: the record is there, its document hash is not. */
async function version2File(): Promise<Database.Database> {
  const db = new Database(':memory:');
  await createSqliteRecordStore(db).upsertMany([input('old', 'A')]);
  db.exec(`ALTER TABLE records DROP COLUMN document_hash`);
  db.exec(`UPDATE store_meta SET value = '2' WHERE key = 'schema_version'`);
  return db;
}

describe('SQLite record store: document hashes', () => {
  test('when a version 2 file is opened, then it gains the column and old rows hold no hash', async () => {
    const db = await version2File();

    createSqliteRecordStore(db);

    expect(db.prepare(`SELECT value FROM store_meta WHERE key = 'schema_version'`).pluck().get()).toBe(
      String(STORE_SCHEMA_VERSION),
    );
    expect(db.prepare(`SELECT document_hash FROM records WHERE id = 'old'`).pluck().get()).toBeNull();
  });

  test('when a record stored without a hash comes again with the same document, then it is unchanged and nothing is written', async () => {
    const db = await version2File();
    const store = createSqliteRecordStore(db);

    const outcomes = await store.upsertMany([input('old', 'A')]);

    expect(outcomes).toEqual([{ id: 'old', outcome: 'unchanged', version: 1 }]);
    expect(db.prepare(`SELECT document_hash FROM records WHERE id = 'old'`).pluck().get()).toBeNull();
    expect((await store.get('old'))?.documentHash).toBe(documentForm(input('old', 'A').document).hash);
  });

  test('when a record stored without a hash comes again with another document, then it is updated and gains the hash', async () => {
    const db = await version2File();
    const store = createSqliteRecordStore(db);
    const remapped = input('old', 'A', { local: ['Town archive'] });

    const outcomes = await store.upsertMany([remapped]);

    expect(outcomes).toEqual([{ id: 'old', outcome: 'updated', version: 2 }]);
    expect(db.prepare(`SELECT document_hash FROM records WHERE id = 'old'`).pluck().get()).toBe(
      documentForm(remapped.document).hash,
    );
  });
});
