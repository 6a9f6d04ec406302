import type { SearchService } from '../../services/search.service';
import { OaiError } from './oai-error';
import { setsBody } from './oai-response';
import { setSpec } from './oai-sets';

/** Facet values ListSets reads at most per kind: the search index's own ceiling. */
const MAX_SETS_PER_KIND = 1000;

/**
 * ListSets: the two parents, then a set per format value and per library code the search
 * index's facets know (one facet query, however large the catalog). A catalog with no records
 * has no sets, which the protocol says with noSetHierarchy.
 */
export async function listSets(ports: {
  search: SearchService;
  libraryName?: (code: string) => string;
}): Promise<string> {
  const result = await ports.search.search({
    facets: ['format', 'library'],
    facetLimit: MAX_SETS_PER_KIND,
    limit: 1,
  });
  const formats = (result.facets.format ?? []).map((f) => f.value);
  const libraries = (result.facets.library ?? []).map((f) => f.value);
  if (formats.length === 0 && libraries.length === 0)
    throw new OaiError('noSetHierarchy', 'the catalog is empty, so it has no sets yet');
  const sets = new Map<string, string>();
  if (formats.length > 0) sets.set('format', 'Records by format');
  for (const f of formats)
    if (!sets.has(setSpec('format', f))) sets.set(setSpec('format', f), `Format: ${f}`);
  if (libraries.length > 0) sets.set('library', 'Records with copies, by library');
  for (const code of libraries) {
    const spec = setSpec('library', code);
    if (!sets.has(spec)) sets.set(spec, `Library: ${ports.libraryName?.(code) ?? code}`);
  }
  return setsBody([...sets].map(([spec, name]) => ({ spec, name })));
}
