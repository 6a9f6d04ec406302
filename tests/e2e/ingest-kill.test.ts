import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { seeded } from '../../scripts/fuzz/mutate';
import { describeBuilt } from '../support/built';
import { syntheticFile } from '../support/synthetic';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'stacks.js');

function ingestSync(file: string, db: string): number {
  return (
    spawnSync(process.execPath, [BIN, 'ingest', file, '--db', db, '--batch', '100', '-q'], {
      encoding: 'utf8',
    }).status ?? -1
  );
}

/**
 * Starts an ingest with its report on stdout and SIGKILLs it once `lines` report lines have come:
 * the pipeline writes a batch's lines only after the batch is committed, and a full pipe stalls the
 * child (its stdout on a pipe is synchronous), so the kill lands a few batches past the chosen
 * point on any machine, however loaded. Resolves when it is gone, whether killed or done.
 */
function ingestKilledAfterLines(file: string, db: string, lines: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [BIN, 'ingest', file, '--db', db, '--batch', '100', '-q', '--report', '-'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let seen = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1').split('\n').length - 1;
      if (seen >= lines) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve());
  });
}

/** Everything that defines the catalog's state: records with versions and content, and what the index holds. */
function snapshot(db: string): { records: string[]; indexed: number; identifiers: number } {
  const conn = new Database(db, { readonly: true });
  try {
    const records = (
      conn.prepare('SELECT id, version, content_hash FROM records ORDER BY id').all() as {
        id: string;
        version: number;
        content_hash: string;
      }[]
    ).map((r) => `${r.id} v${r.version} ${r.content_hash}`);
    const indexed = (conn.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
    const identifiers = (conn.prepare('SELECT count(*) AS n FROM identifiers').get() as { n: number }).n;
    return { records, indexed, identifiers };
  } finally {
    conn.close();
  }
}

/** Records in a catalog a kill may have left before its tables existed (then 0). */
function recordCount(db: string): number {
  try {
    return snapshot(db).records.length;
  } catch {
    return 0;
  }
}

describeBuilt('ingest killed at random moments (the built CLI)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stacks-kill-'));
  const file = path.join(dir, 'in.mrc');
  writeFileSync(file, syntheticFile(6000));

  test('when an ingest is killed again and again and then run to the end, then the catalog equals one clean run', async () => {
    const clean = path.join(dir, 'clean.db');
    expect(ingestSync(file, clean)).toBe(0);
    const expected = snapshot(clean);
    expect(expected.records).toHaveLength(6000);

    // Kill points are counts of committed records, read from the report as it grows.
    const killed = path.join(dir, 'killed.db');
    const random = seeded(20261129);
    const partial: number[] = [];
    for (let round = 0; round < 4; round++) {
      const lines = Math.round(6000 * (0.2 + 0.6 * random()));
      await ingestKilledAfterLines(file, killed, lines);
      partial.push(recordCount(killed));
      // Every reported record was committed before its line was written.
      expect(partial[round]).toBeGreaterThanOrEqual(lines);
    }
    expect(partial.some((n) => n > 0 && n < 6000)).toBe(true);
    expect(ingestSync(file, killed)).toBe(0);

    const actual = snapshot(killed);
    expect(actual.records).toEqual(expected.records);
    expect(actual.indexed).toBe(6000);
    expect(actual.identifiers).toBe(expected.identifiers);
  }, 120_000);
});
