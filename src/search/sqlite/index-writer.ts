import type { Database, Statement } from 'better-sqlite3';
import type { CatalogDocument } from '../../domain/catalog-document';
import { documentRows, type DocumentRows } from './document-rows';
import { FTS_COLUMNS } from './schema';
import { fieldCodeOf, termFieldCode, termId, YEAR_FIELD_CODE, yearTermId } from './term-fields';
import { decodeTerms, encodeTerms } from './term-list';

/**
 * Writes documents into every search table. Statements are prepared once; a batch runs in one
 * transaction unless the caller (the ingest, writing store and index together) already holds one.
 * An upsert keeps the document's rowid, so the FTS row is replaced in place. Terms are never
 * deleted: an unused one costs a row and is skipped by facets and browse, which join postings.
 */
export class IndexWriter {
  private readonly findRowid: Statement<[string], { rowid: number }>;
  private readonly insertDoc: Statement;
  private readonly updateDoc: Statement;
  private readonly deleteDoc: Statement;
  private readonly upsertFts: Statement;
  private readonly deleteFts: Statement;
  private readonly insertTerm: Statement;
  private readonly insertPosting: Statement;
  private readonly deletePosting: Statement;
  private readonly upsertDocTerms: Statement;
  private readonly findDocTerms: Statement<[number], Buffer>;
  private readonly deleteDocTerms: Statement;
  /**
   * Term ids written during the current call. Not kept across calls: a caller's transaction may
   * roll back after we return, taking new terms with it.
   */
  private readonly written = new Set<number>();
  /** Bumped on every write, so cached answers (unfiltered facet counts) know they are stale. */
  generation = 0;

  constructor(private readonly db: Database) {
    this.findRowid = db.prepare('SELECT rowid FROM search_docs WHERE id = ?');
    this.insertDoc = db.prepare(
      `INSERT INTO search_docs(id, control_number, year, title_key, author_key, call_key, display, texts)
       VALUES (@id, @controlNumber, @year, @titleKey, @authorKey, @callKey, @display, @texts)`,
    );
    this.updateDoc = db.prepare(
      `UPDATE search_docs SET control_number = @controlNumber, year = @year, title_key = @titleKey,
         author_key = @authorKey, call_key = @callKey, display = @display, texts = @texts
       WHERE rowid = @rowid`,
    );
    this.deleteDoc = db.prepare('DELETE FROM search_docs WHERE rowid = ?');
    const columns = FTS_COLUMNS.join(', ');
    const marks = FTS_COLUMNS.map((c) => `@${c}`).join(', ');
    this.upsertFts = db.prepare(
      `INSERT OR REPLACE INTO fts_docs(rowid, ${columns}) VALUES (@rowid, ${marks})`,
    );
    this.deleteFts = db.prepare('DELETE FROM fts_docs WHERE rowid = ?');
    this.insertTerm = db.prepare(
      'INSERT OR IGNORE INTO search_terms(id, field, value, key, scheme) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertPosting = db.prepare(
      'INSERT OR IGNORE INTO search_postings(field, term_id, doc_rowid) VALUES (?, ?, ?)',
    );
    this.deletePosting = db.prepare(
      'DELETE FROM search_postings WHERE field = ? AND term_id = ? AND doc_rowid = ?',
    );
    this.upsertDocTerms = db.prepare('INSERT OR REPLACE INTO search_doc_terms(rowid, terms) VALUES (?, ?)');
    this.findDocTerms = db.prepare('SELECT terms FROM search_doc_terms WHERE rowid = ?').pluck() as Statement<
      [number],
      Buffer
    >;
    this.deleteDocTerms = db.prepare('DELETE FROM search_doc_terms WHERE rowid = ?');
  }

  upsert(documents: readonly CatalogDocument[]): void {
    this.inTransaction(() => {
      for (const doc of documents) {
        // A record that asks to be deleted is not searchable: upserting it removes it.
        if (doc.deleted) this.removeOne(doc.id);
        else this.writeOne(documentRows(doc));
      }
    });
  }

  remove(ids: readonly string[]): void {
    this.inTransaction(() => {
      for (const id of ids) this.removeOne(id);
    });
  }

  private inTransaction(work: () => void): void {
    this.generation += 1;
    try {
      if (this.db.inTransaction) work();
      else this.db.transaction(work)();
    } finally {
      this.written.clear();
    }
  }

  private writeOne(rows: DocumentRows): void {
    const existing = this.findRowid.get(rows.id)?.rowid;
    const values = {
      id: rows.id,
      controlNumber: rows.controlNumber ?? null,
      year: rows.year ?? null,
      titleKey: rows.titleKey ?? null,
      authorKey: rows.authorKey ?? null,
      callKey: rows.callKey ?? null,
      display: JSON.stringify(rows.display),
      texts: JSON.stringify(rows.texts),
    };
    let rowid: number;
    if (existing === undefined) {
      rowid = Number(this.insertDoc.run(values).lastInsertRowid);
    } else {
      rowid = existing;
      this.updateDoc.run({ ...values, rowid });
      this.deletePostings(rowid);
    }
    this.upsertFts.run({ rowid, ...rows.fts });
    const ids = new Set<number>();
    for (const term of rows.terms) {
      const id = termId(term.field, term.value);
      const field = termFieldCode(term.field);
      if (!this.written.has(id)) {
        this.insertTerm.run(id, field, term.value, term.key, term.scheme ?? null);
        this.written.add(id);
      }
      if (!ids.has(id)) this.insertPosting.run(field, id, rowid);
      ids.add(id);
    }
    if (rows.year !== undefined && rows.year > 0) ids.add(yearTermId(rows.year));
    this.upsertDocTerms.run(rowid, encodeTerms([...ids]));
  }

  private deletePostings(rowid: number): void {
    const terms = this.findDocTerms.get(rowid);
    if (!terms) return;
    for (const id of decodeTerms(terms)) {
      const field = fieldCodeOf(id);
      if (field !== YEAR_FIELD_CODE) this.deletePosting.run(field, id, rowid);
    }
    this.deleteDocTerms.run(rowid);
  }

  private removeOne(id: string): void {
    const rowid = this.findRowid.get(id)?.rowid;
    if (rowid === undefined) return;
    this.deleteFts.run(rowid);
    this.deletePostings(rowid);
    this.deleteDoc.run(rowid);
  }
}
