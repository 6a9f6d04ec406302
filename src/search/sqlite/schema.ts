import type { Database } from 'better-sqlite3';
import { AppError } from '../../errors/app-error';

/**
 * The search tables, prefixed `search_`/`fts_` so they can share one file with the record store.
 * Bump SCHEMA_VERSION whenever a table, the folding or the FTS columns change: the index is derived
 * data, so an old one is refused (reindex) rather than silently answering differently.
 */
export const SCHEMA_VERSION = 1;

/** FTS5 columns in declaration order; bm25 weights below follow the same order. */
export const FTS_COLUMNS = ['title', 'author', 'subject', 'series', 'publisher', 'other'] as const;
export type FtsColumn = (typeof FTS_COLUMNS)[number];

/** title > author > subject > the rest. */
export const FTS_WEIGHTS: Readonly<Record<FtsColumn, number>> = {
  title: 10,
  author: 5,
  subject: 3,
  series: 1,
  publisher: 1,
  other: 1,
};

const DDL = `
CREATE TABLE IF NOT EXISTS search_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per indexed document. The rowid is the key every other search table points at.
-- display: the JSON a hit is built from (no record-store read); texts: original field text for
-- highlighting. *_key columns are the sort keys (NULL when the document has none).
CREATE TABLE IF NOT EXISTS search_docs (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  control_number TEXT,
  year INTEGER,
  title_key TEXT,
  author_key TEXT,
  call_key TEXT,
  display TEXT NOT NULL,
  texts TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_docs_year ON search_docs(year);

-- Contentless (the folded text is only needed for matching) yet deletable, so an upsert can
-- replace a row in place. detail=full keeps positions for phrases (and CJK substrings).
CREATE VIRTUAL TABLE IF NOT EXISTS fts_docs USING fts5(
  ${FTS_COLUMNS.join(', ')},
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

-- Exact identifier look-ups: normalised values only (isbn 10 and 13, issn, lccn, oclc, id,
-- compact call number for left-anchored prefix search).
CREATE TABLE IF NOT EXISTS search_identifiers (
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  doc_rowid INTEGER NOT NULL,
  PRIMARY KEY (kind, value, doc_rowid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS search_identifiers_doc ON search_identifiers(doc_rowid);

-- Facet values are interned: counting groups small integers, and a value's text is stored once.
CREATE TABLE IF NOT EXISTS search_facet_values (
  id INTEGER PRIMARY KEY,
  field INTEGER NOT NULL,
  value TEXT NOT NULL COLLATE NOCASE,
  UNIQUE (field, value)
);
CREATE TABLE IF NOT EXISTS search_facets (
  doc_rowid INTEGER NOT NULL,
  field INTEGER NOT NULL,
  value_id INTEGER NOT NULL,
  PRIMARY KEY (doc_rowid, field, value_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS search_facets_value ON search_facets(field, value_id);

-- Browse indexes: one row per (index, key, document); entries are the distinct keys.
CREATE TABLE IF NOT EXISTS search_browse (
  idx TEXT NOT NULL,
  key TEXT NOT NULL,
  doc_rowid INTEGER NOT NULL,
  heading TEXT NOT NULL,
  scheme TEXT,
  PRIMARY KEY (idx, key, doc_rowid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS search_browse_doc ON search_browse(doc_rowid);
`;

/** Creates the tables when missing; refuses an index written under another schema version. */
export function ensureSchema(db: Database): void {
  const hasMeta = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_meta'")
    .get();
  if (hasMeta) {
    const row = db.prepare("SELECT value FROM search_meta WHERE key = 'schema_version'").get() as
      { value: string } | undefined;
    if (row && Number(row.value) !== SCHEMA_VERSION) {
      throw new AppError(
        'search_index_version',
        `The search index has schema version ${row.value}; this build needs ${SCHEMA_VERSION}. Rebuild it (stacks reindex).`,
        { found: row.value, expected: SCHEMA_VERSION },
      );
    }
  }
  db.exec(DDL);
  db.prepare("INSERT OR IGNORE INTO search_meta(key, value) VALUES ('schema_version', ?)").run(
    String(SCHEMA_VERSION),
  );
}
