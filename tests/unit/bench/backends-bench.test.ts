import path from 'node:path';
import { DEFAULT_RECORDS, parseArgs } from '../../../scripts/bench/backends-args';
import {
  engineTable,
  kindTable,
  ratio,
  serverTable,
  summaryTable,
  type PairRun,
} from '../../../scripts/bench/backends-report';
import { scaleOutEnv, serviceUrls } from '../../../scripts/bench/backends-servers';
import { KINDS } from '../../../scripts/bench/ingest-queries';
import { cpuTicks, vmRssKb } from '../../../scripts/bench/proc-watch';

const ROOT = '/repo';
const URLS = {
  mongoUrl: 'mongodb://127.0.0.1:27117/stacks',
  searchUrl: 'http://127.0.0.1:9201',
  engine: 'opensearch',
} as const;

function pairRun(pair: string, seconds: number, queryMs: number): PairRun {
  return {
    pair,
    ingest: {
      records: 1000,
      inputBytes: 1_263_000,
      seconds,
      cpuSeconds: seconds / 2,
      peakRssKb: 200 * 1024,
      dbBytes: 0,
      summary: '',
    },
    storedBytes: 5e6,
    queries: {
      documents: 1000,
      seconds: 1,
      kinds: KINDS.map((kind) => ({
        kind,
        queries: 2,
        ms: [queryMs, queryMs * 3],
        avgHits: 12,
        examples: [],
      })),
    },
    queryProcess: { seconds: 4, rssKb: 100 * 1024 },
    servers: {
      ingest: [
        { name: 'ferretdb', pid: 1, cpuSeconds: seconds / 4, peakRssKb: 60 * 1024, endRssKb: 50 * 1024 },
      ],
      queries: [],
    },
  };
}

describe('bench:backends arguments', () => {
  test('when no option is given, then the default size, its own database and a clean-up are used', () => {
    const args = parseArgs([], ROOT);
    expect(args).toMatchObject({ records: DEFAULT_RECORDS, seed: 1, perKind: 60, warmup: 10, keep: false });
    expect(args.db).toBe(path.join(ROOT, 'tmp/bench/backends-bench.db'));
  });

  test('when options are given, then each is taken', () => {
    const argv = ['--records', '5_000', '--seed', '2', '--batch', '500', '--per-kind', '20', '--keep'];
    expect(parseArgs(argv, ROOT)).toMatchObject({
      records: 5000,
      seed: 2,
      batch: 500,
      perKind: 20,
      keep: true,
    });
  });

  test('when a value is bad or an option unknown, then the error names it', () => {
    expect(() => parseArgs(['--records', '0'], ROOT)).toThrow('--records wants a positive integer, not 0');
    expect(() => parseArgs(['--pairs', 'x'], ROOT)).toThrow('unknown option --pairs');
  });
});

describe('bench:backends servers', () => {
  test('when the environment names the servers, then it wins over the env file', () => {
    const file = 'MONGODB_URL=mongodb://127.0.0.1:1/a\nSEARCH_URL=http://127.0.0.1:2\n';
    const urls = serviceUrls({ SEARCH_URL: 'http://127.0.0.1:9201' }, file);
    expect(urls).toEqual({
      mongoUrl: 'mongodb://127.0.0.1:1/a',
      searchUrl: 'http://127.0.0.1:9201',
      engine: 'opensearch',
    });
  });

  test('when a server is not on loopback or none is named, then the run is refused', () => {
    const remote = 'MONGODB_URL=mongodb://db.example.org/a\nSEARCH_URL=http://127.0.0.1:2\n';
    expect(() => serviceUrls({}, remote)).toThrow('127.0.0.1 only');
    expect(() => serviceUrls({}, undefined)).toThrow('run scripts/services/up');
  });

  test("when a run is tagged, then the CLI gets a database and an alias of the run's own", () => {
    expect(scaleOutEnv(URLS, '123abc')).toEqual({
      STACKS_STORE: 'mongodb',
      MONGODB_URL: 'mongodb://127.0.0.1:27117/stacks_bench_123abc',
      STACKS_INDEX: 'opensearch',
      SEARCH_URL: 'http://127.0.0.1:9201',
      STACKS_INDEX_NAME: 'stacks-bench-123abc',
    });
    expect(() => scaleOutEnv(URLS, 'A/b')).toThrow('run tag');
  });
});

