import type { Database } from 'better-sqlite3';

/**
 * Circulation's tables, in the catalog's own file so that an operation, its items and its intent
 * commit in one transaction. Their own schema version (in `circulation_meta`), so they migrate
 * apart from the record and item stores'. Each row keeps the whole value as JSON, which is what
 * reads return; the columns beside it are copies (circulation-rows.ts) of what is looked up,
 * filtered and ordered by. `item_key` is the item's barcodeKey (trimmed, case-folded).
 */
export const CIRCULATION_SCHEMA_VERSION = 1;

/** The statuses of a hold still in its queue: the partial index and the queries say them alike. */
export const ACTIVE_STATUSES_SQL = `status IN ('waiting', 'in-transit', 'on-hold-shelf')`;

const DDL = `
CREATE TABLE IF NOT EXISTS closed_loans (
  id TEXT PRIMARY KEY,
  item_key TEXT NOT NULL,
  patron_id TEXT,
  returned_at TEXT NOT NULL,
  loan TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS closed_loans_patron ON closed_loans(patron_id, returned_at, id) WHERE patron_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS closed_loans_item ON closed_loans(item_key, returned_at, id);
CREATE TABLE IF NOT EXISTS holds (
  id TEXT PRIMARY KEY,
  record_id TEXT NOT NULL,
  item_key TEXT,
  patron_id TEXT,
  status TEXT NOT NULL,
  placed_at TEXT NOT NULL,
  shelf_expires_at TEXT,
  not_needed_after TEXT,
  version INTEGER NOT NULL,
  hold TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS holds_queue ON holds(record_id, placed_at, id) WHERE ${ACTIVE_STATUSES_SQL};
CREATE INDEX IF NOT EXISTS holds_patron ON holds(patron_id, placed_at, id) WHERE patron_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS holds_shelf_expiry ON holds(shelf_expires_at) WHERE status = 'on-hold-shelf';
CREATE INDEX IF NOT EXISTS holds_not_needed ON holds(not_needed_after) WHERE status = 'waiting';
CREATE TABLE IF NOT EXISTS circulation_events (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  patron_id TEXT,
  item_key TEXT,
  loan_id TEXT,
  kind TEXT NOT NULL,
  event TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS circulation_events_at ON circulation_events(at, id);
CREATE INDEX IF NOT EXISTS circulation_events_patron ON circulation_events(patron_id, at, id) WHERE patron_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS circulation_events_item ON circulation_events(item_key, at, id) WHERE item_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS circulation_events_loan ON circulation_events(loan_id, at, id) WHERE loan_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS circulation_intents (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  intent TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS circulation_intents_started ON circulation_intents(started_at, id);
CREATE TABLE IF NOT EXISTS circulation_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * One active hold per patron per record, kept by the file rather than by the service's read, which
 * two processes writing the file could both pass. NULLs are distinct: unlinked holds never clash.
 */
const ACTIVE_HOLD_INDEX = `CREATE UNIQUE INDEX IF NOT EXISTS holds_active_patron ON holds(patron_id, record_id) WHERE ${ACTIVE_STATUSES_SQL}`;

/**
 * Two active holds of one patron on one record, which two processes could place before the index
 * existed: the index cannot be made over them, so it waits (the service's read, inside each
 * operation's transaction, still refuses a new one) until one of them has ended. Made on every
 * writable open, so no schema version moves: a Stacks without it reads and writes the file alike.
 */
function makeActiveHoldIndex(db: Database): void {
  const twins = db
    .prepare(
      `SELECT 1 FROM holds WHERE ${ACTIVE_STATUSES_SQL} AND patron_id IS NOT NULL
       GROUP BY patron_id, record_id HAVING count(*) > 1 LIMIT 1`,
    )
    .get();
  if (!twins) db.exec(ACTIVE_HOLD_INDEX);
}

/**
 * Creates the tables on first use and refuses tables a newer Stacks made. A read-only connection
 * creates nothing: on a catalog without them, circulation calls fail with `store_unavailable`.
 */
export function migrateCirculation(db: Database): void {
  if (db.readonly && !hasCirculationTables(db)) return;
  if (!db.readonly) {
    db.exec(DDL);
    makeActiveHoldIndex(db);
  }
  const row = db.prepare(`SELECT value FROM circulation_meta WHERE key = 'schema_version'`).get() as
    { value: string } | undefined;
  if (!row) {
    if (!db.readonly)
      db.prepare(`INSERT INTO circulation_meta (key, value) VALUES ('schema_version', ?)`).run(
        String(CIRCULATION_SCHEMA_VERSION),
      );
  } else if (Number(row.value) > CIRCULATION_SCHEMA_VERSION) {
    throw new Error(
      `circulation tables schema version ${row.value} is newer than this Stacks (${CIRCULATION_SCHEMA_VERSION}); upgrade Stacks`,
    );
  }
}

/** Whether a file has the circulation tables (a catalog made before circulation has not). */
export function hasCirculationTables(db: Database): boolean {
  return (
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'circulation_meta'`).get() !==
    undefined
  );
}
