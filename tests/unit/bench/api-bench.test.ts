import path from 'node:path';
import { parseArgs } from '../../../scripts/bench/api-args';
import { workersTable } from '../../../scripts/bench/api-pool';
import { ratioTable, summarize, type Cell, type CellSummary } from '../../../scripts/bench/api-report';
import { interleave, recordPath, searchPath } from '../../../scripts/bench/api-workload';

const ROOT = '/repo';

function cell(over: Partial<Cell>): Cell {
  return {
    endpoint: 'search',
    via: 'HTTP',
    concurrency: 1,
    seconds: 10,
    latenciesMs: [],
    errors: 0,
    non2xx: 0,
    ...over,
  };
}

describe('bench:api arguments', () => {
  test('when no option is given, then the 1M database of bench:ingest, 10 s at 1, 16 and 64, and 0–2 workers are used', () => {
    const args = parseArgs([], ROOT);
    expect(args.db).toBe(path.join(ROOT, 'tmp/bench/ingest-bench.db'));
    expect(args).toMatchObject({
      duration: 10,
      concurrency: [1, 16, 64],
      endpoints: ['search', 'records', 'workers', 'mixed'],
      workers: [0, 1, 2],
    });
  });

  test('when worker counts are given, then the read pool cells use them; a bad one is named', () => {
    expect(parseArgs(['--only', 'workers,mixed', '--workers', '1,2'], ROOT)).toMatchObject({
      endpoints: ['workers', 'mixed'],
      workers: [1, 2],
    });
    expect(() => parseArgs(['--workers', '1,x'], ROOT)).toThrow('--workers takes whole numbers');
  });

  test('when options are given, then each is taken', () => {
    const argv = ['--duration', '2.5', '--concurrency', '1,8', '--only', 'records', '--ids', '1_000'];
    expect(parseArgs(argv, ROOT)).toMatchObject({
      duration: 2.5,
      concurrency: [1, 8],
      endpoints: ['records'],
      ids: 1000,
    });
  });

  test('when a value is bad or an option unknown, then the error names it', () => {
    expect(() => parseArgs(['--concurrency', '1,0'], ROOT)).toThrow(
      '--concurrency wants a positive integer, not 0',
    );
    expect(() => parseArgs(['--only', 'browse'], ROOT)).toThrow('--only takes search, records');
    expect(() => parseArgs(['--duration'], ROOT)).toThrow('--duration wants a positive number');
    expect(() => parseArgs(['--fast'], ROOT)).toThrow('unknown option --fast');
  });
});

describe('bench:api workload paths', () => {
  test('when lists are interleaved, then they are taken in turn and the longer one finishes alone', () => {
    expect(interleave([['a1', 'a2', 'a3'], ['b1'], ['c1', 'c2']])).toEqual([
      'a1',
      'b1',
      'c1',
      'a2',
      'c2',
      'a3',
    ]);
  });

  test('when a query or an id has reserved characters, then the path encodes them', () => {
    expect(searchPath('title:"war and peace"', ['format', 'year'])).toBe(
      '/search?q=title%3A%22war%20and%20peace%22&facets=format,year',
    );
    expect(recordPath('(OCoLC)12345')).toBe('/records/(OCoLC)12345');
    expect(recordPath('a/b c')).toBe('/records/a%2Fb%20c');
  });
});

describe('bench:api report', () => {
  test('when a cell is summarized, then percentiles are nearest-rank and the rate is per wall second', () => {
    const latenciesMs = Array.from({ length: 100 }, (_, i) => 100 - i);
    const s = summarize(cell({ latenciesMs, seconds: 4, serverCpu: 2 }));
    expect(s).toMatchObject({
      requests: 100,
      perSecond: 25,
      p50: 50,
      p99: 99,
      max: 100,
      serverCpuShare: 0.5,
    });
  });

  test('when a cell has no answers, then its figures are not numbers rather than zeros', () => {
    const s = summarize(cell({ latenciesMs: [] }));
    expect(s.requests).toBe(0);
    expect(s.p50).toBeNaN();
    expect(s.max).toBeNaN();
  });

  test('when HTTP and in-process cells are given, then the ratios compare them and each concurrency with c=1', () => {
    const peer = summarize(cell({ via: 'in-process', latenciesMs: Array(400).fill(2) }));
    const c1 = summarize(cell({ latenciesMs: Array(200).fill(5) }));
    const c16 = summarize(cell({ concurrency: 16, latenciesMs: Array(300).fill(4) }));
    const table = ratioTable([peer, c1, c16]);
    expect(table).toContain('| `search` | HTTP c=1 vs in-process c=1 | 0.50× | +3.00 ms |');
    expect(table).toContain('| `search` | HTTP c=16 vs HTTP c=1 | 1.50× | −1.00 ms |');
  });
});

describe('bench:api read pool table', () => {
  test('when search cells of several worker counts are given, then each is compared with one worker', () => {
    const cell = (workers: number, perSecond: number) =>
      ({ endpoint: `search, ${workers} workers`, via: 'HTTP', concurrency: 64, perSecond }) as CellSummary;
    const table = workersTable([cell(0, 10), cell(1, 10), cell(2, 18)]);
    expect(table).toContain('| c=64 | 2 workers vs 1 worker | 1.80× |');
    expect(table).toContain('| c=64 | 0 workers vs 1 worker | 1.00× |');
  });
});
