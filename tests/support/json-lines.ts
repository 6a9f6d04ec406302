import { readFileSync } from 'node:fs';

/** A JSON-lines file (an import's or ingest's --report) as its parsed lines. */
export function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);
}
