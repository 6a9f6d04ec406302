import type Database from 'better-sqlite3';
import type { Backends } from '../../src/backends/backends';
import type { PatronStore } from '../../src/patrons/port';
import { createSqlitePatronStore } from '../../src/patrons/sqlite/sqlite.patron-store';
import { MemoryPatronStore } from './memory-patron-store';

/**
 * The backends' patron store. Until `Backends.patrons` is wired (h/patron-store), one is attached:
 * the real SQLite store on the catalog's own connection for the embedded backends, an in-memory
 * one otherwise. Once it is wired, this only reads it.
 */
export function usePatronStore(backends: Backends): { patrons: PatronStore } {
  const withPatrons = backends as Backends & { patrons?: PatronStore; db?: Database.Database };
  withPatrons.patrons ??= withPatrons.db ? createSqlitePatronStore(withPatrons.db) : new MemoryPatronStore();
  return { patrons: withPatrons.patrons };
}
