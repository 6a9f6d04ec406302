import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSampleServer, type SampleServer } from '../support/sru-server';

/**
 * /sru against real clients: Index Data's yaz-client and zoomsh (Debian package `yaz`; the full
 * test run installs it, scripts/test-full.sh). Their hit counts must equal /search's for the same
 * query. Without yaz the suite is skipped, and says so.
 */
const run = promisify(execFile);

async function which(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

const haveYaz = Promise.all([which('yaz-client'), which('zoomsh')]).then((found) => found.every(Boolean));

/** Pairs of a CQL query and the query-language query that must count the same records. */
const SAME_QUERIES: [string, string][] = [
  ['dc.title=war', 'title:war'],
  ['dc.creator=wells', 'author:wells'],
  ['dc.subject=fiction and dc.date>1900', 'subject:fiction year:>1900'],
  ['"war and peace"', '"war and peace"'],
  ['dc.title any "war peace"', 'title:(war OR peace)'],
];

describe('SRU with yaz-client and zoomsh', () => {
  let server: SampleServer;
  let dir: string;
  let skip = false;

  beforeAll(async () => {
    if (!(await haveYaz)) {
      skip = true;
      process.stderr.write(
        'sru-yaz SKIPPED: yaz-client and zoomsh are not installed (Debian package `yaz`; scripts/bench/install-yaz.sh installs it, npm run test:full calls it)\n',
      );
      return;
    }
    server = await startSampleServer();
    dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-sru-yaz-'));
  });
  afterAll(async () => {
    if (skip) return;
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** yaz-client with a command file: SRU by `method` (get, post) and version. */
  async function yazClient(commands: string[], method = 'get', version = '1.2'): Promise<string> {
    const file = path.join(dir, 'commands.txt');
    const lines = [
      `sru ${method} ${version}`,
      `open ${server.base}/sru`,
      'querytype cql',
      ...commands,
      'quit',
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { stdout } = await run('yaz-client', ['-f', file], { timeout: 20_000 });
    return stdout;
  }

  const hits = (out: string) => [...out.matchAll(/Number of hits: (\d+)/g)].map((m) => Number(m[1]));

  test('when yaz-client finds by CQL over GET and POST, 1.2 and 2.0, then its hit counts equal /search', async () => {
    if (skip) return;
    const expected = await Promise.all(SAME_QUERIES.map(([, q]) => server.total(q)));
    expect(expected.some((n) => n > 0)).toBe(true);
    for (const [method, version] of [
      ['get', '1.2'],
      ['post', '1.2'],
      ['get', '2.0'],
    ]) {
      const out = await yazClient(
        SAME_QUERIES.map(([cql]) => `find ${cql}`),
        method,
        version,
      );
      expect([method, version, hits(out)]).toEqual([method, version, expected]);
    }
  });

  test('when yaz-client shows a record, then it is MARCXML of the first hit', async () => {
    if (skip) return;
    const out = await yazClient(['find dc.title=war', 'show 1']);
    expect(out).toContain('pos=1 schema=info:srw/schema/1/marcxml-v1.1');
    expect(out).toMatch(/<record xmlns="http:\/\/www\.loc\.gov\/MARC21\/slim"><leader>/);
  });

  test('when yaz-client scans authors, then it lists terms with counts from the browse index', async () => {
    if (skip) return;
    const out = await yazClient(['scan dc.creator=wells']);
    expect(out).toContain('Received SRW Scan Response');
    expect(out).toMatch(/^Wells, H\. G\.[^:]*: \d+ /m);
  });

  test('when yaz-client sends an unknown index, then it reports SRU diagnostic 16', async () => {
    if (skip) return;
    const out = await yazClient(['find dc.nothing=x']);
    expect(out).toContain('SRW diagnostic info:srw/diagnostic/1/16');
    expect(out).toContain('Details: dc.nothing');
  });

  test('when zoomsh searches by CQL and shows a record, then its hit count equals /search', async () => {
    if (skip) return;
    for (const [cql, q] of SAME_QUERIES.slice(0, 3)) {
      const { stdout } = await run(
        'zoomsh',
        ['set sru get', `connect ${server.base}/sru`, `search cql:${cql}`, 'show 0 1', 'quit'],
        { timeout: 20_000 },
      );
      const count = Number(/: (\d+) hits/.exec(stdout)?.[1]);
      expect([cql, count]).toEqual([cql, await server.total(q)]);
      if (count > 0) expect(stdout).toContain('<record xmlns="http://www.loc.gov/MARC21/slim">');
    }
  });
});
