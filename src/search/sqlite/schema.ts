import type { Database } from 'better-sqlite3';
import { AppError } from '../../errors/app-error';
import { TEXT_FIELDS, TEXT_WEIGHTS } from '../common/text-fields';

/**
 * The search tables, prefixed `search_`/`fts_` so they can share one file with the record store.
 * Bump SCHEMA_VERSION whenever a table, the folding or the FTS columns change: the index is derived
 * data, so an old one is refused (reindex) rather than silently answering differently.
 */
export const SCHEMA_VERSION = 2;

/**
 * FTS5 columns in declaration order; bm25 weights below follow the same order. `ids` holds one
 * token per normalised identifier (`isbn9780306406157`, `lccnn79021164` …): exact look-ups ride
 * on the full-text index, whose batched segment writes cost far less than a B-tree row each.
 */
export const FTS_COLUMNS = [...TEXT_FIELDS, 'ids'] as const;
export type FtsColumn = (typeof FTS_COLUMNS)[number];

/** title > author > subject > the rest; identifiers rank by their own rule, not bm25. */
export const FTS_WEIGHTS: Readonly<Record<FtsColumn, number>> = { ...TEXT_WEIGHTS, ids: 0 };

const DDL = `
CREATE TABLE IF NOT EXISTS search_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per indexed document. The rowid is the key every other search table points at.
-- display: the JSON a hit is built from (no record-store read); texts: original field text for
-- highlighting. *_key columns are the sort keys (NULL when the document has none); title_key
-- is indexed for the title browse. availability: the copies' summary JSON a hit carries, NULL
-- for a record without copies.
CREATE TABLE IF NOT EXISTS search_docs (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  control_number TEXT,
  year INTEGER,
  title_key TEXT,
  author_key TEXT,
  call_key TEXT,
  display TEXT NOT NULL,
  texts TEXT NOT NULL,
  availability TEXT
);
CREATE INDEX IF NOT EXISTS search_docs_year ON search_docs(year);
CREATE INDEX IF NOT EXISTS search_docs_title ON search_docs(title_key);

-- Contentless (the folded text is only needed for matching) yet deletable, so an upsert can
-- replace a row in place. detail=full keeps positions for phrases (and CJK substrings); the
-- 3-character prefix index serves the usual \`hist*\`; shorter prefixes scan the term list.
CREATE VIRTUAL TABLE IF NOT EXISTS fts_docs USING fts5(
  ${FTS_COLUMNS.join(', ')},
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '3'
);

-- Interned values of facets and browse headings. id: a hash of field and value (term-fields.ts);
-- value: as first seen; key: the browse/sort key; scheme: call numbers only.
CREATE TABLE IF NOT EXISTS search_terms (
  id INTEGER PRIMARY KEY,
  field INTEGER NOT NULL,
  value TEXT NOT NULL,
  key TEXT NOT NULL,
  scheme TEXT
);
CREATE INDEX IF NOT EXISTS search_terms_key ON search_terms(field, key);

-- Which documents carry which terms, by term: filters, browse counts and whole-index facet counts.
CREATE TABLE IF NOT EXISTS search_postings (
  field INTEGER NOT NULL,
  term_id INTEGER NOT NULL,
  doc_rowid INTEGER NOT NULL,
  PRIMARY KEY (field, term_id, doc_rowid)
) WITHOUT ROWID;

-- Each document's term ids (and year pseudo-term) as little-endian float64s: facet counts over a
-- result read one row per hit and count in JS, and an update knows which postings to delete.
CREATE TABLE IF NOT EXISTS search_doc_terms (
  rowid INTEGER PRIMARY KEY,
  terms BLOB NOT NULL
);
`;

/**
 * Creates the tables when missing; refuses an index written under another schema version. An index
 * already at this version is left untouched, so a read-only connection can open it.
 */
export function ensureSchema(db: Database): void {
  const hasMeta = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_meta'")
    .get();
  const row = hasMeta
    ? (db.prepare("SELECT value FROM search_meta WHERE key = 'schema_version'").get() as
        { value: string } | undefined)
    : undefined;
  if (row && Number(row.value) === SCHEMA_VERSION) return;
  if (row && Number(row.value) === 1 && !db.readonly) return upgradeFromVersion1(db);
  if (row) {
    throw new AppError(
      'search_index_version',
      `The search index has schema version ${row.value}; this build needs ${SCHEMA_VERSION}. Rebuild it (stacks reindex).`,
      { found: row.value, expected: SCHEMA_VERSION },
    );
  }
  if (db.readonly) {
    throw new AppError('index_unavailable', `The read-only database ${db.name} holds no search index`, {
      database: db.name,
    });
  }
  db.exec(DDL);
  db.prepare("INSERT OR IGNORE INTO search_meta(key, value) VALUES ('schema_version', ?)").run(
    String(SCHEMA_VERSION),
  );
}

/**
 * Version 2 added `search_docs.availability` (issue 12). An index of version 1 was written before
 * items existed, so no record of it has copies: the new column, empty, is exactly right, and the
 * ALTER is instant. The availability terms (term-fields.ts) need no table change.
 */
function upgradeFromVersion1(db: Database): void {
  db.transaction(() => {
    db.exec('ALTER TABLE search_docs ADD COLUMN availability TEXT');
    db.prepare("UPDATE search_meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION));
  }).immediate();
}

/**
 * Drops every search table (a rebuild's first step, inside its transaction). Virtual tables go
 * first: dropping one drops its shadow tables (`fts_docs_data` …) with it.
 */
export function dropSearchTables(db: Database): void {
  const tables = (): { name: string; sql: string | null }[] =>
    db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'table'
         AND (name LIKE 'search\\_%' ESCAPE '\\' OR name LIKE 'fts\\_%' ESCAPE '\\')`,
      )
      .all() as { name: string; sql: string | null }[];
  for (const t of tables().filter((t) => t.sql?.startsWith('CREATE VIRTUAL TABLE')))
    db.exec(`DROP TABLE "${t.name}"`);
  for (const t of tables()) db.exec(`DROP TABLE "${t.name}"`);
}
