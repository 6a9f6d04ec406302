import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { get } from 'node:http';
import path from 'node:path';
import {
  BENCH_DIR,
  ingestWithCli,
  inputFile,
  load,
  machine,
  positiveInt,
  snapshotDist,
  timed,
  type TimedRun,
} from './bench-process';

/**
 * `npm run bench:export [-- --records N] [--seed S] [--db PATH] [--reuse]`: loads a generated
 * catalog of N records (default 200,000; generate-marc.ts, as bench:ingest) with `stacks ingest`,
 * then exports the whole of it, each figure from a process of its own under GNU time:
 *
 * - `stacks export --to iso2709` and `--to marcxml` to a file (records/s, peak RSS);
 * - peers on the same records: `yaz-marcdump` reading the exported file back (parse only, and
 *   ISO 2709 → MARCXML), and `stacks convert` of the exported file to ISO 2709;
 * - `GET /export?format=iso2709` from `stacks serve` on the same database, read by a client here
 *   (records/s from the response's total; the server's peak RSS from /proc, start-up included).
 *
 * `--reuse` keeps a database already at `--db` instead of loading it again.
 */

interface Args {
  records: number;
  seed: number;
  db: string;
  reuse: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { records: 200_000, seed: 1, db: '', reuse: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--reuse') args.reuse = true;
    else if (flag === '--records') args.records = positiveInt(argv[++i], flag);
    else if (flag === '--seed') args.seed = positiveInt(argv[++i], flag);
    else if (flag === '--db') args.db = path.resolve(argv[++i] ?? '');
    else throw new Error(`unknown flag ${flag}`);
  }
  args.db ||= path.join(BENCH_DIR, `export-${args.records}.db`);
  return args;
}

interface Row {
  what: string;
  records: number;
  seconds: number;
  cpu?: number;
  rssKb?: number;
  note?: string;
}

function row(r: Row): string {
  const rate = Math.round(r.records / r.seconds).toLocaleString('en-US');
  const cpu = r.cpu === undefined ? '' : r.cpu.toFixed(1);
  const rss = r.rssKb === undefined ? '' : (r.rssKb / 1024).toFixed(0);
  return `| ${r.what} | ${r.records.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | ${cpu} | ${rate} | ${rss} | ${r.note ?? ''} |`;
}

function exportedCount(run: TimedRun): number {
  const match = /export: ([\d,]+) records written/.exec(run.stderr);
  if (!match) throw new Error(`no summary from stacks export: ${run.stderr.slice(-800)}`);
  return Number(match[1]!.replace(/,/g, ''));
}

function haveYaz(): boolean {
  try {
    execFileSync('yaz-marcdump', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const snapshot = snapshotDist('export-dist');
  const cli = path.join(snapshot, 'src/cli/main.js');
  const out = [`machine: ${machine()}`, `load average at start ${load()}`, ''];
  if (!(args.reuse && existsSync(args.db))) {
    const file = inputFile(args.records, args.seed, snapshot);
    process.stderr.write(`ingesting ${file} into ${args.db} …\n`);
    const run = await ingestWithCli({ snapshot, file, db: args.db });
    out.push(`catalog: ${path.basename(file)} loaded in ${run.seconds.toFixed(1)} s`, '');
  }
  const rows: Row[] = [];
  const mrc = path.join(BENCH_DIR, `export-${process.pid}.mrc`);
  const xml = path.join(BENCH_DIR, `export-${process.pid}.xml`);
  for (const [format, file] of [
    ['iso2709', mrc],
    ['marcxml', xml],
  ] as const) {
    process.stderr.write(`stacks export --to ${format} …\n`);
    const run = await timed([
      process.execPath,
      cli,
      'export',
      '--db',
      args.db,
      '--to',
      format,
      '-o',
      file,
      '-q',
    ]);
    const records = exportedCount(run);
    const mb = (statSync(file).size / 1e6).toFixed(0);
    rows.push({
      what: `\`stacks export --to ${format}\``,
      records,
      seconds: run.seconds,
      cpu: run.cpu,
      rssKb: run.rssKb,
      note: `${mb} MB`,
    });
  }
  const records = rows[0]!.records;
  if (haveYaz()) {
    process.stderr.write('yaz-marcdump …\n');
    const parse = await timed(['yaz-marcdump', '-n', mrc]);
    rows.push({
      what: '`yaz-marcdump -n` of the exported file (parse only)',
      records,
      seconds: parse.seconds,
      cpu: parse.cpu,
      rssKb: parse.rssKb,
    });
    const toXml = await timed(['sh', '-c', `yaz-marcdump -o marcxml '${mrc}' > /dev/null`]);
    rows.push({
      what: '`yaz-marcdump -o marcxml` of the exported file',
      records,
      seconds: toXml.seconds,
      cpu: toXml.cpu,
      rssKb: toXml.rssKb,
    });
  } else {
    out.push('yaz-marcdump not found: its rows are skipped (scripts/bench/install-yaz.sh)', '');
  }
  process.stderr.write('stacks convert …\n');
  const convert = await timed([
    process.execPath,
    cli,
    'convert',
    mrc,
    '--to',
    'iso2709',
    '-o',
    '/dev/null',
    '-q',
  ]);
  rows.push({
    what: '`stacks convert --to iso2709` of the exported file',
    records,
    seconds: convert.seconds,
    cpu: convert.cpu,
    rssKb: convert.rssKb,
  });
  process.stderr.write('GET /export …\n');
  rows.push(await httpExport(cli, args.db));
  rmSync(mrc, { force: true });
  rmSync(xml, { force: true });
  out.push(
    `### Export: the whole catalog of ${records.toLocaleString('en-US')} records`,
    '',
    '| what | records | seconds | CPU s | records/s | peak RSS MiB | |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(row),
    '',
    `load average at end ${load()}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

/** `stacks serve` on the database, a reader key, and one GET /export read to its end. */
async function httpExport(cli: string, db: string): Promise<Row> {
  const key = execFileSync(
    process.execPath,
    [cli, 'keys', 'create', '--role', 'reader', '--name', `bench-${process.pid}`, '--db', db],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  ).trim();
  const server = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', '0', '--no-samples'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      server.stdout.on('data', (d: Buffer) => {
        text += d.toString('utf8');
        const match = /listening on http:\/\/[^:]+:(\d+)/.exec(text);
        if (match) resolve(Number(match[1]));
      });
      server.once('exit', (code) => reject(new Error(`stacks serve exited with ${code}`)));
    });
    const started = process.hrtime.bigint();
    const { total, bytes } = await new Promise<{ total: number; bytes: number }>((resolve, reject) => {
      const headers = { authorization: `Bearer ${key}` };
      get({ host: '127.0.0.1', port, path: '/export?format=iso2709', headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET /export answered ${res.statusCode}`));
        let n = 0;
        res.on('data', (chunk: Buffer) => (n += chunk.length));
        res.on('end', () => resolve({ total: Number(res.headers['stacks-export-total']), bytes: n }));
        res.on('error', reject);
      }).on('error', reject);
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    return {
      what: '`GET /export?format=iso2709` (`stacks serve`, read pool)',
      records: total,
      seconds,
      rssKb: hwm,
      note: `${(bytes / 1e6).toFixed(0)} MB; server RSS peak since start`,
    };
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:export: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
