import type { SortKey } from '../port';

/**
 * ORDER BY for each sort key: one expression plus the id as tie-break, in the same direction so a
 * keyset cursor is one row-value comparison. Missing values (no author, no year) go last in both
 * directions: the expression maps them past the far end of the order.
 */
export interface SortSpec {
  /** Over `d` (search_docs) and `h` (the matched rows with their `rank`). */
  expr: string;
  descending: boolean;
}

const LAST_TEXT = 'char(1114111)';

const SPECS: Readonly<Record<SortKey, SortSpec>> = {
  relevance: { expr: 'h.rank', descending: false },
  title: { expr: `COALESCE(d.title_key, ${LAST_TEXT})`, descending: false },
  '-title': { expr: "COALESCE(d.title_key, '')", descending: true },
  author: { expr: `COALESCE(d.author_key, ${LAST_TEXT})`, descending: false },
  '-author': { expr: "COALESCE(d.author_key, '')", descending: true },
  date: { expr: 'COALESCE(d.year, 1000000)', descending: false },
  '-date': { expr: 'COALESCE(d.year, -1000000)', descending: true },
  callnumber: { expr: `COALESCE(d.call_key, ${LAST_TEXT})`, descending: false },
  '-callnumber': { expr: "COALESCE(d.call_key, '')", descending: true },
  // Read by page.ts off the id index instead (idOrder); kept for completeness of the table.
  id: { expr: '0', descending: false },
};

export function sortSpec(sort: SortKey): SortSpec {
  return SPECS[sort];
}

export function orderBy(spec: SortSpec): string {
  const dir = spec.descending ? 'DESC' : 'ASC';
  return `${spec.expr} ${dir}, d.id ${dir}`;
}

/** Rows strictly after the cursor's (value, id) in this order. */
export function afterCursor(spec: SortSpec): string {
  return `(${spec.expr}, d.id) ${spec.descending ? '<' : '>'} (?, ?)`;
}
