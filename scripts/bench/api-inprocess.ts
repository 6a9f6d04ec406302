import { readFileSync } from 'node:fs';
import { representation } from '../../src/api/presenters/record.presenter';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import type { FacetField } from '../../src/search/port';
import { SearchService } from '../../src/services/search.service';
import type { Workload } from './api-workload';

/**
 * The peer of bench:api, run in a process of its own from the dist snapshot: the same requests
 * without HTTP, one at a time. A search is SearchService.search with the route's parameters plus
 * JSON.stringify of the answer; a record is store.get plus the JSON body the route sends. What the
 * HTTP rows add on top is the HTTP stack: sockets, parsing, Express routing, OpenAPI validation,
 * the security middlewares, the request log, and the load tool's share of the CPU. Only
 * concurrency 1 is run: better-sqlite3 is synchronous, so in one process more would only queue.
 * Prints JSON ({ search, records }: PeerRun) on stdout.
 *
 *   node dist/scripts/bench/api-inprocess.js DB WORKLOAD.json SECONDS WARMUP_SECONDS
 */

export interface PeerRun {
  seconds: number;
  requests: number;
  latenciesMs: number[];
  /** Requests that did not find what they asked for (an id without a record): should be 0. */
  misses: number;
}

type Call = (i: number, warm: boolean) => Promise<boolean>;

/** Calls `call` one at a time for `seconds`, rotating through its list like the HTTP cells do. */
async function loop(call: Call, seconds: number, warm: boolean): Promise<PeerRun> {
  const latenciesMs: number[] = [];
  let misses = 0;
  const started = process.hrtime.bigint();
  const end = started + BigInt(Math.round(seconds * 1e9));
  for (let i = 0; process.hrtime.bigint() < end; i++) {
    const t = process.hrtime.bigint();
    if (!(await call(i, warm))) misses++;
    latenciesMs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    requests: latenciesMs.length,
    latenciesMs,
    misses,
  };
}

async function main(): Promise<void> {
  const [dbPath, workloadFile, seconds, warmup] = process.argv.slice(2);
  if (!dbPath || !workloadFile) throw new Error('usage: api-inprocess DB WORKLOAD.json SECONDS WARMUP');
  const w = JSON.parse(readFileSync(workloadFile, 'utf8')) as Workload;
  const backends = openSqliteBackends(dbPath, { readonly: true });
  const service = new SearchService(backends.index);
  const search: Call = async (i, warm) => {
    const list = warm ? w.warmupSearches : w.searches;
    const r = list[i % list.length]!;
    const result = await service.search({
      q: r.q,
      filters: [],
      facets: r.facets as FacetField[],
      sort: 'relevance',
      highlight: false,
    });
    return JSON.stringify(result).length > 0;
  };
  const record: Call = async (i, warm) => {
    const list = warm ? w.warmupIds : w.ids;
    const stored = await backends.store.get(list[i % list.length]!);
    return stored !== undefined && representation(stored, 'json').body.length > 0;
  };
  const out: Record<string, PeerRun> = {};
  for (const [name, call] of [
    ['search', search],
    ['records', record],
  ] as const) {
    await loop(call, Number(warmup), true);
    out[name] = await loop(call, Number(seconds), false);
  }
  await backends.close();
  process.stdout.write(JSON.stringify(out));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `api-inprocess: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  });
}
