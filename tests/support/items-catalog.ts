import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { sampleBooks } from './books';
import { stacksInProcess } from './cli-in-process';

export const ITEM_FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'items');

/** A temp directory with an embedded catalog of the sample books ((StK)stk000001 …), loaded by `stacks ingest`. */
export async function sampleCatalog(prefix: string): Promise<{ dir: string; db: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const mrc = path.join(dir, 'books.mrc');
  writeFileSync(mrc, Buffer.concat(sampleBooks().map((b) => toIso2709(b))));
  const db = path.join(dir, 'stacks.db');
  const { code, stderr } = await stacksInProcess('ingest', mrc, '--db', db, '-q');
  if (code !== 0) throw new Error(`ingest of the sample books failed: ${stderr}`);
  return { dir, db };
}

/** Runs the command in this process, capturing stdout as well as stderr and the exit code. */
export async function stacksWithStdout(
  ...args: string[]
): Promise<{ code: number; stderr: string; stdout: string }> {
  const out: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    return { ...(await stacksInProcess(...args)), stdout: out.join('') };
  } finally {
    spy.mockRestore();
  }
}
