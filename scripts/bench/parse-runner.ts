import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The contenders of `bench:parse` and how one is run: each in a process of its own under GNU time
 * (`/usr/bin/time -f '%U %S %M'`), so peak RSS is that contender's alone and is measured the same way
 * for Node and for yaz-marcdump. Wall time is taken around the whole process, start-up included
 * (~0.06 s for Node, nothing for yaz), which is the time a user waits.
 */

export type Task = 'parse' | 'marcxml';

export interface Contender {
  name: string;
  task: Task;
  /** What the row measures, for the report's legend. */
  describe: string;
  command(file: string): string[];
  /** Where the contender's standard output goes: parsed as JSON, or thrown away. */
  stdout: 'json' | 'discard';
  /** Records read, from the contender's own report (JSON on stdout, or its summary on stderr). */
  records(stdout: string, stderr: string): number;
}

export interface RunResult {
  contender: string;
  records: number;
  seconds: number;
  /** User + system CPU seconds: above `seconds` when GC threads use the second core. */
  cpuSeconds: number;
  peakRssKb: number;
}

const ROOT = path.resolve(__dirname, '../../..');
const NODE_CONTENDER = path.join(ROOT, 'dist/scripts/bench/parse-contender.js');
const STACKS_BIN = path.join(ROOT, 'bin/stacks.js');
/** yaz converts MARC-8 records to UTF-8 with these; records whose leader/09 is `a` pass as UTF-8. */
const YAZ_MARC8 = ['-f', 'MARC-8', '-t', 'UTF-8'];

function nodeContender(name: string, task: Task, describe: string): Contender {
  return {
    name,
    task,
    describe,
    command: (file) => [process.execPath, NODE_CONTENDER, name, file],
    stdout: 'json',
    records: (stdout) => (JSON.parse(stdout) as { records: number }).records,
  };
}

function matchCount(text: string, pattern: RegExp, who: string): number {
  const m = pattern.exec(text);
  if (!m) throw new Error(`${who}: no record count in its output: ${text.slice(-300)}`);
  return Number(m[1]);
}

function yazContender(name: string, task: Task, describe: string, flags: string[]): Contender {
  return {
    name,
    task,
    describe,
    command: (file) => ['yaz-marcdump', '-r', ...flags, file],
    stdout: 'discard',
    records: (_out, err) => matchCount(err, /records read: (\d+)/, name),
  };
}

export const CONTENDERS: Contender[] = [
  nodeContender(
    'stacks-records',
    'parse',
    'readIso2709, one record per await; counts every field and subfield',
  ),
  nodeContender(
    'stacks-batches',
    'parse',
    'readIso2709Batches, arrays of records; counts every field and subfield',
  ),
  nodeContender(
    'stacks-sync',
    'parse',
    'diagnostic: the same framer and record parser in a synchronous loop (no streams, no promises)',
  ),
  nodeContender(
    'stacks-marcxml',
    'marcxml',
    'readIso2709Batches + marcXmlWriter + the CLI sink, to /dev/null',
  ),
  {
    name: 'stacks-cli-marcxml',
    task: 'marcxml',
    describe: '`stacks convert FILE --to marcxml -o /dev/null -q` (the real CLI)',
    command: (file) => [
      process.execPath,
      STACKS_BIN,
      'convert',
      file,
      '--to',
      'marcxml',
      '-o',
      '/dev/null',
      '-q',
    ],
    stdout: 'discard',
    records: (_out, err) => matchCount(err, /read (\d+), written/, 'stacks convert'),
  },
  nodeContender('marcjs-records', 'parse', 'marcjs 3.0.2 Iso2709 parser stream (UTF-8 only, no MARC-8)'),
  nodeContender('marcjs-marcxml', 'marcxml', 'marcjs Iso2709 parser → Marcxml formater stream, to /dev/null'),
  yazContender('yaz-parse', 'parse', '`yaz-marcdump -n -f MARC-8 -t UTF-8` (parse, convert, no output)', [
    '-n',
    ...YAZ_MARC8,
  ]),
  yazContender('yaz-parse-nocs', 'parse', '`yaz-marcdump -n` (parse only, no charset conversion)', ['-n']),
  yazContender('yaz-marcxml', 'marcxml', '`yaz-marcdump -f MARC-8 -t UTF-8 -o marcxml` > /dev/null', [
    ...YAZ_MARC8,
    '-o',
    'marcxml',
  ]),
  yazContender(
    'yaz-marcxml-nocs',
    'marcxml',
    '`yaz-marcdump -o marcxml` > /dev/null (no charset conversion)',
    ['-o', 'marcxml'],
  ),
];

/** The yaz row each row is compared with. */
export const BASELINE: Record<Task, string> = { parse: 'yaz-parse', marcxml: 'yaz-marcxml' };

function collect(stream: NodeJS.ReadableStream | null): () => string {
  const parts: Buffer[] = [];
  stream?.on('data', (d: Buffer) => parts.push(d));
  return () => Buffer.concat(parts).toString('utf8');
}

/** A crash's message is at the head of stderr (V8's fatal errors) or at its tail (stack traces). */
function excerpt(text: string): string {
  return text.length <= 1200 ? text : `${text.slice(0, 600)}\n…\n${text.slice(-600)}`;
}

/** Runs one contender on one file, once. */
export async function runContender(contender: Contender, file: string): Promise<RunResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-bench-'));
  const timeFile = path.join(dir, 'time');
  const devNull = contender.stdout === 'discard' ? openSync('/dev/null', 'w') : undefined;
  try {
    const argv = ['-f', '%U %S %M', '-o', timeFile, ...contender.command(file)];
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', argv, { stdio: ['ignore', devNull ?? 'pipe', 'pipe'] });
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (code !== 0) throw new Error(`${contender.name} exited with ${code}: ${excerpt(stderr())}`);
    // The last line: GNU time puts "Command exited with …" before it when a command fails.
    const [user, sys, rss] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    return {
      contender: contender.name,
      records: contender.records(stdout(), stderr()),
      seconds,
      cpuSeconds: user! + sys!,
      peakRssKb: rss!,
    };
  } finally {
    if (devNull !== undefined) closeSync(devNull);
    rmSync(dir, { recursive: true, force: true });
  }
}
