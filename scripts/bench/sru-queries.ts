import { buildQueries, KINDS, sample } from './ingest-queries';

/**
 * bench:sru's queries: bench:ingest's mixed set (ingest-queries.ts, sampled from the database, so
 * the same data gives the same queries), each written three ways with one meaning: the query
 * language for GET /search, CQL for /sru, and Bib-1 PQF for the Z39.50 gateway (its map:
 * deploy/z3950/simple2zoom.xml). The bench checks that /search and /sru count the same records.
 */
export interface SruBenchQuery {
  kind: string;
  q: string;
  cql: string;
  pqf: string;
}

/** CQL's reserved words, which a bare term may not be. */
const CQL_WORDS = new Set(['and', 'or', 'not', 'prox', 'sortby']);

const cqlTerm = (w: string): string => (CQL_WORDS.has(w.toLowerCase()) ? `"${w}"` : w);

const FIELDS: Record<string, { cql: string; use: number }> = {
  title: { cql: 'dc.title', use: 4 },
  author: { cql: 'dc.creator', use: 1003 },
  subject: { cql: 'dc.subject', use: 21 },
};

/** One query-language query of the set, as CQL and PQF. The set's shapes only (KINDS). */
export function translate(kind: string, q: string): SruBenchQuery {
  const field = /^(\w+):(.+)$/.exec(q);
  if (kind === 'fielded' && field && FIELDS[field[1]!]) {
    const { cql, use } = FIELDS[field[1]!]!;
    return { kind, q, cql: `${cql}=${cqlTerm(field[2]!)}`, pqf: `@attr 1=${use} ${field[2]}` };
  }
  if (kind === 'two words') {
    const [a, b] = q.split(' ');
    return { kind, q, cql: `${cqlTerm(a!)} and ${cqlTerm(b!)}`, pqf: `@and ${a} ${b}` };
  }
  if (kind === 'prefix') return { kind, q, cql: q, pqf: `@attr 5=1 ${q.replace(/\*$/, '')}` };
  // A phrase is already in CQL's quotes; a word and a bare ISBN are terms in both languages.
  return { kind, q, cql: q.startsWith('"') ? q : cqlTerm(q), pqf: q };
}

/** perKind queries of each kind, kinds interleaved (a1 b1 c1 a2 …), plus the warm-up ones. */
export function sruBenchQueries(
  db: string,
  perKind: number,
  warmupPerKind: number,
): { documents: number; measured: SruBenchQuery[]; warmup: SruBenchQuery[] } {
  const s = sample(db);
  const sets = buildQueries(s, perKind + warmupPerKind);
  const measured: SruBenchQuery[] = [];
  const warmup: SruBenchQuery[] = [];
  for (let i = 0; i < perKind + warmupPerKind; i++) {
    for (const [k, set] of sets.entries()) {
      const q = set[i];
      if (q === undefined) continue;
      (i < perKind ? measured : warmup).push(translate(KINDS[k]!, q));
    }
  }
  return { documents: s.documents, measured, warmup };
}
