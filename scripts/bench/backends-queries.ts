import { readFileSync } from 'node:fs';
import { openExistingCatalog } from '../../src/cli/catalog-flags';
import { SearchService } from '../../src/services/search.service';
import { measureQueries, type QueryResults } from './ingest-queries';

/**
 * The query half of `bench:backends`, run in a process of its own for each backend pair: reads the
 * query set the benchmark sampled once from the embedded catalog, opens the catalog the environment
 * names (STACKS_STORE, STACKS_INDEX, their URLs) exactly as `stacks search` does, runs the set
 * through SearchService (ingest-queries.ts's warm-up and measurement) and prints QueryResults as
 * JSON on stdout; `documents` is what the pair's store counts.
 *
 *   node dist/scripts/bench/backends-queries.js SET.json --db PATH
 */

export interface QuerySet {
  /** Measured queries of each kind; each list holds the warm-up queries after them. */
  perKind: number;
  /** In ingest-queries.ts's KINDS order. */
  sets: string[][];
}

async function main(): Promise<void> {
  const [setFile, flag, db] = process.argv.slice(2);
  if (!setFile || flag !== '--db' || !db) throw new Error('usage: backends-queries SET.json --db PATH');
  const set = JSON.parse(readFileSync(setFile, 'utf8')) as QuerySet;
  const backends = await openExistingCatalog(db);
  try {
    const documents = await backends.store.count();
    const measured = await measureQueries(new SearchService(backends.index), set.sets, set.perKind);
    const out: QueryResults = { documents, ...measured };
    process.stdout.write(JSON.stringify(out));
  } finally {
    await backends.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `backends-queries: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  });
}
