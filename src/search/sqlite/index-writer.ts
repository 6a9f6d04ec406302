import type { Database, Statement } from 'better-sqlite3';
import type { CatalogDocument } from '../../domain/catalog-document';
import type { FacetField } from '../port';
import { documentRows, type DocumentRows } from './document-rows';
import { facetFieldCode } from './facet-codes';
import { FTS_COLUMNS } from './schema';

/**
 * Writes documents into every search table. Statements are prepared once; a batch runs in one
 * transaction unless the caller (the ingest, writing store and index together) already holds one.
 * An upsert keeps the document's rowid, so the FTS row is replaced in place.
 */
export class IndexWriter {
  private readonly findRowid: Statement<[string], { rowid: number }>;
  private readonly insertDoc: Statement;
  private readonly updateDoc: Statement;
  private readonly deleteDoc: Statement;
  private readonly upsertFts: Statement;
  private readonly deleteFts: Statement;
  private readonly insertIdentifier: Statement;
  private readonly deleteIdentifiers: Statement;
  private readonly insertFacetValue: Statement;
  private readonly findFacetValue: Statement<[number, string], { id: number }>;
  private readonly insertFacet: Statement;
  private readonly deleteFacets: Statement;
  private readonly insertBrowse: Statement;
  private readonly deleteBrowse: Statement;
  /**
   * Facet value ids seen during the current call. Not kept across calls: a caller's transaction
   * may roll back after we return, taking newly interned values with it.
   */
  private readonly valueIds = new Map<string, number>();
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
    this.insertIdentifier = db.prepare(
      'INSERT OR IGNORE INTO search_identifiers(kind, value, doc_rowid) VALUES (?, ?, ?)',
    );
    this.deleteIdentifiers = db.prepare('DELETE FROM search_identifiers WHERE doc_rowid = ?');
    this.insertFacetValue = db.prepare(
      'INSERT OR IGNORE INTO search_facet_values(field, value) VALUES (?, ?)',
    );
    this.findFacetValue = db.prepare('SELECT id FROM search_facet_values WHERE field = ? AND value = ?');
    this.insertFacet = db.prepare(
      'INSERT OR IGNORE INTO search_facets(doc_rowid, field, value_id) VALUES (?, ?, ?)',
    );
    this.deleteFacets = db.prepare('DELETE FROM search_facets WHERE doc_rowid = ?');
    this.insertBrowse = db.prepare(
      'INSERT OR IGNORE INTO search_browse(idx, key, doc_rowid, heading, scheme) VALUES (?, ?, ?, ?, ?)',
    );
    this.deleteBrowse = db.prepare('DELETE FROM search_browse WHERE doc_rowid = ?');
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
      this.valueIds.clear();
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
      this.deleteChildren(rowid);
    }
    this.upsertFts.run({ rowid, ...rows.fts });
    for (const { kind, value } of rows.identifiers) this.insertIdentifier.run(kind, value, rowid);
    for (const { field, value } of rows.facets)
      this.insertFacet.run(rowid, facetFieldCode(field), this.valueId(field, value));
    for (const b of rows.browse) this.insertBrowse.run(b.idx, b.key, rowid, b.heading, b.scheme ?? null);
  }

  private removeOne(id: string): void {
    const rowid = this.findRowid.get(id)?.rowid;
    if (rowid === undefined) return;
    this.deleteFts.run(rowid);
    this.deleteChildren(rowid);
    this.deleteDoc.run(rowid);
  }

  private deleteChildren(rowid: number): void {
    this.deleteIdentifiers.run(rowid);
    this.deleteFacets.run(rowid);
    this.deleteBrowse.run(rowid);
  }

  private valueId(field: FacetField, value: string): number {
    const code = facetFieldCode(field);
    // The column compares NOCASE (ASCII only), so "Book" and "book" share an id; the key folds alike.
    const cacheKey = `${code}\u0000${value.replace(/[A-Z]/g, (c) => c.toLowerCase())}`;
    const cached = this.valueIds.get(cacheKey);
    if (cached !== undefined) return cached;
    const inserted = this.insertFacetValue.run(code, value);
    const id =
      inserted.changes > 0
        ? Number(inserted.lastInsertRowid)
        : (this.findFacetValue.get(code, value) as { id: number }).id;
    this.valueIds.set(cacheKey, id);
    return id;
  }
}
