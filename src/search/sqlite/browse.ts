import type { BrowseEntry, BrowseIndex, BrowseRequest, BrowseResponse } from '../port';
import { anchorKey } from '../common/browse-anchor';
import type { StatementCache } from '../../connections/sqlite-kit/statement-cache';
import { termFieldCode, type TermField } from './term-fields';
import { validateBrowse } from '../common/validate-request';

/**
 * The browse indexes: distinct keys in key order around an anchor. Authors, subjects and call
 * numbers are terms, read along the (field, key) index and joined to their postings for counts;
 * titles are read along the search_docs title_key index. Entries at or after the anchor are read
 * forwards, entries before it backwards, so a browse costs the entries it returns.
 */
const RECORDS_PER_CALL_NUMBER = 10;
const TERM_FIELDS: Readonly<Record<Exclude<BrowseIndex, 'title'>, TermField>> = {
  author: 'author',
  subject: 'subjectHeading',
  callnumber: 'callNumber',
};

interface EntryRow {
  key: string;
  heading: string;
  count: number;
  scheme: 'lc' | 'dewey' | null;
}

export class BrowseReader {
  constructor(private readonly statements: StatementCache) {}

  browse(request: BrowseRequest): BrowseResponse {
    const { before, after } = validateBrowse(request);
    const anchor = anchorKey(request);
    const earlier = before > 0 ? this.entries(request, anchor, before, 'before') : [];
    const later = after > 0 ? this.entries(request, anchor, after, 'after') : [];
    const entries = [...earlier.reverse(), ...later].map((row) => this.entry(request.index, row));
    return { entries, anchor: earlier.length };
  }

  private entries(
    request: BrowseRequest,
    anchor: string,
    limit: number,
    side: 'before' | 'after',
  ): EntryRow[] {
    const compare = side === 'after' ? '>=' : '<';
    const order = side === 'after' ? 'ASC' : 'DESC';
    if (request.index === 'title') {
      const sql =
        "SELECT title_key AS key, min(json_extract(display, '$.title')) AS heading, count(*) AS count, NULL AS scheme " +
        `FROM search_docs WHERE title_key ${compare} ? GROUP BY title_key ORDER BY title_key ${order} LIMIT ?`;
      return this.statements.get(sql).all(anchor, limit) as EntryRow[];
    }
    const scheme = request.index === 'callnumber' ? request.scheme : undefined;
    const sql =
      'SELECT t.key, min(t.value) AS heading, count(DISTINCT p.doc_rowid) AS count, min(t.scheme) AS scheme ' +
      'FROM search_terms t CROSS JOIN search_postings p ON p.field = t.field AND p.term_id = t.id ' +
      `WHERE t.field = ? AND t.key ${compare} ?${scheme ? ' AND t.scheme = ?' : ''} ` +
      `GROUP BY t.key ORDER BY t.key ${order} LIMIT ?`;
    const field = termFieldCode(TERM_FIELDS[request.index]);
    const params = scheme ? [field, anchor, scheme, limit] : [field, anchor, limit];
    return this.statements.get(sql).all(...params) as EntryRow[];
  }

  private entry(index: BrowseIndex, row: EntryRow): BrowseEntry {
    const entry: BrowseEntry = { heading: row.heading, key: row.key, count: row.count };
    if (index !== 'callnumber') return entry;
    if (row.scheme) entry.scheme = row.scheme;
    const sql =
      'SELECT DISTINCT d.id, d.control_number AS controlNumber FROM search_terms t ' +
      'CROSS JOIN search_postings p ON p.field = t.field AND p.term_id = t.id CROSS JOIN search_docs d ON d.rowid = p.doc_rowid ' +
      `WHERE t.field = ? AND t.key = ? ORDER BY d.id LIMIT ${RECORDS_PER_CALL_NUMBER}`;
    const records = this.statements.get(sql).all(termFieldCode('callNumber'), row.key) as {
      id: string;
      controlNumber: string | null;
    }[];
    entry.records = records.map((r) =>
      r.controlNumber === null ? { id: r.id } : { id: r.id, controlNumber: r.controlNumber },
    );
    return entry;
  }
}
