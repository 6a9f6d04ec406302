import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findQuery } from '../../../src/patrons/sqlite/patron-queries';
import { PATRONS_SCHEMA_VERSION } from '../../../src/patrons/sqlite/schema';
import { createSqlitePatronStore } from '../../../src/patrons/sqlite/sqlite.patron-store';
import { newPatron, T0, T1 } from '../../contract/patron-store.fixtures';

describe('SQLite patron store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stacks-patrons-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (options: Database.Options = {}): Database.Database => {
    const db = new Database(path.join(dir, 'stacks.db'), options);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    return db;
  };

  test('when another connection on the file changed the patron, then a change from the old version is refused', async () => {
    const [a, b] = [open(), open()];
    const mine = createSqlitePatronStore(a);
    const theirs = createSqlitePatronStore(b);
    const p = await mine.create(newPatron('P1', 'Doe, Jane'), T0);
    await theirs.addLoan(p.id, 'loan-1', 1, T1);
    await expect(mine.addLoan(p.id, 'loan-2', 1, T1)).rejects.toMatchObject({
      code: 'version_conflict',
      details: { version: 2, current: { openLoans: ['loan-1'] } },
    });
    expect((await mine.removeLoan(p.id, 'loan-1', T1))?.openLoans).toEqual([]);
    a.close();
    b.close();
  });

  test('when the tables were made by a newer Stacks, then opening refuses instead of misreading them', () => {
    const db = open();
    createSqlitePatronStore(db);
    db.prepare(`UPDATE patrons_meta SET value = ? WHERE key = 'schema_version'`).run(
      String(PATRONS_SCHEMA_VERSION + 1),
    );
    expect(() => createSqlitePatronStore(db)).toThrow(/newer than this Stacks/);
    db.close();
  });

  test('when a read-only connection opens a catalog made before patrons, then it opens and only patron calls fail', async () => {
    open().close();
    const db = open({ readonly: true });
    const store = createSqlitePatronStore(db);
    await expect(store.count()).rejects.toMatchObject({ code: 'store_unavailable' });
    db.close();
  });

  test('when anonymised patrons pile up, then their rows have no barcode key, so the unique index holds none of them', async () => {
    const db = open();
    const store = createSqlitePatronStore(db);
    for (const n of [1, 2, 3]) {
      const p = await store.create(newPatron('same-card', `Patron ${n}`), T0);
      await store.anonymise(p.id, T1);
    }
    const keys = db.prepare(`SELECT barcode_key, name_key, email_key FROM patrons`).all();
    expect(keys).toEqual(Array(3).fill({ barcode_key: null, name_key: '', email_key: null }));
    db.close();
  });

  test.each([
    ['a name prefix', { namePrefix: 'Doe', limit: 10 }, /patrons_name/],
    [
      'a name prefix after a cursor',
      { namePrefix: 'Doe', limit: 10, after: cursor('doe', 'x') },
      /patrons_name/,
    ],
    ['an email', { email: 'j@x.example', limit: 10 }, /patrons_email/],
    ['a barcode', { barcode: 'P1', limit: 10 }, /barcode_key/],
  ])(
    'when finding by %s, then SQLite searches a database index rather than scanning',
    (_what, query, index) => {
      const db = open();
      createSqlitePatronStore(db);
      const { sql, params } = findQuery(query);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join('; ');
      expect(plan).toMatch(index);
      expect(plan).not.toMatch(/SCAN patrons(?! USING)/);
      db.close();
    },
  );
});

function cursor(nameKey: string, id: string): string {
  return Buffer.from(JSON.stringify({ n: nameKey, i: id })).toString('base64url');
}
