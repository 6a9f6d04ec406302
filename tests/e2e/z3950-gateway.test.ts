import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSampleServer, type SampleServer } from '../support/sru-server';

/**
 * Z39.50 in front of /sru: Index Data's Simple2ZOOM gateway (Debian package
 * libnet-z3950-simple2zoom-perl) run with the repository's own config (deploy/z3950/simple2zoom.xml,
 * its zurl pointed at a served sample catalog), driven over Z39.50 by yaz-client and zoomsh. What
 * a Z39.50 client counts must equal /search's and /sru's counts for the same query. Without the
 * gateway or yaz the suite is skipped, and says so; `npm run test:full` installs both.
 */
const run = promisify(execFile);
const CONFIG = path.join(__dirname, '..', '..', 'deploy', 'z3950', 'simple2zoom.xml');
const DATABASE = 'stacks';

async function which(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

const haveTools = Promise.all(['simple2zoom', 'yaz-client', 'zoomsh'].map(which)).then((found) =>
  found.every(Boolean),
);

/** A Bib-1 (PQF) query, the query-language query and the CQL query that must count the same. */
const SAME_QUERIES: { pqf: string; q: string; cql: string }[] = [
  { pqf: '@attr 1=4 war', q: 'title:war', cql: 'dc.title=war' },
  { pqf: '@attr 1=1003 wells', q: 'author:wells', cql: 'dc.creator=wells' },
  {
    pqf: '@and @attr 1=21 fiction @attr 1=31 @attr 2=5 1900',
    q: 'subject:fiction year:>1900',
    cql: 'dc.subject=fiction and dc.date>1900',
  },
  {
    pqf: '@attr 1=4 "war of the worlds"',
    q: 'title:"war of the worlds"',
    cql: 'dc.title="war of the worlds"',
  },
  { pqf: '@or @attr 1=4 war @attr 1=4 peace', q: 'title:(war OR peace)', cql: 'dc.title any "war peace"' },
  { pqf: '@attr 1=4 @attr 5=1 wa', q: 'title:wa*', cql: 'dc.title=wa*' },
  { pqf: 'pride', q: 'pride', cql: 'pride' },
  { pqf: '@attr 1=7 9780141439549', q: 'isbn:9780141439549', cql: 'bath.isbn=9780141439549' },
  { pqf: '@attr 1=12 stk001716', q: 'id:stk001716', cql: 'rec.identifier=stk001716' },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

interface Gateway {
  child: ChildProcess;
  port: number;
  log: () => string;
}

/** simple2zoom in a process group of its own (it forks per connection), ready once it listens. */
async function startGateway(config: string): Promise<Gateway> {
  const port = await freePort();
  const child = spawn('simple2zoom', ['-c', config, '--', `tcp:127.0.0.1:${port}`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (d: Buffer) => (log += d.toString('utf8'));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simple2zoom did not listen:\n${log}`)), 15_000);
    const check = () => {
      if (/Adding dynamic listener/.test(log)) {
        clearTimeout(timer);
        resolve();
      } else if (/fatal|fails to validate/i.test(log)) {
        clearTimeout(timer);
        reject(new Error(`simple2zoom failed:\n${log}`));
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simple2zoom exited with ${code}:\n${log}`));
    });
  });
  return { child, port, log: () => log };
}

