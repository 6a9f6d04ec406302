import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FuzzInput } from './fuzz-inputs';
import { mutate, seeded } from './mutate';
import type { ReaderName } from './reader-check';

/**
 * Runs reader checks in a worker thread under a watchdog. A reader stuck in a synchronous loop
 * would block any in-process timer, so the main thread keeps the clock and terminates the worker
 * when a case overruns; the next case gets a fresh worker. Works from the compiled script (dist,
 * .js) and under jest (.ts: the worker transpiles with the project's TypeScript as it requires).
 */

export interface CaseResult {
  problems: string[];
  ms: number;
  hung: boolean;
}

export interface Failure {
  reader: ReaderName;
  iteration: number;
  caseSeed: number;
  inputName: string;
  input: Buffer;
  problems: string[];
}

interface Reply {
  id: number;
  problems: string[];
  ms: number;
}

const MAX_WORKER_HEAP_MB = 512;

function workerSource(checkModule: string, typescript: string | null): string {
  const hook = typescript
    ? `const ts = require(${JSON.stringify(typescript)});
const fs = require('node:fs');
require.extensions['.ts'] = (module, filename) => {
  const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: options });
  module._compile(out.outputText, filename);
};
`
    : '';
  return `${hook}const { parentPort } = require('node:worker_threads');
const { checkInput } = require(${JSON.stringify(checkModule)});
parentPort.on('message', async ({ id, reader, input }) => {
  const started = performance.now();
  const problems = await checkInput(reader, input).catch((err) => ['checker failed: ' + ((err && err.stack) || err)]);
  parentPort.postMessage({ id, problems, ms: performance.now() - started });
});
parentPort.postMessage({ id: 0, problems: [], ms: 0 });
`;
}

export class FuzzPool {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 0;

  /** `checkModule` exports `checkInput(reader, input)`; by default reader-check beside this file. */
  constructor(
    private readonly timeoutMs: number,
    private readonly checkModule = path.join(__dirname, `reader-check${path.extname(__filename)}`),
  ) {}

  private start(): { worker: Worker; ready: Promise<void> } {
    const typescript = this.checkModule.endsWith('.ts') ? require.resolve('typescript') : null;
    const worker = new Worker(workerSource(this.checkModule, typescript), {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: MAX_WORKER_HEAP_MB },
    });
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    this.worker = worker;
    this.ready = ready;
    return { worker, ready };
  }

  /** Checks one input; a hang, a crash or running out of memory is a result, not an exception. */
  async check(reader: ReaderName, input: Uint8Array): Promise<CaseResult> {
    const { worker, ready } =
      this.worker && this.ready ? { worker: this.worker, ready: this.ready } : this.start();
    await ready;
    const id = ++this.nextId;
    return new Promise<CaseResult>((resolve) => {
      const finish = (result: CaseResult, dead: boolean): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        if (dead) this.discard(worker);
        resolve(result);
      };
      const onMessage = (reply: Reply): void => {
        if (reply.id === id) finish({ problems: reply.problems, ms: reply.ms, hung: false }, false);
      };
      const onError = (err: Error): void =>
        finish({ problems: [`worker died: ${err.stack ?? err.message}`], ms: 0, hung: false }, true);
      const timer = setTimeout(
        () =>
          finish(
            { problems: [`no result within ${this.timeoutMs} ms: hung`], ms: this.timeoutMs, hung: true },
            true,
          ),
        this.timeoutMs,
      );
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ id, reader, input });
    });
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = null;
      this.ready = null;
    }
    void worker.terminate();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker) await worker.terminate();
  }
}

/** Each case has its own seed, so one failing case can be replayed without the ones before it. */
export function caseSeed(seed: number, iteration: number): number {
  return (Math.imul(seed, 0x9e3779b1) + iteration) >>> 0;
}

/** The input a case seed picks from the pool, and its mutation. */
export function makeCase(inputs: FuzzInput[], seedOfCase: number): { input: FuzzInput; bytes: Buffer } {
  const rng = seeded(seedOfCase);
  const input = inputs[Math.floor(rng() * inputs.length)]!;
  return { input, bytes: mutate(input.bytes, rng) };
}

export interface Campaign {
  reader: ReaderName;
  inputs: FuzzInput[];
  seed: number;
  iterations: number;
  /** Called after every case (progress reports). */
  onCase?: (iteration: number, result: CaseResult) => void;
}

/** Mutates and checks `iterations` cases; returns the ones that broke a rule. */
export async function runCampaign(pool: FuzzPool, campaign: Campaign): Promise<Failure[]> {
  const failures: Failure[] = [];
  for (let iteration = 0; iteration < campaign.iterations; iteration++) {
    const seedOfCase = caseSeed(campaign.seed, iteration);
    const { input, bytes } = makeCase(campaign.inputs, seedOfCase);
    const result = await pool.check(campaign.reader, bytes);
    campaign.onCase?.(iteration, result);
    if (result.problems.length > 0) {
      failures.push({
        reader: campaign.reader,
        iteration,
        caseSeed: seedOfCase,
        inputName: input.name,
        input: bytes,
        problems: result.problems,
      });
    }
  }
  return failures;
}
