import type { Database } from 'better-sqlite3';

/**
 * The record store's tables. `seq` orders every change (create, update, delete) for harvesting
 * and incremental reindexing; a tombstone keeps the last version so a re-created record never
 * reuses a version number. `index_pending` (1, or NULL once indexed) is the outbox for an index
 * outside this file's transactions; version 2 added it. `document_hash` (the SHA-1 of `document`)
 * lets a write tell a re-mapped document from the stored one without reading it; version 3 added
 * it, and rows written before hold NULL (their `document` is hashed when it is needed).
 */
export const STORE_SCHEMA_VERSION = 3;

const DDL = `
CREATE TABLE IF NOT EXISTS records (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  control_number TEXT,
  marc TEXT NOT NULL,
  document TEXT NOT NULL,
  version INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  document_hash TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  seq INTEGER NOT NULL,
  index_pending INTEGER
);
CREATE INDEX IF NOT EXISTS records_seq ON records(seq);
CREATE TABLE IF NOT EXISTS tombstones (
  id TEXT PRIMARY KEY,
  control_number TEXT,
  version INTEGER NOT NULL,
  deleted_at TEXT NOT NULL,
  seq INTEGER NOT NULL,
  index_pending INTEGER
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

// Partial: the embedded pair never sets the flag, so its writes add no index entries at all.
const PENDING_DDL = `
CREATE INDEX IF NOT EXISTS records_index_pending ON records(seq) WHERE index_pending IS NOT NULL;
CREATE INDEX IF NOT EXISTS tombstones_index_pending ON tombstones(seq) WHERE index_pending IS NOT NULL;
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
  } else if (Number(row.value) < STORE_SCHEMA_VERSION && !db.readonly) {
    upgrade(db, Number(row.value));
  }
  if (!db.readonly) db.exec(PENDING_DDL);
}

/**
 * Version 1 → 2 → 3. Each step adds a nullable column, which rewrites no rows, so this is instant on
 * any size. Rows written before version 2 are not pending (the embedded index committed with them);
 * rows written before version 3 have no document hash, and a write hashes their document instead.
 */
function upgrade(db: Database, from: number): void {
  db.transaction(() => {
    if (from < 2)
      for (const table of ['records', 'tombstones']) addColumn(db, table, 'index_pending INTEGER');
    if (from < 3) addColumn(db, 'records', 'document_hash TEXT');
    db.prepare(`UPDATE store_meta SET value = ? WHERE key = 'schema_version'`).run(
      String(STORE_SCHEMA_VERSION),
    );
  })();
}

/** `CREATE TABLE IF NOT EXISTS` above made a new table with every column; an old one gains it. */
function addColumn(db: Database, table: string, column: string): void {
  const name = column.split(' ')[0];
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (!columns.some((c) => c.name === name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column}`);
}
