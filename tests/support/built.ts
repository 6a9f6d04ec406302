import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Suites that run the compiled command (`node bin/stacks.js`) or load modules from dist/ need a
 * build; ts-jest never makes one. Without it they are skipped, and say so once, so that a stale
 * or missing dist/ is never mistaken for a pass.
 */
const ROOT = path.resolve(__dirname, '..', '..');
export const DIST_SRC = path.join(ROOT, 'dist', 'src');
export const BIN = path.join(ROOT, 'bin', 'stacks.js');

// The worker file too: a build from before the worker thread existed would fail, not skip.
const REQUIRED = ['cli/main.js', 'ingest/prepare.worker.js'].map((f) => path.join(DIST_SRC, f));

export const builtAvailable = REQUIRED.every((file) => existsSync(file));

let announced = false;

function announceSkip(suite: string): void {
  if (announced) return;
  announced = true;
  const missing = REQUIRED.find((file) => !existsSync(file)) ?? DIST_SRC;
  process.stderr.write(
    `built suites SKIPPED: "${suite}" (and any other that runs dist/): ${missing} not found; run npm run build first\n`,
  );
}

/** describe() when dist/ is built; otherwise a skipped describe and one notice. */
export function describeBuilt(name: string, fn: () => void): void {
  if (builtAvailable) {
    describe(name, fn);
    return;
  }
  announceSkip(name);
  describe.skip(`${name} (SKIPPED: dist/ not built; npm run build)`, fn);
}

/** test() when dist/ is built, for a built case inside a suite skipped for another reason. */
export function testBuilt(name: string, fn: jest.ProvidesCallback, timeout?: number): void {
  if (builtAvailable) {
    test(name, fn, timeout);
    return;
  }
  announceSkip(name);
  test.skip(`${name} (SKIPPED: dist/ not built; npm run build)`, fn, timeout);
}
