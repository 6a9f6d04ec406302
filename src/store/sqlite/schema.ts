import type { Database } from 'better-sqlite3';

/**
 * The record store's tables. `seq` orders every change (create, update, delete) for harvesting
 * and incremental reindexing; a tombstone keeps the last version so a re-created record never
 * reuses a version number.
 */
export const STORE_SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS records (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  control_number TEXT,
  marc TEXT NOT NULL,
  document TEXT NOT NULL,
  version INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS records_seq ON records(seq);
CREATE TABLE IF NOT EXISTS tombstones (
  id TEXT PRIMARY KEY,
  control_number TEXT,
  version INTEGER NOT NULL,
  deleted_at TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tombstones_seq ON tombstones(seq);
CREATE TABLE IF NOT EXISTS identifiers (
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  record_rowid INTEGER NOT NULL,
  PRIMARY KEY (kind, value, record_rowid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS identifiers_record ON identifiers(record_rowid);
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export function migrateStore(db: Database): void {
  db.exec(DDL);
  const row = db.prepare(`SELECT value FROM store_meta WHERE key = 'schema_version'`).get() as
    { value: string } | undefined;
  if (!row) {
    db.prepare(`INSERT INTO store_meta (key, value) VALUES ('schema_version', ?), ('seq', '0')`).run(
      String(STORE_SCHEMA_VERSION),
    );
  } else if (Number(row.value) > STORE_SCHEMA_VERSION) {
    throw new Error(
      `database schema version ${row.value} is newer than this Stacks (${STORE_SCHEMA_VERSION}); upgrade Stacks`,
    );
  }
}
