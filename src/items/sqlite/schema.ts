import type { Database } from 'better-sqlite3';
import type { Item } from '../../domain/items/item';
import { loanColumns } from './item-rows';

/**
 * The item store's tables, in the catalog's own file so that one transaction covers a record, its
 * index rows and its items. Their own schema version (in `items_meta`), so they migrate apart from
 * the record store's. Each row keeps the whole item as JSON (`item`), which is what reads return;
 * the columns beside it are copies, written from the same item by the same function
 * (item-rows.ts), of what is looked up, filtered and ordered by.
 *
 * Version 2: `items_status` holds only items not `available`. Nearly every item a load writes is
 * available, and its shelf-ordered key made each load's inserts land all over that index; a list
 * of available items walks `items_shelf` instead, on which they are the great majority.
 *
 * Version 3: the open loan's patron, due key (loan-order.ts) and library as columns (NULL on an
 * item not on loan), for circulation's lists: a patron's loans, overdue and due-soon items. Their
 * indexes are partial, over items on loan only, so a load's inserts of items on the shelf (which
 * leave the columns NULL) write nothing to them. The due and library indexes take every loan (every
 * loan has a due instant), the patron index those still linked to a patron.
 */
export const ITEMS_SCHEMA_VERSION = 3;

const DDL = `
CREATE TABLE IF NOT EXISTS items (
  rowid INTEGER PRIMARY KEY,
  barcode_key TEXT NOT NULL UNIQUE,
  record_id TEXT NOT NULL,
  library TEXT NOT NULL,
  shelf TEXT NOT NULL,
  shelf_key TEXT NOT NULL,
  status TEXT NOT NULL,
  item_type TEXT NOT NULL,
  version INTEGER NOT NULL,
  item TEXT NOT NULL,
  loan_patron TEXT,
  loan_due TEXT,
  loan_library TEXT
);
CREATE INDEX IF NOT EXISTS items_record ON items(record_id);
CREATE INDEX IF NOT EXISTS items_shelf ON items(library, shelf, shelf_key, barcode_key);
CREATE INDEX IF NOT EXISTS items_status ON items(status, library, shelf, shelf_key, barcode_key) WHERE status <> 'available';
CREATE TABLE IF NOT EXISTS holdings (
  id TEXT PRIMARY KEY,
  record_id TEXT,
  links_to TEXT,
  source TEXT NOT NULL,
  holding TEXT NOT NULL
);
-- The open loan by its id (withLoan): an expression over the item's JSON, so every version of the
-- table has it and every write keeps it, with no column to fill and no schema version to move.
CREATE INDEX IF NOT EXISTS items_loan_id ON items(json_extract(item, '$.loan.id')) WHERE json_extract(item, '$.loan.id') IS NOT NULL;
CREATE INDEX IF NOT EXISTS holdings_record ON holdings(record_id, source);
CREATE INDEX IF NOT EXISTS holdings_unlinked ON holdings(links_to) WHERE record_id IS NULL;
CREATE TABLE IF NOT EXISTS items_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Apart from DDL: on a version 2 table they can be made only once the upgrade added their columns. */
const LOAN_INDEXES = `
CREATE INDEX IF NOT EXISTS items_loan_patron ON items(loan_patron, loan_due, barcode_key) WHERE loan_patron IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_loan_due ON items(loan_due, barcode_key) WHERE loan_due IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_loan_library ON items(loan_library, loan_due, barcode_key) WHERE loan_due IS NOT NULL;
`;

/**
 * Creates the tables on first use and refuses tables a newer Stacks made. A read-only connection
 * (a read-pool worker) creates nothing: on a catalog without items its item calls fail with
 * `store_unavailable`, and no worker reads items today.
 */
export function migrateItems(db: Database): void {
  if (db.readonly && !hasItemTables(db)) return;
  if (!db.readonly) db.exec(DDL);
  const row = db.prepare(`SELECT value FROM items_meta WHERE key = 'schema_version'`).get() as
    { value: string } | undefined;
  if (!row) {
    if (db.readonly) return;
    db.exec(LOAN_INDEXES);
    db.prepare(`INSERT INTO items_meta (key, value) VALUES ('schema_version', ?)`).run(
      String(ITEMS_SCHEMA_VERSION),
    );
  } else if (Number(row.value) < ITEMS_SCHEMA_VERSION && !db.readonly) {
    upgradeItems(db, Number(row.value));
  } else if (Number(row.value) > ITEMS_SCHEMA_VERSION) {
    throw new Error(
      `item tables schema version ${row.value} is newer than this Stacks (${ITEMS_SCHEMA_VERSION}); upgrade Stacks`,
    );
  }
}

/**
 * Version 1 → 2: the status index made partial (the DDL above). 2 → 3: the loan columns added,
 * filled from each item's JSON by the function every write uses, and indexed. One transaction.
 */
function upgradeItems(db: Database, from: number): void {
  db.transaction(() => {
    if (from < 2) {
      db.exec(`DROP INDEX IF EXISTS items_status`);
      db.exec(DDL);
    }
    if (from < 3) {
      // A file whose version was set back by hand may have them already.
      const has = new Set((db.pragma('table_info(items)') as { name: string }[]).map((c) => c.name));
      for (const column of ['loan_patron', 'loan_due', 'loan_library'])
        if (!has.has(column)) db.exec(`ALTER TABLE items ADD COLUMN ${column} TEXT`);
      fillLoanColumns(db);
      db.exec(LOAN_INDEXES);
    }
    db.prepare(`UPDATE items_meta SET value = ? WHERE key = 'schema_version'`).run(
      String(ITEMS_SCHEMA_VERSION),
    );
  })();
}

/** Items made before loans lived on items hold none; any that does gets its columns. */
function fillLoanColumns(db: Database): void {
  const rows = db
    .prepare(`SELECT barcode_key, item FROM items WHERE json_extract(item, '$.loan') IS NOT NULL`)
    .all() as { barcode_key: string; item: string }[];
  const fill = db.prepare(
    `UPDATE items SET loan_patron = @loan_patron, loan_due = @loan_due, loan_library = @loan_library
     WHERE barcode_key = @barcode_key`,
  );
  for (const row of rows)
    fill.run({ barcode_key: row.barcode_key, ...loanColumns(JSON.parse(row.item) as Item) });
}

/** Whether a file has the item tables (a catalog made before items has not). */
export function hasItemTables(db: Database): boolean {
  return (
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'items_meta'`).get() !== undefined
  );
}

/** Whether the item tables are there at this Stacks' schema version: what a read-only connection needs. */
export function itemTablesCurrent(db: Database): boolean {
  if (!hasItemTables(db)) return false;
  const row = db.prepare(`SELECT value FROM items_meta WHERE key = 'schema_version'`).get() as
    { value: string } | undefined;
  return row !== undefined && Number(row.value) === ITEMS_SCHEMA_VERSION;
}
