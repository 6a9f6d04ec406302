import type { QueryNode, SearchField } from '../../src/search/query/ast';
import type { SearchIndex, SearchRequest } from '../../src/search/port';

/** Shared by the SearchIndex contract files: query nodes built by hand, and ids of a search. */
export type MakeSearchIndex = () => Promise<SearchIndex>;

export const term = (value: string, field?: SearchField, prefix = false): QueryNode =>
  field === undefined ? { type: 'term', value, prefix } : { type: 'term', field, value, prefix };
export const phrase = (value: string, field?: SearchField): QueryNode =>
  field === undefined ? { type: 'phrase', value } : { type: 'phrase', field, value };
export const and = (...children: QueryNode[]): QueryNode => ({ type: 'and', children });
export const or = (...children: QueryNode[]): QueryNode => ({ type: 'or', children });
export const not = (child: QueryNode): QueryNode => ({ type: 'not', child });

export async function ids(index: SearchIndex, request: SearchRequest): Promise<string[]> {
  const response = await index.search({ limit: 100, ...request });
  return response.hits.map((h) => h.id);
}