describe('bench:backends /proc readings', () => {
  test('when the process name holds spaces and parentheses, then utime + stime are still found', () => {
    const stat = '4242 (java (main) x) S 1 2 3 0 -1 4194560 100 0 0 0 150 25 0 0 20 0 42 0 77 0';
    expect(cpuTicks(stat)).toBe(175);
  });

  test('when /proc/PID/status is read, then VmRSS is taken in kB', () => {
    expect(vmRssKb('Name:\tjava\nVmHWM:\t  900 kB\nVmRSS:\t  420000 kB\n')).toBe(420000);
    expect(vmRssKb('Name:\tzombie\n')).toBe(0);
  });
});

describe('bench:backends tables', () => {
  test('when ratios are shown, then they keep two significant figures', () => {
    expect(ratio(1, 1)).toBe('1.0×');
    expect(ratio(1, 8)).toBe('0.13×');
    expect(ratio(340, 10)).toBe('34×');
    expect(ratio(1, 0)).toBe('–');
  });

  test('when two pairs ran, then the summary compares the second with the embedded default', () => {
    const table = summaryTable([pairRun('embedded', 1, 1), pairRun('FerretDB + OpenSearch', 20, 10)]);
    const rows = table.split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toBe(
      '| embedded | 1,000 | 1.0 | 1,000 | 1.0× | 0.5 | 200 | 5 | 14 | 1.00 | 3.00 | 3.00 | 500 | 1.0× | 100 |',
    );
    expect(rows[3]).toContain('| 50 | 0.050× |');
    expect(rows[3]).toContain('| 10.0 | 30.0 | 30.0 | 50 | 0.10× |');
  });

  test('when kinds are tabled, then each pair has its percentiles and the p50 ratio', () => {
    const rows = kindTable([pairRun('embedded', 1, 1), pairRun('scale-out', 1, 4)]).split('\n');
    expect(rows).toHaveLength(2 + KINDS.length);
    expect(rows[2]).toBe('| common word | 2 | 12 | 1.00 / 3.00 / 3.00 | 4.00 / 12.0 / 12.0 | 4.0× |');
  });

  test('when servers were watched, then their CPU is also a share of the phase', () => {
    const rows = serverTable([pairRun('scale-out', 8, 1)]).split('\n');
    expect(rows[2]).toBe('| scale-out: ingest | ferretdb | 2.0 | 25% | 60 | 50 |');
  });

  test('when the engine counted the query process, then requests and engine time per search are derived', () => {
    const zero = {
      docs: 0,
      segments: 0,
      indexTotal: 0,
      indexMs: 0,
      refreshTotal: 0,
      refreshMs: 0,
      mergeMs: 0,
    };
    const afterIngest = {
      ...zero,
      docs: 1000,
      segments: 3,
      queryTotal: 10,
      queryMs: 100,
      fetchTotal: 5,
      fetchMs: 5,
    };
    const afterQueries = { ...afterIngest, queryTotal: 150, queryMs: 380, fetchTotal: 75, fetchMs: 75 };
    const rows = engineTable(afterIngest, afterQueries, 70).split('\n');
    expect(rows).toContain('| queries: searches, engine requests, requests per search | 70, 140, 2.00 |');
    expect(rows).toContain('| queries: engine query phase ms per request | 2.00 |');
    expect(rows).toContain('| queries: engine fetch phase ms per fetch | 1.00 |');
  });
});
