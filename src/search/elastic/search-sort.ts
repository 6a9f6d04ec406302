import type { estypes } from '@elastic/elasticsearch';
import type { SortKey } from '../port';

/**
 * Sort clauses per sort key, each ending with the id in the sort's direction, so a page boundary
 * is one (value, id) pair for search_after. Missing values go last in both directions, as in the
 * embedded index, and with the same stand-ins (U+10FFFF or '' for text, ±1,000,000 for years):
 * a cursor then always carries a value, never null.
 */
type Clause = estypes.SortCombinations;

const LAST_TEXT = '\u{10FFFF}';

function keyed(field: string, descending: boolean, missing: string | number): Clause[] {
  const order = descending ? 'desc' : 'asc';
  return [{ [field]: { order, missing } }, { id: { order } }];
}

const SORTS: Readonly<Record<SortKey, Clause[]>> = {
  // Scores descend; ties by id ascending, as bm25 ranks ascend with ids in the embedded index.
  relevance: [{ _score: { order: 'desc' } }, { id: { order: 'asc' } }],
  title: keyed('sort.title', false, LAST_TEXT),
  '-title': keyed('sort.title', true, ''),
  author: keyed('sort.author', false, LAST_TEXT),
  '-author': keyed('sort.author', true, ''),
  date: keyed('year', false, 1_000_000),
  '-date': keyed('year', true, -1_000_000),
  callnumber: keyed('sort.callnumber', false, LAST_TEXT),
  '-callnumber': keyed('sort.callnumber', true, ''),
  // The id twice, so the cursor is a (value, id) pair like every other sort's.
  id: [{ id: { order: 'asc' } }, { id: { order: 'asc' } }],
};

export function sortClauses(sort: SortKey): Clause[] {
  return SORTS[sort];
}
