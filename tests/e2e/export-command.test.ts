import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { readMarc } from '../../src/marc/formats';
import { bytesSource } from '../../src/marc/source';
import { BIN, describeBuilt } from '../support/built';
import { describeCliCatalogs, type CliCatalog } from '../support/cli-catalogs';
import { collect, recordsOf } from '../support/collect';
import { corpusAvailable, corpusPath } from '../support/corpus';

/**
 * `stacks export` as a user runs it (the built command), on the embedded catalog and on MongoDB +
 * the search engine: the bundled samples and a real corpus file exported as ISO 2709 and MARCXML
 * and read back by yaz-marcdump (Index Data's reader, the reference) with the same count and no
 * complaint; a query to standard output; a resume with --after; bad input.
 */
/** Every case spawns the command a few times, each start a second or more on a busy machine. */
const SLOW = 240_000;
const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLES = ['samples.mrc', 'samples-marcxml.xml', 'samples-mij.json', 'samples.mrk'].map((f) =>
  path.join(ROOT, 'ingest', 'samples', f),
);
const JAZZ = corpusPath('evergreen/jazz_1k.mrc');
const haveYaz = spawnSync('yaz-marcdump', ['-V']).status === 0;
if (!haveYaz) {
  process.stderr.write(
    'export-command: yaz-marcdump checks SKIPPED: yaz is not installed (Debian package `yaz`; scripts/bench/install-yaz.sh)\n',
  );
}
if (!corpusAvailable) process.stderr.write('export-command: corpus case SKIPPED: ../shared/corpus absent\n');

interface Ran {
  code: number;
  stdout: Buffer;
  stderr: string;
}

function stacks(env: Record<string, string>, ...args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

function written(stderr: string): number {
  const match = /export: ([\d,]+) records written/.exec(stderr);
  if (!match) throw new Error(`no export summary in: ${stderr}`);
  return Number(match[1]!.replace(/,/g, ''));
}

/** Records yaz-marcdump reads from a file (ISO 2709, or MARCXML turned into ISO 2709 first). */
function yazCount(file: string, format: 'iso2709' | 'marcxml'): number {
  const args = format === 'marcxml' ? ['-i', 'marcxml', '-o', 'marc', file] : ['-o', 'marc', file];
  const run = spawnSync('yaz-marcdump', args, { maxBuffer: 1 << 30 });
  expect(run.stderr.toString('utf8')).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.filter((byte) => byte === 0x1d).length;
}

async function ourCount(bytes: Buffer, format: 'iso2709' | 'marcxml' | 'json'): Promise<number> {
  const items = await collect(readMarc(bytesSource(bytes), { format }));
  expect(items.filter((i) => !i.ok)).toEqual([]);
  return recordsOf(items).length;
}

async function exportBoth(catalog: CliCatalog, at: string[], name: string, expected: number): Promise<void> {
  for (const format of ['iso2709', 'marcxml'] as const) {
    const file = path.join(catalog.dir, `${catalog.label}-${name}.${format}`);
    const run = await stacks(catalog.env(), 'export', ...at, '--to', format, '-o', file);
    expect(run.stderr).toContain(`records written to ${file} (${format})`);
    expect(run.code).toBe(0);
    expect(written(run.stderr)).toBe(expected);
    expect(await ourCount(readFileSync(file), format)).toBe(expected);
    if (haveYaz) expect(yazCount(file, format)).toBe(expected);
  }
}

describeBuilt('stacks export (built command)', () => {
  describeCliCatalogs('stacks export', (catalog) => {
    test(
      `when the bundled samples are exported (${catalog.label}), then yaz-marcdump reads every stored record back`,
      async () => {
        const at = await catalog.fresh('samples');
        expect((await stacks(catalog.env(), 'ingest', ...SAMPLES, ...at, '-q')).code).toBe(0);
        const backends = await catalog.open();
        const stored = await backends.store.count();
        await backends.close();
        expect(stored).toBeGreaterThan(100);
        await exportBoth(catalog, at, 'samples', stored);
      },
      SLOW,
    );

    test(
      `when a query is exported to standard output and resumed after an id (${catalog.label}), then the two parts make the whole`,
      async () => {
        const at = await catalog.fresh('query');
        expect((await stacks(catalog.env(), 'ingest', ...SAMPLES, ...at, '-q')).code).toBe(0);
        const whole = await stacks(catalog.env(), 'export', 'war', 'OR', 'peace', ...at, '--to', 'jsonl');
        expect(whole.code).toBe(0);
        const lines = whole.stdout.toString('utf8').trim().split('\n');
        expect(lines.length).toBe(written(whole.stderr));
        expect(lines.length).toBeGreaterThan(2);
        const cut = Math.floor(lines.length / 2);
        // The summary names the last id written: what a run cut short would resume from.
        const lastId = /last id (".*")/.exec(whole.stderr)?.[1];
        expect(lastId).toBeDefined();
        const firstPart = lines.slice(0, cut);
        const ids = await idsOf(firstPart);
        const rest = await stacks(
          catalog.env(),
          'export',
          'war OR peace',
          ...at,
          '--to',
          'jsonl',
          '--after',
          ids[cut - 1]!,
        );
        expect(rest.code).toBe(0);
        expect(rest.stdout.toString('utf8').trim().split('\n')).toEqual(lines.slice(cut));
        const tail = await stacks(
          catalog.env(),
          'export',
          'war OR peace',
          ...at,
          '--to',
          'jsonl',
          '--after',
          JSON.parse(lastId!),
        );
        expect(tail.stdout.length).toBe(0);
        expect(tail.stderr).toContain('export: 0 records written');
      },
      SLOW,
    );

    test(
      `when the query or the format is bad (${catalog.label}), then one line says so and nothing is written`,
      async () => {
        const at = await catalog.fresh('bad');
        expect((await stacks(catalog.env(), 'ingest', SAMPLES[0]!, ...at, '-q')).code).toBe(0);
        const file = path.join(catalog.dir, 'never.mrc');
        const query = await stacks(
          catalog.env(),
          'export',
          'title:(war',
          ...at,
          '--to',
          'iso2709',
          '-o',
          file,
        );
        expect(query.code).toBe(2);
        expect(query.stderr.trim().split('\n')).toHaveLength(1);
        expect(query.stderr).toMatch(/^stacks: .*\(invalid_query\)\n$/);
        expect(existsSync(file)).toBe(false);
        const format = await stacks(catalog.env(), 'export', ...at, '--to', 'marc21');
        expect(format.code).toBe(1);
        expect(format.stderr.trim().split('\n')).toHaveLength(1);
        expect(format.stderr).toContain('iso2709, marcxml, json, jsonl, mrk');
      },
      SLOW,
    );

    (corpusAvailable ? test : test.skip)(
      `when a real MARC-8 file (evergreen jazz_1k) is loaded and exported (${catalog.label}), then yaz-marcdump reads the same count`,
      async () => {
        const at = await catalog.fresh('jazz');
        const load = await stacks(catalog.env(), 'ingest', JAZZ, ...at, '-q');
        expect([0, 1]).toContain(load.code);
        const backends = await catalog.open();
        const stored = await backends.store.count();
        await backends.close();
        expect(stored).toBeGreaterThan(900);
        await exportBoth(catalog, at, 'jazz', stored);
      },
      SLOW,
    );
  });
});

/** The record ids the default mapping gives these MARC-in-JSON lines. */
async function idsOf(lines: string[]): Promise<string[]> {
  const map = createDefaultMapper();
  const items = await collect(readMarc(bytesSource(lines.join('\n')), { format: 'json' }));
  return recordsOf(items).map((i) => map(i.record).id);
}
