import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareCirculationStatements } from '../../../src/circulation/sqlite/circulation-queries';
import { CIRCULATION_SCHEMA_VERSION } from '../../../src/circulation/sqlite/schema';
import { createSqliteCirculationStore } from '../../../src/circulation/sqlite/sqlite.circulation-store';
import { newHold, T0, T1, T2 } from '../../contract/circulation-store.fixtures';

describe('SQLite circulation store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stacks-circulation-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (options: Database.Options = {}): Database.Database => {
    const db = new Database(path.join(dir, 'stacks.db'), options);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    return db;
  };

  test('when another connection on the file changed the hold, then a change from the old version is refused', async () => {
    const [a, b] = [open(), open()];
    const mine = createSqliteCirculationStore(a);
    const theirs = createSqliteCirculationStore(b);
    await mine.createHold(newHold('h1'), T0);
    await theirs.updateHold('h1', { status: 'in-transit', trappedItem: 'B1' }, 1, T1);
    await expect(mine.updateHold('h1', { status: 'cancelled' }, 1, T2)).rejects.toMatchObject({
      code: 'version_conflict',
      details: { version: 2, current: { status: 'in-transit' } },
    });
    a.close();
    b.close();
  });

  test('when two connections on the file place one active hold of a patron on a record, then the second is hold_already_placed', async () => {
    const [a, b] = [open(), open()];
    await createSqliteCirculationStore(a).createHold(newHold('h1'), T0);
    await expect(createSqliteCirculationStore(b).createHold(newHold('h2'), T1)).rejects.toMatchObject({
      code: 'hold_already_placed',
      details: { id: 'h1', recordId: 'r1' },
    });
    a.close();
    b.close();
  });

  test('when a file holds active twins from before the unique index, then it opens, and the index comes once they are gone', async () => {
    const db = open();
    const store = createSqliteCirculationStore(db);
    await store.createHold(newHold('h1'), T0);
    db.exec(`DROP INDEX holds_active_patron`);
    db.prepare(
      `INSERT INTO holds SELECT 'h2', record_id, item_key, patron_id, status, placed_at,
      shelf_expires_at, not_needed_after, version, json_set(hold, '$.id', 'h2') FROM holds WHERE id = 'h1'`,
    ).run();
    const index = () => db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'holds_active_patron'`).get();

    const again = createSqliteCirculationStore(db);
    expect(index()).toBeUndefined();
    expect((await again.holdsOfPatron('p1')).map((h) => h.id)).toEqual(['h1', 'h2']);
    await again.updateHold('h2', { status: 'cancelled', endedAt: T2 }, 1, T2);
    createSqliteCirculationStore(db);
    expect(index()).toBeDefined();
    db.close();
  });

  test('when the tables were made by a newer Stacks, then opening refuses instead of misreading them', () => {
    const db = open();
    createSqliteCirculationStore(db);
    db.prepare(`UPDATE circulation_meta SET value = ? WHERE key = 'schema_version'`).run(
      String(CIRCULATION_SCHEMA_VERSION + 1),
    );
    expect(() => createSqliteCirculationStore(db)).toThrow(/newer than this Stacks/);
    db.close();
  });

  test('when a read-only catalog has no circulation tables, then it opens and circulation calls say so', async () => {
    open().close();
    const db = open({ readonly: true });
    const store = createSqliteCirculationStore(db);
    await expect(store.hold('h1')).rejects.toMatchObject({ code: 'store_unavailable' });
    db.close();
  });

  test('when the queue and the expiry rules are read, then SQLite walks their partial indexes', () => {
    const db = open();
    createSqliteCirculationStore(db);
    const q = prepareCirculationStatements(db);
    const plan = (sql: string, ...params: unknown[]): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
    const queue = plan(q.queue.source, 'r1');
    expect(queue).toMatch(/USING INDEX holds_queue/);
    expect(queue).not.toMatch(/TEMP B-TREE/);
    const expiring = plan(q.expiring.source, '2026-03-10', '2026-03-10', 10);
    expect(expiring).toMatch(/USING INDEX holds_shelf_expiry/);
    expect(expiring).toMatch(/USING INDEX holds_not_needed/);
    db.close();
  });
});
