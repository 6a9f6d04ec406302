import type { Database, Statement } from 'better-sqlite3';
import { availabilityTerms, hasCopies } from '../common/document-rows';
import type { AvailabilityEntry, IndexedDocument, PreparedDocument } from '../port';
import { pushTerms, rowsFor, TERM_WIDTH, withAvailability, type IndexRows } from './index-rows';
import { FTS_COLUMNS } from './schema';
import { AVAILABILITY_CODES, fieldCodeOf, YEAR_FIELD_CODE } from './term-fields';
import { decodeTerms, encodeTerms } from './term-list';

/** What writeTerms needs of a document's rows: its terms, five values each. */
type TermRows = Pick<IndexRows, 'terms'>;

const POSTINGS_PER_STATEMENT = 64;

/**
 * Writes documents into every search table. Statements are prepared once; a batch runs in one
 * transaction unless the caller (the ingest, writing store and index together) already holds one.
 * An upsert keeps the document's rowid, so the FTS row is replaced in place. Terms are never
 * deleted: an unused one costs a row and is skipped by facets and browse, which join postings.
 * Terms and postings of a whole call are written together at its end: one existence probe for all
 * the call's terms instead of an insert attempt per term and document.
 */
export class IndexWriter {
  private readonly q: ReturnType<typeof prepare>;
  /** Bumped on every write, so cached answers (unfiltered facet counts) know they are stale. */
  generation = 0;

  constructor(private readonly db: Database) {
    this.q = prepare(db);
  }

  /** `prepared[i]`: rows made ahead of time for exactly `documents[i]` (index-rows.ts). */
  upsert(
    documents: readonly Readonly<IndexedDocument>[],
    prepared: readonly (PreparedDocument | undefined)[] = [],
  ): void {
    this.inTransaction(() => {
      const rowids = this.rowidsOf(documents.map((d) => d.id));
      const pending = new Map<number, TermRows>();
      for (const [i, doc] of documents.entries()) {
        // A record that asks to be deleted is not searchable: upserting it removes it.
        if (doc.deleted) {
          const rowid = this.removeOne(doc.id, rowids);
          if (rowid !== undefined) pending.delete(rowid);
        } else {
          const rows = withAvailability(rowsFor(doc, prepared[i]), doc.availability);
          pending.set(this.writeOne(rows, rowids), rows);
        }
      }
      this.writeTerms(pending);
    });
  }

  /**
   * Replaces the availability column and terms of documents already here, leaving the rest of
   * their rows alone: their term list keeps every other term, and only the postings of the
   * availability fields are deleted and written again.
   */
  setAvailability(entries: readonly AvailabilityEntry[]): void {
    this.inTransaction(() => {
      const rowids = this.rowidsOf(entries.map((e) => e.id));
      const pending = new Map<number, TermRows>();
      for (const { id, availability } of entries) {
        const rowid = rowids.get(id);
        if (rowid === undefined) continue;
        const json = hasCopies(availability) ? JSON.stringify(availability) : null;
        const stored = this.q.findAvailability.get(rowid) as {
          availability: string | null;
          terms: Buffer | null;
        };
        // Unchanged (a load that gave the same copies again): nothing to write.
        if (stored.availability === json) continue;
        const ids: number[] = [];
        for (const term of stored.terms ? decodeTerms(stored.terms) : []) {
          const field = fieldCodeOf(term);
          if (!AVAILABILITY_CODES.has(field)) ids.push(term);
          else this.q.deletePosting.run(field, term, rowid);
        }
        const terms: (string | number | null)[] = [];
        pushTerms(availabilityTerms(availability), terms, ids);
        this.q.insertDocTerms.run(rowid, encodeTerms(ids));
        this.q.updateAvailability.run(json, rowid);
        pending.set(rowid, { terms });
      }
      this.writeTerms(pending);
    });
  }

  remove(ids: readonly string[]): void {
    this.inTransaction(() => {
      const rowids = this.rowidsOf(ids);
      for (const id of ids) this.removeOne(id, rowids);
    });
  }

  /** Rowids of the documents already indexed, for a whole call at once; kept current as it writes. */
  private rowidsOf(ids: readonly string[]): Map<string, number> {
    // A lone surrogate would not survive SQLite's JSON as it survives binding: such ids go one by one.
    const odd = ids.filter((id) => /[\ud800-\udfff]/.test(id));
    const rows = this.q.rowidsIn.all(JSON.stringify(ids.filter((id) => !odd.includes(id)))) as {
      id: string;
      rowid: number;
    }[];
    const rowids = new Map(rows.map((r) => [r.id, r.rowid]));
    for (const id of odd) {
      const rowid = this.q.findRowid.get(id) as number | undefined;
      if (rowid !== undefined) rowids.set(id, rowid);
    }
    return rowids;
  }

  private inTransaction(work: () => void): void {
    this.generation += 1;
    if (this.db.inTransaction) work();
    else this.db.transaction(work)();
  }

