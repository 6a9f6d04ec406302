import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildProgram, run } from '../../src/cli/main';
import { syntheticFile } from '../support/synthetic';
import { testBuilt } from '../support/built';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'stacks.js');
const dir = mkdtempSync(path.join(tmpdir(), 'stacks-vocabulary-'));
const file = path.join(dir, 'syn.mrc');
writeFileSync(file, syntheticFile(30));
const db = path.join(dir, 'catalog.db');

/** Runs the CLI in-process, capturing stdout, stderr and the exit code. */
async function stacks(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out.push(String(c));
    return true;
  });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err.push(String(c));
    return true;
  });
  // Commander exits the process on a flag it does not know; here that is a failure, not the end of jest.
  const x = jest.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`process.exit(${code}): ${err.join('')}`);
  });
  process.exitCode = 0;
  try {
    await run(['node', 'stacks', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
    x.mockRestore();
    process.exitCode = 0;
  }
}

function helpOf(name: string): string {
  return buildProgram()
    .commands.find((c) => c.name() === name)!
    .helpInformation();
}

beforeAll(async () => {
  expect((await stacks('ingest', file, '--db', db, '-q')).code).toBe(0);
});

describe('one vocabulary across commands and the HTTP API', () => {
  test('when convert and validate name the input format, then --format is the flag and --from still works', async () => {
    const now = await stacks('validate', file, '--format', 'iso2709', '-q');
    const old = await stacks('validate', file, '--from', 'iso2709', '-q');
    const wrong = await stacks('validate', file, '--from', 'marcxml', '-q');

    expect([now.code, old.code]).toEqual([0, 0]);
    expect(now.stderr).toContain('read 30, written 0, rejected 0');
    expect(old.stderr).toBe(now.stderr);
    expect(wrong.stderr).not.toContain('read 30');
    expect(helpOf('validate')).toContain('--format <format>');
    expect(helpOf('convert')).toContain('--format <format>');
    expect(helpOf('convert')).not.toContain('--from');
  });

  test('when an unknown format is met, then the message names --format', async () => {
    const junk = path.join(dir, 'junk.txt');
    writeFileSync(junk, 'hello world');

    const { stderr } = await stacks('validate', junk);

    expect(stderr).toContain('name its format (--format, or format in POST /ingest)');
    expect(stderr).not.toContain('--from');
  });

  test('when ingest is given --batch-size or the old --batch, then both set the batch size', async () => {
    const now = await stacks('ingest', file, '--db', db, '--batch-size', '0', '-q');
    const old = await stacks('ingest', file, '--db', db, '--batch', '0', '-q');
    const fine = await stacks('ingest', file, '--db', db, '--batch', '7', '-q');

    expect(now.stderr).toContain('--batch-size "0" is not a whole number from 1 to 100000');
    expect(old.stderr).toBe(now.stderr);
    expect(fine.code).toBe(0);
    expect(helpOf('ingest')).toContain('--batch-size <n>');
    expect(helpOf('ingest')).not.toMatch(/--batch </);
  });

  test('when reindex is given the old --batch, then it still works', async () => {
    const { code, stderr } = await stacks('reindex', '--db', db, '--batch', '5', '-q');

    expect(code).toBe(0);
    expect(stderr).toContain('0 still pending');
    expect(helpOf('reindex')).toContain('--batch-size <n>');
  });

  test('when search filters with field:value as the HTTP API does, or the old field=value, then the hits agree', async () => {
    const now = await stacks(
      'search',
      '--db',
      db,
      '--json',
      '--filter',
      'language:eng',
      '--facets',
      'format',
    );
    const old = await stacks('search', '--db', db, '--json', '--filter', 'language=eng', '--facet', 'format');
    const none = await stacks('search', '--db', db, '--json', '--filter', 'language:fre');

    const parsed = JSON.parse(now.stdout) as { total: number; facets: { format?: unknown[] } };
    expect(parsed.total).toBe(30);
    expect(parsed.facets.format).toBeDefined();
    expect(JSON.parse(old.stdout)).toEqual({ ...parsed, took: expect.any(Number) });
    expect((JSON.parse(none.stdout) as { total: number }).total).toBe(0);
    expect(helpOf('search')).toContain('--facets <fields>');
    expect(helpOf('search')).not.toMatch(/--facet </);
  });

  test('when search names the values per facet as facetLimit does (--facet-limit), then each facet has at most that many', async () => {
    const { stdout } = await stacks(
      'search',
      '--db',
      db,
      '--json',
      '--facets',
      'author',
      '--facet-limit',
      '2',
    );

    const authors = (JSON.parse(stdout) as { facets: { author: unknown[] } }).facets.author;
    expect(authors).toHaveLength(2);
  });

  test('when search cites its page as GET /search?format= does (--format, --style), then the hits come back as RIS or a bibliography', async () => {
    const ris = await stacks('search', '--db', db, '--limit', '3', '--format', 'ris');
    const apa = await stacks(
      'search',
      '--db',
      db,
      '--limit',
      '3',
      '--format',
      'citation',
      '--style',
      'vancouver',
    );

    expect(ris.code).toBe(0);
    expect(ris.stdout.match(/^TY {2}- /gm)).toHaveLength(3);
    expect(apa.stdout.trim().split('\n')).toHaveLength(3);
    expect(apa.stdout).toMatch(/^1\. /);
    expect(helpOf('search')).toContain('--format <format>');
  });

  test('when search names years as yearFrom/yearTo do, then --year-from/--year-to and --year agree', async () => {
    const split = await stacks('search', '--db', db, '--json', '--year-from', '1800', '--year-to', '1810');
    const short = await stacks('search', '--db', db, '--json', '--year', '1800-1810');

    const total = (JSON.parse(split.stdout) as { total: number }).total;
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(30);
    expect((JSON.parse(short.stdout) as { total: number }).total).toBe(total);
  });

  // The bad choice runs the built command, so this case needs dist/.
  testBuilt(
    'when browse names the call-number scheme as the HTTP API does (--scheme), then the old --type agrees',
    async () => {
      const now = await stacks('browse', 'callnumber', '--from', 'A', '--scheme', 'lc', '--db', db, '--json');
      const old = await stacks('browse', 'callnumber', '--from', 'A', '--type', 'lc', '--db', db, '--json');
      // Commander exits the process on a bad choice: the built command is run for that one.
      const bad = spawnSync(process.execPath, [BIN, 'browse', 'callnumber', '--from', 'A', '--type', 'udc'], {
        encoding: 'utf8',
      });

      expect(now.code).toBe(0);
      expect(JSON.parse(old.stdout)).toEqual(JSON.parse(now.stdout));
      expect(bad.stderr).toContain("option '--scheme <scheme>' argument 'udc' is invalid");
      expect(helpOf('browse')).toContain('--scheme <scheme>');
      expect(helpOf('browse')).not.toContain('--type');
    },
  );
});
