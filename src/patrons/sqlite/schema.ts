import type { Database } from 'better-sqlite3';

/**
 * The patron store's tables, in the catalog's own file, with their own schema version (in
 * `patrons_meta`) so they migrate apart from the record and item stores'. Each row keeps the whole
 * patron as JSON (`patron`), which is what reads return; the columns beside it are the look-up keys
 * (patron-keys.ts), written from the same patron by the same function (patron-rows.ts).
 *
 * `barcode_key` is NULL once a patron is anonymised: SQLite's UNIQUE lets NULLs repeat, so any
 * number of anonymised patrons coexist and their old barcodes are free again. Names are found by
 * a range on `patrons_name` (prefix search), in the (name key, id) order `find` pages by.
 */
export const PATRONS_SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS patrons (
  id TEXT PRIMARY KEY,
  barcode_key TEXT UNIQUE,
  name_key TEXT NOT NULL,
  email_key TEXT,
  version INTEGER NOT NULL,
  patron TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS patrons_name ON patrons(name_key, id);
CREATE INDEX IF NOT EXISTS patrons_email ON patrons(email_key);
CREATE TABLE IF NOT EXISTS patrons_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * Creates the tables on first use and refuses tables a newer Stacks made. A read-only connection
 * (a read-pool worker) creates nothing: on a catalog without patrons its patron calls fail with
 * `store_unavailable`, and no worker reads patrons.
 */
export function migratePatrons(db: Database): void {
  if (db.readonly && !hasPatronTables(db)) return;
  if (!db.readonly) db.exec(DDL);
  const row = db.prepare(`SELECT value FROM patrons_meta WHERE key = 'schema_version'`).get() as
    { value: string } | undefined;
  if (!row) {
    if (!db.readonly)
      db.prepare(`INSERT INTO patrons_meta (key, value) VALUES ('schema_version', ?)`).run(
        String(PATRONS_SCHEMA_VERSION),
      );
  } else if (Number(row.value) > PATRONS_SCHEMA_VERSION) {
    throw new Error(
      `patron tables schema version ${row.value} is newer than this Stacks (${PATRONS_SCHEMA_VERSION}); upgrade Stacks`,
    );
  }
}

/** Whether a file has the patron tables (a catalog made before patrons has not). */
export function hasPatronTables(db: Database): boolean {
  return (
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'patrons_meta'`).get() !==
    undefined
  );
}
