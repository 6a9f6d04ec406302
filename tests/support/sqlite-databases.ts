import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StoreHarness } from './mongo-databases';

/** A catalog file in WAL mode, as `stacks serve` opens one, in a temporary folder of its own. */
export function walDatabase(label: string): { db: Database.Database; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `stacks-${label}-`));
  const db = new Database(path.join(dir, 'stacks.db'));
  db.pragma('journal_mode = WAL');
  return { db, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Harness makers for a port's contract suite on its SQLite adapter, both ways it runs: in memory,
 * and in a WAL file (where readers and the writer meet as on a server). close() closes the store,
 * then the database, and deletes the file.
 */
export function sqliteHarnesses<K extends string, S extends { close(): Promise<void> }>(
  key: K,
  open: (db: Database.Database) => S,
): { inMemory: () => Promise<StoreHarness<K, S>>; inFile: () => Promise<StoreHarness<K, S>> } {
  const over = (db: Database.Database, remove: () => void = () => undefined): StoreHarness<K, S> => {
    const store = open(db);
    const close = async (): Promise<void> => {
      await store.close();
      db.close();
      remove();
    };
    return { [key]: store, close } as StoreHarness<K, S>;
  };
  return {
    inMemory: async () => over(new Database(':memory:')),
    inFile: async () => {
      const { db, remove } = walDatabase(key);
      return over(db, remove);
    },
  };
}
