import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReadWorkerSetup } from '../../src/backends/read-pool.protocol';

/**
 * Starts the read pool's worker from its TypeScript source: under ts-jest there is no compiled
 * `read-pool.worker.js`, so the thread registers a loader that transpiles each `.ts` file it
 * requires (TypeScript's transpileModule, as ts-jest does with isolatedModules) and then runs the
 * worker module itself. Slower to start than the build's worker, otherwise the same code.
 */
const WORKER_SOURCE = path.resolve(__dirname, '../../src/backends/read-pool.worker.ts');

const LOADER = `
const fs = require('node:fs');
const ts = require('typescript');
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const out = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(out.outputText, filename);
};
require(${JSON.stringify(WORKER_SOURCE)});
`;

export function spawnSourceReadWorker(setup: ReadWorkerSetup): Worker {
  return new Worker(LOADER, { eval: true, workerData: setup });
}