/** A pass-through to the API that counts the requests the gateway makes. */
async function countingProxy(target: string): Promise<{ server: Server; base: string; count: () => number }> {
  let requests = 0;
  const server = createHttpServer((req, res) => {
    requests++;
    const upstream = request(
      `${target}${req.url ?? '/'}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, base: `http://127.0.0.1:${port}`, count: () => requests };
}

async function stopGateway(gateway: Gateway): Promise<void> {
  const { child } = gateway;
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

describe('Z39.50 through the Simple2ZOOM gateway to /sru', () => {
  let server: SampleServer;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let gateway: Gateway;
  let dir: string;
  let skip = false;

  beforeAll(async () => {
    if (!(await haveTools)) {
      skip = true;
      process.stderr.write(
        'z3950-gateway SKIPPED: simple2zoom, yaz-client or zoomsh is not installed (Debian packages `libnet-z3950-simple2zoom-perl` and `yaz`; npm run test:full installs them)\n',
      );
      return;
    }
    server = await startSampleServer();
    proxy = await countingProxy(server.base);
    dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-z3950-'));
    // The deployment's config as it is, but for where the API answers (through the counter).
    const config = readFileSync(CONFIG, 'utf8').replace(
      /<zurl>[^<]*<\/zurl>/,
      `<zurl>${proxy.base}/sru</zurl>`,
    );
    writeFileSync(path.join(dir, 'simple2zoom.xml'), config);
    gateway = await startGateway(path.join(dir, 'simple2zoom.xml'));
  });
  afterAll(async () => {
    if (skip) return;
    if (gateway) await stopGateway(gateway);
    if (proxy) {
      proxy.server.closeAllConnections();
      await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
    }
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function yazClient(commands: string[]): Promise<string> {
    const file = path.join(dir, 'commands.txt');
    const lines = [`open tcp:127.0.0.1:${gateway.port}/${DATABASE}`, ...commands, 'quit'];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { stdout } = await run('yaz-client', ['-f', file], { timeout: 30_000 });
    return stdout;
  }

  async function sruTotal(cql: string): Promise<number> {
    const params = new URLSearchParams({
      operation: 'searchRetrieve',
      version: '1.2',
      query: cql,
      maximumRecords: '0',
    });
    const xml = await (await fetch(`${server.base}/sru?${params}`)).text();
    return Number(/<zs:numberOfRecords>(\d+)</.exec(xml)?.[1]);
  }

  const hits = (out: string) => [...out.matchAll(/Number of hits: (\d+)/g)].map((m) => Number(m[1]));
  const diagnostics = (out: string) => [...out.matchAll(/^\s+\[(\d+)\] /gm)].map((m) => Number(m[1]));

  test('when yaz-client finds by Bib-1 attributes, then its hit counts equal /search and /sru', async () => {
    if (skip) return;
    const fromSearch = await Promise.all(SAME_QUERIES.map(({ q }) => server.total(q)));
    const fromSru = await Promise.all(SAME_QUERIES.map(({ cql }) => sruTotal(cql)));
    expect(fromSru).toEqual(fromSearch);
    expect(fromSearch.every((n) => n > 0)).toBe(true);
    const out = await yazClient(SAME_QUERIES.map(({ pqf }) => `find ${pqf}`));
    expect(hits(out)).toEqual(fromSearch);
  });

  test('when yaz-client shows a hit, then it is a USMARC record, or MARCXML when asked for XML', async () => {
    if (skip) return;
    const out = await yazClient([
      'find @attr 1=4 "war of the worlds"',
      'format usmarc',
      'show 1',
      'format xml',
      'show 1',
    ]);
    expect(out).toContain('Record type: USmarc');
    expect(out).toMatch(/^245 14 \$a The war of the worlds \/ \$c by H\.G\. Wells\.$/m);
    expect(out).toContain('Record type: XML');
    expect(out).toContain('<record xmlns="http://www.loc.gov/MARC21/slim"><leader>');
  });

  test('when yaz-client shows a page of hits, then the gateway asks /sru twice: the count, then the page', async () => {
    if (skip) return;
    const before = proxy.count();
    const out = await yazClient(['find @attr 1=4 war', 'show 1+5']);
    expect(out.match(/Record type: USmarc/g)).toHaveLength(5);
    expect(proxy.count() - before).toBe(2);
  });

  test('when yaz-client scans authors, then the terms come from the browse index with counts', async () => {
    if (skip) return;
    const out = await yazClient(['scan @attr 1=1003 wells']);
    expect(out).toContain('Received ScanResponse');
    expect(out).toMatch(/^\* Wells, H\. G\. .* \(\d+\)$/m);
  });

  test('when a query asks for what /sru refuses, then yaz-client sees the Bib-1 diagnostic', async () => {
    if (skip) return;
    const out = await yazClient([
      'find @attr 1=99 x', // no such use attribute in the map: the gateway's own 114
      'find @attr 1=4 @attr 2=6 war', // not-equal: SRU 19 → Bib-1 117
      'find @attr 1=4 @attr 3=1 war', // first in field, on a word index: SRU 31 → Bib-1 119
      'find @attr 1=4 @attr 5=1 w', // one-letter prefix: SRU 29 → Bib-1 9
      'find @attr 1=4 war',
      'sort 1=4 <i', // sorting: /sru refuses the missing-value modifier the gateway adds (SRU 92 → 213)
    ]);
    expect(diagnostics(out)).toEqual([114, 117, 119, 9, 213]);
  });

  test('when zoomsh searches over Z39.50 and shows a record, then its count equals /search', async () => {
    if (skip) return;
    for (const { pqf, q } of SAME_QUERIES.slice(0, 3)) {
      const { stdout } = await run(
        'zoomsh',
        [
          'set preferredRecordSyntax usmarc',
          `connect tcp:127.0.0.1:${gateway.port}/${DATABASE}`,
          `search ${pqf}`,
          'show 0 1',
          'quit',
        ],
        { timeout: 30_000 },
      );
      const count = Number(/: (\d+) hits/.exec(stdout)?.[1]);
      expect([pqf, count]).toEqual([pqf, await server.total(q)]);
      expect(stdout).toMatch(/^245 1\d /m);
    }
  });
});
