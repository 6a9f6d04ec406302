import { looksLikeDewey, looksLikeLc, shelfKey } from '../../domain/shelf-key';
import type { BrowseEntry, BrowseRequest, BrowseResponse } from '../port';
import { sortKey } from './fold';
import type { StatementCache } from './statement-cache';
import { validateBrowse } from './validate-request';

/**
 * The browse indexes: distinct keys in key order around an anchor. Entries at or after the anchor
 * are read forwards, entries before it backwards, both straight off the (idx, key, doc_rowid)
 * primary key, so a browse costs the entries it returns whatever the index size.
 */
const RECORDS_PER_CALL_NUMBER = 10;

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
    const scheme = request.index === 'callnumber' ? request.scheme : undefined;
    const earlier = before > 0 ? this.entries(request.index, anchor, scheme, before, 'before') : [];
    const later = after > 0 ? this.entries(request.index, anchor, scheme, after, 'after') : [];
    const rows = [...earlier.reverse(), ...later];
    const entries = rows.map((row) => this.entry(request.index, row));
    return { entries, anchor: earlier.length };
  }

  private entries(
    index: BrowseRequest['index'],
    anchor: string,
    scheme: 'lc' | 'dewey' | undefined,
    limit: number,
    side: 'before' | 'after',
  ): EntryRow[] {
    const compare = side === 'after' ? '>=' : '<';
    const order = side === 'after' ? 'ASC' : 'DESC';
    const schemeTest = scheme ? ' AND scheme = ?' : '';
    const sql =
      `SELECT key, min(heading) AS heading, count(*) AS count, min(scheme) AS scheme FROM search_browse ` +
      `WHERE idx = ? AND key ${compare} ?${schemeTest} GROUP BY key ORDER BY key ${order} LIMIT ?`;
    const params = scheme ? [index, anchor, scheme, limit] : [index, anchor, limit];
    return this.statements.get(sql).all(...params) as EntryRow[];
  }

  private entry(index: BrowseRequest['index'], row: EntryRow): BrowseEntry {
    const entry: BrowseEntry = { heading: row.heading, key: row.key, count: row.count };
    if (index !== 'callnumber') return entry;
    if (row.scheme) entry.scheme = row.scheme;
    const sql =
      'SELECT d.id, d.control_number AS controlNumber FROM search_browse b JOIN search_docs d ON d.rowid = b.doc_rowid ' +
      `WHERE b.idx = 'callnumber' AND b.key = ? ORDER BY d.id LIMIT ${RECORDS_PER_CALL_NUMBER}`;
    const records = this.statements.get(sql).all(row.key) as { id: string; controlNumber: string | null }[];
    entry.records = records.map((r) =>
      r.controlNumber === null ? { id: r.id } : { id: r.id, controlNumber: r.controlNumber },
    );
    return entry;
  }
}

/**
 * The anchor filed the way the index files its keys: folded text for headings, the shared shelf
 * key for call numbers (the scheme given, else LC when it looks like LC, Dewey when it looks like
 * Dewey, else LC, whose key files unrecognised text after every LC number).
 */
export function anchorKey(request: BrowseRequest): string {
  if (request.from.trim() === '') return '';
  if (request.index !== 'callnumber') return sortKey(request.from);
  const guess = looksLikeLc(request.from) || !looksLikeDewey(request.from) ? 'lc' : 'dewey';
  return shelfKey(request.from, request.scheme ?? guess);
}
