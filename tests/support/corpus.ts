import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared corpus of real MARC files lives beside the repository (../shared/corpus), never in
 * it. STACKS_CORPUS overrides the location. Suites that need it skip, and say so, when absent.
 */
export const CORPUS_DIR =
  process.env.STACKS_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

export const corpusAvailable = existsSync(path.join(CORPUS_DIR, 'MANIFEST.md'));

export function corpusPath(relative: string): string {
  return path.join(CORPUS_DIR, relative);
}

let announced = false;

/** describe() when the corpus is present; otherwise a skipped describe and one plain notice. */
export function describeCorpus(name: string, fn: () => void): void {
  if (corpusAvailable) {
    describe(name, fn);
    return;
  }
  if (!announced) {
    announced = true;
    process.stderr.write(
      `corpus suites SKIPPED: ${CORPUS_DIR} not found (set STACKS_CORPUS or clone beside ../shared)\n`,
    );
  }
  describe.skip(`${name} (SKIPPED: ../shared/corpus absent)`, fn);
}
