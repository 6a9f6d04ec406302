import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root, found by walking up from this file: the same from src/ (tests) and dist/src/. */
export const ROOT_DIR = findRoot(__dirname);

export const VERSION: string = (
  JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }
).version;

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'tsconfig.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
}
