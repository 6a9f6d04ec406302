import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReadWorkerSetup } from '../../src/backends/read-pool.protocol';
import { transpileTree } from './transpile';

/**
 * Starts the read pool's worker from the TypeScript source: under ts-jest there is no compiled
 * `read-pool.worker.js`. Loading this module transpiles src/ once for the test file (TypeScript's
 * transpileModule, as ts-jest does with isolatedModules) into a temp directory whose node_modules
 * links to the project's; every worker then starts from plain JavaScript. Transpiling in each
 * worker instead cost 2.3 s a start on a loaded machine, and the contracts start dozens.
 */
const ROOT = path.resolve(__dirname, '../..');
/** Done when a test file loads this module, so the directory goes with the file's own afterAll. */
function compileWorker(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stacks-read-worker-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  transpileTree(path.join(ROOT, 'src'), path.join(dir, 'src'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return path.join(dir, 'src', 'backends', 'read-pool.worker.js');
}

const WORKER_FILE = compileWorker();

export function spawnSourceReadWorker(setup: ReadWorkerSetup): Worker {
  return new Worker(WORKER_FILE, { workerData: setup });
}
