import type { BrowseEntry } from '../../search/port';
import type { SearchService } from '../../services/search.service';
import type { CqlClause } from '../cql/cql-ast';
import { CQL_DIAGNOSTICS, CqlError } from '../cql/cql-error';
import { parseCql, unescape } from '../cql/cql-parser';
import { resolveIndex } from '../cql/cql-to-query';
import { SCAN_INDEXES } from './explain';
import { scanResponse, type ScanTerm } from './sru-response';
import { SRU_DIAGNOSTICS, SruDiagnostic } from './sru-diagnostic';
import type { SruParams } from './sru-request';

const DEFAULT_TERMS = 20;
const MAXIMUM_TERMS = 100;

/**
 * scan: the browse index of the scanClause's index, around its term. `responsePosition` is where
 * the term (or the first entry after it) stands in the list, 1-based: 1 puts it first, 0 just
 * before the list, maximumTerms + 1 just after it. maximumTerms above 100 is cut to 100.
 */
export async function scan(search: SearchService, params: SruParams): Promise<string> {
  const clause = scanClause(params.required('scanClause'));
  const index = browseIndexOf(clause);
  const maximum = Math.min(params.integer('maximumTerms', DEFAULT_TERMS, 1), MAXIMUM_TERMS);
  const position = params.integer('responsePosition', 1);
  if (position > maximum + 1) {
    throw new SruDiagnostic(
      SRU_DIAGNOSTICS.responsePosition,
      String(position),
      `responsePosition ${position} is outside the list of ${maximum} terms (0 to ${maximum + 1})`,
    );
  }
  const before = Math.min(Math.max(position - 1, 0), maximum);
  const after = maximum - before;
  const from = unescape(clause.term);
  const result = await search.browse({ index, from, before, after });
  // Fewer entries than asked on a side (or nothing before an empty term): that end of the index.
  const atStart = result.anchor < before || from.trim() === '';
  const atEnd = result.entries.length - result.anchor < after;
  return scanResponse(params.version, terms(result.entries, atStart, atEnd), []);
}

function scanClause(text: string): CqlClause {
  const { root, sortBy } = parseCql(text);
  if (root.type !== 'clause' || sortBy.length > 0) {
    throw new CqlError(CQL_DIAGNOSTICS.syntax, text, 'scanClause is one index, relation and term');
  }
  if (!['=', '==', 'exact', '>=', 'adj'].includes(root.relation)) {
    throw new CqlError(
      CQL_DIAGNOSTICS.relation,
      root.relation,
      `scan takes =, ==, exact or >=, not ${root.relation}`,
    );
  }
  return root;
}

function browseIndexOf(clause: CqlClause) {
  const entry = clause.index ? resolveIndex(clause.index) : undefined;
  const index = entry ? SCAN_INDEXES[`${entry.set}.${entry.name}`] : undefined;
  if (!index) {
    const name = clause.index?.name ?? 'cql.serverChoice';
    throw new CqlError(
      CQL_DIAGNOSTICS.index,
      name,
      `\`${name}\` cannot be scanned: scan dc.title, dc.creator, dc.subject or stacks.callnumber`,
    );
  }
  return index;
}

/** whereInList is the term's place in the whole index, not in this list. */
function terms(entries: readonly BrowseEntry[], atStart: boolean, atEnd: boolean): ScanTerm[] {
  const last = entries.length - 1;
  return entries.map((e, i) => {
    const first = atStart && i === 0;
    const final = atEnd && i === last;
    const whereInList = first && final ? 'only' : first ? 'first' : final ? 'last' : 'inner';
    return { value: e.heading, numberOfRecords: e.count, displayTerm: e.heading, whereInList };
  });
}
