import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './bench-process';
import type { SruBenchQuery } from './sru-queries';

/**
 * bench:sru's Z39.50 leg: the Simple2ZOOM gateway with the repository's config
 * (deploy/z3950/simple2zoom.xml, zurl pointed at the bench's server), driven by one yaz-client
 * session that finds each query and shows its first page as USMARC. yaz-client prints the wall
 * time of every command ("Elapsed: s"), which is what is kept: Z39.50 search (the gateway asks /sru
 * for the count), and present (it asks /sru for the page as MARCXML and writes ISO 2709).
 */
const run = promisify(execFile);

export interface GatewayTimings {
  find: number[];
  present: number[];
}

export function haveGateway(): boolean {
  const found = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  return found('simple2zoom') && found('yaz-client');
}

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

async function startGateway(config: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn('simple2zoom', ['-c', config, '--', `tcp:127.0.0.1:${port}`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simple2zoom did not listen:\n${log}`)), 15_000);
    const seen = (d: Buffer) => {
      log += d.toString('utf8');
      if (/Adding dynamic listener/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`simple2zoom exited with ${code}:\n${log}`)));
  });
  // Its log (a line per search and present) is not read past start, but must be drained.
  child.stdout!.resume();
  child.stderr!.resume();
  return { child, port };
}

/** Each query found, then its first `page` hits shown (none when it found nothing). */
export async function timeGateway(
  sruUrl: string,
  queries: readonly SruBenchQuery[],
  hits: readonly number[],
  page: number,
): Promise<GatewayTimings> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-bench-z3950-'));
  const template = readFileSync(path.join(ROOT, 'deploy/z3950/simple2zoom.xml'), 'utf8');
  const config = path.join(dir, 'simple2zoom.xml');
  writeFileSync(config, template.replace(/<zurl>[^<]*<\/zurl>/, `<zurl>${sruUrl}</zurl>`));
  const gateway = await startGateway(config);
  try {
    const lines = [`open tcp:127.0.0.1:${gateway.port}/stacks`, 'format usmarc'];
    const kinds: ('find' | 'present')[] = [];
    queries.forEach((query, i) => {
      lines.push(`find ${query.pqf}`);
      kinds.push('find');
      const n = Math.min(page, hits[i] ?? 0);
      if (n > 0) {
        lines.push(`show 1+${n}`);
        kinds.push('present');
      }
    });
    writeFileSync(path.join(dir, 'commands.txt'), `${lines.join('\n')}\nquit\n`);
    const { stdout } = await run('yaz-client', ['-f', path.join(dir, 'commands.txt')], {
      maxBuffer: 512 * 1024 * 1024,
      timeout: 30 * 60_000,
    });
    // The first Elapsed is the Init (open); `format` prints none.
    const elapsed = [...stdout.matchAll(/^Elapsed: ([\d.]+)$/gm)].map((m) => Number(m[1]) * 1000).slice(1);
    if (elapsed.length !== kinds.length) {
      throw new Error(`yaz-client timed ${elapsed.length} commands of ${kinds.length}`);
    }
    const timings: GatewayTimings = { find: [], present: [] };
    kinds.forEach((kind, i) => timings[kind].push(elapsed[i]!));
    return timings;
  } finally {
    if (gateway.child.pid !== undefined && gateway.child.exitCode === null) {
      const exited = new Promise((resolve) => gateway.child.once('exit', resolve));
      process.kill(-gateway.child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
