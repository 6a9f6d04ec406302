import type { SortKey } from '../../search/port';
import type { CqlIndex } from '../cql/cql-ast';
import { sortKeyFor } from '../cql/cql-to-query';
import { SruDiagnostic } from './sru-diagnostic';

/**
 * SRU 1.1/1.2's sortKeys parameter: space-separated keys, each `path,schema,ascending,
 * caseSensitive,missingValue`, the path an index name (`dc.title`). One key, as with CQL sortBy;
 * ascending `0` reverses it; a case-sensitive sort or a missing-value action is not supported.
 */
export function sortFromSortKeys(text: string): SortKey | undefined {
  const keys = text
    .trim()
    .split(/\s+/)
    .filter((k) => k !== '');
  if (keys.length === 0) return undefined;
  if (keys.length > 1)
    throw new SruDiagnostic(84, '1', `sorting by ${keys.length} keys is not supported: give one`);
  const [path = '', , ascending = '1', caseSensitive = '0', missingValue] = (keys[0] as string).split(',');
  if (caseSensitive === '1') throw new SruDiagnostic(91, caseSensitive, 'sorting is always case-insensitive');
  if (missingValue !== undefined && missingValue !== '') {
    throw new SruDiagnostic(92, missingValue, 'records missing the sort value always sort last');
  }
  if (ascending !== '0' && ascending !== '1') {
    throw new SruDiagnostic(90, ascending, `ascending must be 1 or 0, not \`${ascending}\``);
  }
  return sortKeyFor(indexOf(path), ascending === '0');
}

function indexOf(name: string): CqlIndex {
  const dot = name.indexOf('.');
  if (dot <= 0) return { name, local: name };
  return { name, prefix: name.slice(0, dot).toLowerCase(), local: name.slice(dot + 1) };
}
