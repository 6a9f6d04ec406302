import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqliteItemStore } from '../../../src/items/sqlite/sqlite.item-store';
import { ITEMS_SCHEMA_VERSION } from '../../../src/items/sqlite/schema';
import { newItem, T0, T1 } from '../../contract/item-store.fixtures';

describe('SQLite item store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stacks-items-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (): Database.Database => {
    const db = new Database(path.join(dir, 'stacks.db'));
    db.pragma('journal_mode = WAL');
    return db;
  };

  test('when another connection on the file changed the item, then a change from the old version is refused', async () => {
    const [a, b] = [open(), open()];
    const mine = createSqliteItemStore(a);
    const theirs = createSqliteItemStore(b);
    await mine.create(newItem('B1', 'r1'), T0);
    await theirs.changeStatus('b1', { to: 'missing', at: T1 }, 1);
    await expect(mine.changeStatus('B1', { to: 'in-repair', at: T1 }, 1)).rejects.toMatchObject({
      code: 'version_conflict',
      details: { version: 2, item: { status: 'missing' } },
    });
    a.close();
    b.close();
  });

  test('when the tables were made by a newer Stacks, then opening refuses instead of misreading them', () => {
    const db = open();
    createSqliteItemStore(db);
    db.prepare(`UPDATE items_meta SET value = ? WHERE key = 'schema_version'`).run(
      String(ITEMS_SCHEMA_VERSION + 1),
    );
    expect(() => createSqliteItemStore(db)).toThrow(/newer than this Stacks/);
    db.close();
  });

  test('when a version 1 file is opened, then its status index becomes partial and every status still lists', async () => {
    const db = open();
    const store = createSqliteItemStore(db);
    await store.create(newItem('B1', 'r1'), T0);
    await store.create(newItem('B2', 'r1'), T0);
    await store.changeStatus('B2', { to: 'missing', at: T1 }, 1);
    // What version 1 made: the status index over every item.
    db.exec(
      `DROP INDEX items_status; CREATE INDEX items_status ON items(status, library, shelf, shelf_key, barcode_key)`,
    );
    db.prepare(`UPDATE items_meta SET value = '1' WHERE key = 'schema_version'`).run();

    const upgraded = createSqliteItemStore(db);

    const meta = db.prepare(`SELECT value FROM items_meta WHERE key = 'schema_version'`).pluck().get();
    const index = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'items_status'`).pluck().get();
    expect([meta, index]).toEqual([
      String(ITEMS_SCHEMA_VERSION),
      expect.stringMatching(/WHERE status <> 'available'$/),
    ]);
    const barcodes = async (status: 'available' | 'missing') =>
      (await upgraded.list({ statuses: [status], limit: 10 })).items.map((i) => i.barcode);
    expect([await barcodes('available'), await barcodes('missing')]).toEqual([['B1'], ['B2']]);
    db.close();
  });

  test('when a version 2 file holding a loan is opened, then the loan columns are added and filled from the JSON', async () => {
    const db = open();
    const store = createSqliteItemStore(db);
    await store.create(newItem('B1', 'r1'), T0);
    await store.create(newItem('B2', 'r1'), T0);
    const loan = {
      id: 'l1',
      itemBarcode: 'B2',
      recordId: 'r1',
      patronId: 'p1',
      patronType: 'adult',
      library: 'MAIN',
      checkedOutAt: T0,
      dueAt: '2026-02-01T10:00:00+02:00',
      renewals: 0,
    };
    await store.circulate('B2', { to: 'checked-out', at: T1 }, { loan }, 1);
    // What version 2 made: no loan columns, no loan indexes.
    db.exec(`DROP INDEX items_loan_patron; DROP INDEX items_loan_due; DROP INDEX items_loan_library;
      ALTER TABLE items DROP COLUMN loan_patron; ALTER TABLE items DROP COLUMN loan_due;
      ALTER TABLE items DROP COLUMN loan_library`);
    db.prepare(`UPDATE items_meta SET value = '2' WHERE key = 'schema_version'`).run();

    const upgraded = createSqliteItemStore(db);

    const rows = db
      .prepare(`SELECT barcode_key, loan_patron, loan_due, loan_library FROM items ORDER BY 1`)
      .all();
    expect(rows).toEqual([
      { barcode_key: 'b1', loan_patron: null, loan_due: null, loan_library: null },
      { barcode_key: 'b2', loan_patron: 'p1', loan_due: '2026-02-01T08:00:00.000Z', loan_library: 'MAIN' },
    ]);
    expect((await upgraded.onLoanTo('p1')).map((i) => i.barcode)).toEqual(['B2']);
    expect(db.prepare(`SELECT value FROM items_meta WHERE key = 'schema_version'`).pluck().get()).toBe(
      String(ITEMS_SCHEMA_VERSION),
    );
    db.close();
  });

  test('when loans are asked, then SQLite walks the partial loan indexes, which items on the shelf are not in', async () => {
    const db = open();
    const store = createSqliteItemStore(db);
    await store.load([newItem('B1', 'r1'), newItem('B2', 'r1')], T0, 'ingest');
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[])
        .map((r) => r.detail)
        .join('; ');
    expect(plan(`SELECT item FROM items WHERE loan_patron = ? ORDER BY loan_due, barcode_key`)).toMatch(
      /USING INDEX items_loan_patron/,
    );
    const entries = (name: string) =>
      db.prepare(`SELECT count(*) FROM items INDEXED BY ${name} WHERE loan_due IS NOT NULL`).pluck().get();
    expect([entries('items_loan_due'), entries('items_loan_library')]).toEqual([0, 0]);
    db.close();
  });

  test('when the store is opened twice on one file, then the second finds its tables made and makes only its own', () => {
    const db = open();
    createSqliteItemStore(db);
    createSqliteItemStore(db);
    const tables = (
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    expect(tables).toEqual(['holdings', 'items', 'items_meta']);
    db.close();
  });

  test('when a version 2 catalog is opened read-only, then it opens and item calls fail until opened writable', async () => {
    const db = open();
    await createSqliteItemStore(db).create(newItem('B1', 'r1'), T0);
    db.exec(`DROP INDEX items_loan_patron; DROP INDEX items_loan_due; DROP INDEX items_loan_library;
      ALTER TABLE items DROP COLUMN loan_patron; ALTER TABLE items DROP COLUMN loan_due;
      ALTER TABLE items DROP COLUMN loan_library`);
    db.prepare(`UPDATE items_meta SET value = '2' WHERE key = 'schema_version'`).run();
    db.close();
    const readOnly = new Database(path.join(dir, 'stacks.db'), { readonly: true });
    await expect(createSqliteItemStore(readOnly).get('B1')).rejects.toMatchObject({
      code: 'store_unavailable',
    });
    readOnly.close();
    const writable = open();
    expect((await createSqliteItemStore(writable).get('B1'))?.barcode).toBe('B1');
    writable.close();
  });

  test('when a catalog made before items is opened read-only, then it opens and only item calls fail', async () => {
    new Database(path.join(dir, 'stacks.db')).close();
    const db = new Database(path.join(dir, 'stacks.db'), { readonly: true });
    const items = createSqliteItemStore(db);
    await expect(items.get('b1')).rejects.toMatchObject({ code: 'store_unavailable' });
    db.close();
  });
});