  /** The document's row, FTS row and term list; its postings wait for `writeTerms`. */
  private writeOne(rows: IndexRows, rowids: Map<string, number>): number {
    const existing = rowids.get(rows.id);
    if (existing === undefined) {
      const rowid = Number(this.q.insertDoc.run(rows.id, ...rows.doc).lastInsertRowid);
      this.q.insertFts.run(rowid, ...rows.fts);
      this.q.insertDocTerms.run(rowid, rows.termList);
      rowids.set(rows.id, rowid);
      return rowid;
    }
    this.q.updateDoc.run(...rows.doc, existing);
    this.deletePostings(existing);
    this.q.upsertFts.run(existing, ...rows.fts);
    this.q.insertDocTerms.run(existing, rows.termList);
    return existing;
  }

  /** New terms (first value seen wins, as the per-document insert-or-ignore did), then postings. */
  private writeTerms(pending: Map<number, TermRows>): void {
    const first = new Map<number, number>(); // term id → position in its rows' terms
    const owner = new Map<number, TermRows>();
    const postings: number[] = [];
    for (const [rowid, rows] of pending) {
      for (let i = 0; i < rows.terms.length; i += TERM_WIDTH) {
        const id = rows.terms[i] as number;
        postings.push(rows.terms[i + 1] as number, id, rowid);
        if (!first.has(id)) {
          first.set(id, i);
          owner.set(id, rows);
        }
      }
    }
    const missing = this.q.missingTerms.all(JSON.stringify([...first.keys()])) as number[];
    for (const id of missing) {
      const t = owner.get(id)!.terms;
      const i = first.get(id)!;
      this.q.insertTerm.run(id, t[i + 1], t[i + 2], t[i + 3], t[i + 4]);
    }
    this.insertPostings(postings);
  }

  /** Many rows per statement: a posting is three integers, so the per-call cost would dominate. */
  private insertPostings(flat: number[]): void {
    const width = POSTINGS_PER_STATEMENT * 3;
    let at = 0;
    for (; at + width <= flat.length; at += width) this.q.insertPostings.run(flat.slice(at, at + width));
    for (; at < flat.length; at += 3) this.q.insertPosting.run(flat[at], flat[at + 1], flat[at + 2]);
  }

  private deletePostings(rowid: number): void {
    const terms = this.q.findDocTerms.get(rowid) as Buffer | undefined;
    if (!terms) return;
    for (const id of decodeTerms(terms)) {
      const field = fieldCodeOf(id);
      if (field !== YEAR_FIELD_CODE) this.q.deletePosting.run(field, id, rowid);
    }
    this.q.deleteDocTerms.run(rowid);
  }

  private removeOne(id: string, rowids: Map<string, number>): number | undefined {
    const rowid = rowids.get(id);
    if (rowid === undefined) return undefined;
    this.q.deleteFts.run(rowid);
    this.deletePostings(rowid);
    this.q.deleteDoc.run(rowid);
    rowids.delete(id);
    return rowid;
  }
}

function prepare(db: Database) {
  const s = (sql: string): Statement => db.prepare(sql);
  const columns = FTS_COLUMNS.join(', ');
  const marks = FTS_COLUMNS.map(() => '?').join(', ');
  return {
    findRowid: s('SELECT rowid FROM search_docs WHERE id = ?').pluck(),
    rowidsIn: s('SELECT id, rowid FROM search_docs WHERE id IN (SELECT value FROM json_each(?))'),
    insertDoc: s(
      `INSERT INTO search_docs(id, control_number, year, title_key, author_key, call_key, display, texts,
         availability) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateDoc: s(
      `UPDATE search_docs SET control_number = ?, year = ?, title_key = ?, author_key = ?, call_key = ?,
         display = ?, texts = ?, availability = ? WHERE rowid = ?`,
    ),
    updateAvailability: s('UPDATE search_docs SET availability = ? WHERE rowid = ?'),
    findAvailability: s(
      `SELECT d.availability, x.terms FROM search_docs d LEFT JOIN search_doc_terms x ON x.rowid = d.rowid
       WHERE d.rowid = ?`,
    ),
    deleteDoc: s('DELETE FROM search_docs WHERE rowid = ?'),
    insertFts: s(`INSERT INTO fts_docs(rowid, ${columns}) VALUES (?, ${marks})`),
    upsertFts: s(`INSERT OR REPLACE INTO fts_docs(rowid, ${columns}) VALUES (?, ${marks})`),
    deleteFts: s('DELETE FROM fts_docs WHERE rowid = ?'),
    missingTerms: s(
      'SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM search_terms)',
    ).pluck(),
    insertTerm: s('INSERT OR IGNORE INTO search_terms(id, field, value, key, scheme) VALUES (?, ?, ?, ?, ?)'),
    insertPosting: s('INSERT OR IGNORE INTO search_postings(field, term_id, doc_rowid) VALUES (?, ?, ?)'),
    insertPostings: s(
      `INSERT OR IGNORE INTO search_postings(field, term_id, doc_rowid) VALUES ${Array<string>(POSTINGS_PER_STATEMENT).fill('(?, ?, ?)').join(', ')}`,
    ),
    deletePosting: s('DELETE FROM search_postings WHERE field = ? AND term_id = ? AND doc_rowid = ?'),
    insertDocTerms: s('INSERT OR REPLACE INTO search_doc_terms(rowid, terms) VALUES (?, ?)'),
    findDocTerms: s('SELECT terms FROM search_doc_terms WHERE rowid = ?').pluck(),
    deleteDocTerms: s('DELETE FROM search_doc_terms WHERE rowid = ?'),
  };
}
