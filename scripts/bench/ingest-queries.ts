import Database from 'better-sqlite3';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import type { FacetField } from '../../src/search/port';
import { SearchService } from '../../src/services/search.service';

/**
 * The query half of `bench:ingest`, run in a process of its own on the database the ingest made:
 * builds a fixed mixed query set from words and ISBNs sampled out of that database (deterministic:
 * the same data gives the same queries), warms up, runs every query once through SearchService
 * with four facets, and prints the timings as JSON on stdout.
 *
 *   node dist/scripts/bench/ingest-queries.js DB [--per-kind 60] [--warmup 10]
 */

export const KINDS = ['common word', 'rare word', 'two words', 'phrase', 'fielded', 'prefix', 'identifier'];

export interface KindResult {
  kind: string;
  queries: number;
  ms: number[];
  avgHits: number;
  examples: string[];
}

export interface QueryResults {
  documents: number;
  kinds: KindResult[];
  /** Wall time of the measured queries, one after another. */
  seconds: number;
}

export interface Sample {
  titles: string[][];
  authors: string[];
  subjects: string[][];
  isbns: string[];
  df: Map<string, number>;
}

const STOP = new Set(
  'the and for with from that this into under over upon about their other after before between der die und des les los las del une dans pour with'.split(
    ' ',
  ),
);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3 && !/^\d+$/.test(w));
}

/** About 20,000 documents spread evenly over the index: titles, authors, subjects, ISBNs, word counts. */
export function sample(dbPath: string): Sample & { documents: number } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const documents = (db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
    const stride = Math.max(1, Math.floor(documents / 20_000));
    const rows = db
      .prepare('SELECT display, texts FROM search_docs WHERE rowid % ? = 0 ORDER BY rowid')
      .all(stride) as { display: string; texts: string }[];
    const s: Sample = { titles: [], authors: [], subjects: [], isbns: [], df: new Map() };
    for (const row of rows) {
      const display = JSON.parse(row.display) as { title?: string; authors: string[]; isbns: string[] };
      const texts = JSON.parse(row.texts) as { subject?: string[] };
      const title = words(display.title ?? '');
      s.titles.push(title);
      for (const w of new Set(title)) s.df.set(w, (s.df.get(w) ?? 0) + 1);
      if (display.authors[0]) s.authors.push(display.authors[0]);
      s.subjects.push(words((texts.subject ?? []).join(' ')));
      for (const isbn of display.isbns) if (/^97[89]\d{10}$/.test(isbn)) s.isbns.push(isbn);
    }
    return { ...s, documents };
  } finally {
    db.close();
  }
}

/** Every k-th item, so picks spread over the sample instead of clustering at its start. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length === 0) return [];
  const step = Math.max(1, Math.floor(items.length / n));
  const out: T[] = [];
  for (let i = 0; out.length < n; i += step) out.push(items[i % items.length]!);
  return out;
}

function hyphenated(isbn13: string): string {
  return `${isbn13.slice(0, 3)}-${isbn13.slice(3, 4)}-${isbn13.slice(4, 7)}-${isbn13.slice(7, 12)}-${isbn13.slice(12)}`;
}

/** n queries of each kind, in KINDS order. */
export function buildQueries(s: Sample, n: number): string[][] {
  const byDf = [...s.df.entries()].filter(([w]) => w.length >= 4 && !STOP.has(w)).sort((a, b) => b[1] - a[1]);
  const common = byDf.slice(0, 40).map(([w]) => w);
  const rare = byDf.filter(([, df]) => df >= 2 && df <= 3).map(([w]) => w);
  const mid = byDf.slice(40, 400).map(([w]) => w);
  const long = s.titles.filter((t) => t.filter((w) => !STOP.has(w)).length >= 2);
  const pairs = spread(long, n).map((t) =>
    t
      .filter((w) => !STOP.has(w))
      .slice(0, 2)
      .join(' '),
  );
  const phrases = spread(
    s.titles.filter((t) => t.length >= 3),
    n,
  ).map((t) => `"${t.slice(1, 3).join(' ')}"`);
  const surnames = spread(s.authors, n).map((a) => words(a)[0] ?? 'smith');
  const subjectWords = spread(
    s.subjects.filter((x) => x.length > 0),
    n,
  ).map((x) => x[0]!);
  const fielded = Array.from({ length: n }, (_, i) =>
    i % 3 === 0
      ? `author:${surnames[i]}`
      : i % 3 === 1
        ? `title:${mid[i % mid.length]}`
        : `subject:${subjectWords[i]}`,
  );
  const prefixes = spread(
    mid.filter((w) => w.length >= 6),
    n,
  ).map((w) => `${w.slice(0, 4)}*`);
  return [
    spread(common, n),
    spread(rare, n),
    pairs,
    phrases,
    fielded,
    prefixes,
    spread(s.isbns, n).map(hyphenated),
  ];
}

/** The four facets every query of the set asks for (the fourth alternates). */
export function facetsFor(i: number): FacetField[] {
  return ['format', 'language', 'topic', i % 2 === 0 ? 'author' : 'year'];
}

async function run(service: SearchService, q: string, i: number): Promise<{ ms: number; hits: number }> {
  const started = process.hrtime.bigint();
  const result = await service.search({ q, facets: facetsFor(i) });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, hits: result.total };
}

/**
 * Warms up on the tail of each kind's list (perKind onwards, so no warm-up query is repeated in
 * the measured set), then runs the first perKind of each kind once, one after another.
 */
export async function measureQueries(
  service: SearchService,
  sets: string[][],
  perKind: number,
): Promise<Omit<QueryResults, 'documents'>> {
  for (const set of sets) for (const [i, q] of set.slice(perKind).entries()) await run(service, q, i);
  const started = process.hrtime.bigint();
  const kinds: KindResult[] = [];
  for (const [k, set] of sets.entries()) {
    const measured = set.slice(0, perKind);
    const runs = [];
    for (const [i, q] of measured.entries()) runs.push(await run(service, q, i));
    kinds.push({
      kind: KINDS[k]!,
      queries: runs.length,
      ms: runs.map((r) => r.ms),
      avgHits: runs.reduce((n, r) => n + r.hits, 0) / Math.max(1, runs.length),
      examples: measured.slice(0, 3),
    });
  }
  return { kinds, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main(): Promise<void> {
  const [dbPath, ...rest] = process.argv.slice(2);
  const opt = (name: string, fallback: number): number => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? Number(rest[i + 1]) : fallback;
  };
  if (!dbPath) throw new Error('usage: ingest-queries DB [--per-kind N] [--warmup N]');
  const s = sample(dbPath);
  const perKind = opt('per-kind', 60);
  const sets = buildQueries(s, perKind + opt('warmup', 10));
  const backends = openSqliteBackends(dbPath, { readonly: true });
  const measured = await measureQueries(new SearchService(backends.index), sets, perKind);
  await backends.close();
  const out: QueryResults = { documents: s.documents, ...measured };
  process.stdout.write(JSON.stringify(out));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `ingest-queries: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  });
}
