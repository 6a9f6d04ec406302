import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { builtInputs, corpusInputs, type FuzzInput } from './fuzz-inputs';
import { FuzzPool, makeCase, runCampaign, type CaseResult, type Failure } from './fuzz-pool';
import { READER_NAMES, type ReaderName } from './reader-check';

/**
 * The reader fuzzer at large counts (tests/unit/marc/fuzz.test.ts runs the same checks small):
 *
 *   npm run fuzz -- --iterations 20000 --seed 7 [--reader iso2709|marcxml|json|mrk]
 *   node dist/scripts/fuzz/fuzz-readers.js --reader mrk --case 123456789   # replay one case
 *
 * Inputs are our built fixtures plus corpus files (STACKS_CORPUS or ../shared/corpus) of at most
 * 32 KiB. Each failing case is printed and saved under --out (tmp/fuzz) as the mutated bytes and a
 * note with its problems and how to replay it. Exits 1 when any case failed.
 */

const CORPUS_FILE_BYTES = 32 * 1024;
const CORPUS_FILES_PER_READER = 60;
const PROGRESS_EVERY_MS = 2000;
const PRINTED_FAILURES = 10;
const SAVED_FAILURES = 100;

interface Options {
  iterations: number;
  seed: number;
  readers: ReaderName[];
  corpus: string;
  timeoutMs: number;
  out: string;
  replay: number | undefined;
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return n;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      iterations: { type: 'string' },
      seed: { type: 'string' },
      reader: { type: 'string' },
      corpus: { type: 'string' },
      'timeout-ms': { type: 'string' },
      out: { type: 'string' },
      case: { type: 'string' },
    },
  });
  const reader = values.reader;
  if (reader !== undefined && !READER_NAMES.includes(reader as ReaderName))
    throw new Error(`--reader must be one of ${READER_NAMES.join(', ')}, got "${reader}"`);
  return {
    iterations: integer(values.iterations, 'iterations', 1000),
    seed: integer(values.seed, 'seed', 1),
    readers: reader ? [reader as ReaderName] : [...READER_NAMES],
    corpus: values.corpus ?? process.env.STACKS_CORPUS ?? path.resolve('..', 'shared', 'corpus'),
    timeoutMs: integer(values['timeout-ms'], 'timeout-ms', 10_000),
    out: values.out ?? path.join('tmp', 'fuzz'),
    replay: values.case === undefined ? undefined : integer(values.case, 'case', 0),
  };
}

function inputsFor(reader: ReaderName, options: Options): FuzzInput[] {
  return [
    ...builtInputs(reader),
    ...corpusInputs(options.corpus, reader, CORPUS_FILE_BYTES, CORPUS_FILES_PER_READER),
  ];
}

function save(failure: Failure, options: Options): string {
  mkdirSync(options.out, { recursive: true });
  const base = path.join(options.out, `${failure.reader}-case-${failure.caseSeed}`);
  writeFileSync(`${base}.bin`, failure.input);
  const note = [
    `reader: ${failure.reader}`,
    `seed: ${options.seed}, iteration ${failure.iteration}, case seed ${failure.caseSeed}`,
    `mutated from: ${failure.inputName} (${failure.input.length} bytes after mutation)`,
    `replay: node dist/scripts/fuzz/fuzz-readers.js --reader ${failure.reader} --case ${failure.caseSeed}` +
      ` --corpus ${options.corpus}`,
    '',
    ...failure.problems,
    '',
  ];
  writeFileSync(`${base}.txt`, note.join('\n'));
  return `${base}.bin`;
}

function report(failure: Failure, options: Options, index: number): void {
  const file = index < SAVED_FAILURES ? save(failure, options) : '(not saved)';
  if (index >= PRINTED_FAILURES) return;
  const first = failure.problems[0]?.split('\n').slice(0, 4).join('\n    ') ?? '';
  process.stdout.write(
    `FAIL ${failure.reader} seed=${options.seed} iteration=${failure.iteration} case=${failure.caseSeed}` +
      ` from "${failure.inputName}" -> ${file}\n    ${first}\n`,
  );
}

/** Prints a progress line at most every couple of seconds. */
function progress(reader: ReaderName, total: number): (i: number, r: CaseResult) => void {
  const started = Date.now();
  let last = started;
  let failed = 0;
  let slowest = 0;
  return (iteration, result) => {
    if (result.problems.length > 0) failed++;
    slowest = Math.max(slowest, result.ms);
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS && iteration + 1 < total) return;
    last = now;
    const rate = Math.round(((iteration + 1) * 1000) / Math.max(1, now - started));
    process.stdout.write(
      `[${reader}] ${iteration + 1}/${total} cases, ${failed} failing, ${rate} cases/s, slowest ${slowest.toFixed(1)} ms\n`,
    );
  };
}

async function replay(pool: FuzzPool, options: Options): Promise<number> {
  const reader = options.readers[0]!;
  const { input, bytes } = makeCase(inputsFor(reader, options), options.replay!);
  const result = await pool.check(reader, bytes);
  process.stdout.write(`${reader} case ${options.replay} from "${input.name}" (${bytes.length} bytes)\n`);
  if (result.problems.length === 0) {
    process.stdout.write('no problem\n');
    return 0;
  }
  const failure = { reader, iteration: -1, caseSeed: options.replay!, inputName: input.name, input: bytes };
  process.stdout.write(`${result.problems.join('\n')}\nsaved ${save({ ...failure, ...result }, options)}\n`);
  return 1;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const pool = new FuzzPool(options.timeoutMs);
  try {
    if (options.replay !== undefined) return await replay(pool, options);
    let failures = 0;
    for (const reader of options.readers) {
      const inputs = inputsFor(reader, options);
      process.stdout.write(
        `[${reader}] ${inputs.length} inputs, ${options.iterations} cases, seed ${options.seed}\n`,
      );
      const found = await runCampaign(pool, {
        reader,
        inputs,
        seed: options.seed,
        iterations: options.iterations,
        onCase: progress(reader, options.iterations),
      });
      found.forEach((f, i) => report(f, options, i));
      failures += found.length;
    }
    process.stdout.write(failures === 0 ? 'no failures\n' : `${failures} failing case(s)\n`);
    return failures === 0 ? 0 : 1;
  } finally {
    await pool.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
