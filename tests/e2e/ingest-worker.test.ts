import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { openSqliteBackends as OpenBackends } from '../../src/backends/sqlite.backends';
import type { DEFAULT_INGEST_OPTIONS as Defaults, ReportLine } from '../../src/ingest/ingest.types';
import type { runIngest as RunIngest } from '../../src/ingest/pipeline';
import type { createDefaultMapper as CreateMapper } from '../../src/ingest/default-mapper';
import type { createMapper as CreateProfileMapper } from '../../src/mapping/mapper';
import type { MappingProfile } from '../../src/mapping/profile';
import { bytesSource } from '../../src/marc/source';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { sampleBooks } from '../support/books';
import { describeBuilt } from '../support/built';
import { syntheticRecord } from '../support/synthetic';

/**
 * The worker thread exists only in the compiled build (ts-jest runs the pipeline on one thread),
 * so these cases load the pipeline from dist/ and compare a worker run with a one-thread run.
 */
const DIST = path.resolve(__dirname, '..', '..', 'dist', 'src');
const load = () => ({
  runIngest: (require(path.join(DIST, 'ingest/pipeline.js')) as { runIngest: typeof RunIngest }).runIngest,
  open: (
    require(path.join(DIST, 'backends/sqlite.backends.js')) as { openSqliteBackends: typeof OpenBackends }
  ).openSqliteBackends,
  mapper: (
    require(path.join(DIST, 'ingest/default-mapper.js')) as { createDefaultMapper: typeof CreateMapper }
  ).createDefaultMapper,
  defaults: (
    require(path.join(DIST, 'ingest/ingest.types.js')) as { DEFAULT_INGEST_OPTIONS: typeof Defaults }
  ).DEFAULT_INGEST_OPTIONS,
  createMapper: (
    require(path.join(DIST, 'mapping/mapper.js')) as { createMapper: typeof CreateProfileMapper }
  ).createMapper,
  defaultProfile: (
    require(path.join(DIST, '..', 'ingest/profile/default.profile.js')) as { defaultProfile: MappingProfile }
  ).defaultProfile,
});

const dir = mkdtempSync(path.join(tmpdir(), 'stacks-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = Buffer.concat([
  ...sampleBooks().map(toIso2709),
  ...Array.from({ length: 500 }, (_, i) => toIso2709(syntheticRecord(i))),
  Buffer.from('damaged bytes'),
  ...Array.from({ length: 300 }, (_, i) => toIso2709(syntheticRecord(i + 2000))),
]);
/** A second input of the same run: its records update the first input's. */
const revisions = Buffer.concat(Array.from({ length: 200 }, (_, i) => toIso2709(revised(i * 2))));

/** The same record id with other content: in a later input, an update; in the same one, a duplicate. */
function withId(id: string) {
  const record = syntheticRecord(9000);
  record.fields[0] = { tag: '001', value: id };
  return record;
}

function revised(n: number) {
  const record = syntheticRecord(n);
  record.fields.push({
    tag: '500',
    ind1: ' ',
    ind2: ' ',
    subfields: [{ code: 'a', value: `Revised ${n}.` }],
  });
  return record;
}

async function ingest(
  db: string,
  worker: boolean,
  inputs: Buffer[] = [input, revisions],
  progress?: () => void,
  profile?: MappingProfile,
): Promise<ReportLine[]> {
  const { runIngest, open, mapper, defaults, createMapper } = load();
  const backends = open(db);
  const lines: ReportLine[] = [];
  try {
    await runIngest(
      inputs.map((bytes, i) => ({ name: `in${i}.mrc`, source: bytesSource(bytes) })),
      backends,
      profile ? createMapper(profile) : mapper(),
      { ...defaults, batchSize: 128, worker },
      { line: (l) => lines.push(l), ...(progress ? { progress } : {}) },
    );
  } finally {
    await backends.close();
  }
  return lines;
}

function contents(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return [
      db.prepare('SELECT id, marc, document, version, content_hash, seq FROM records ORDER BY id').all(),
      db.prepare('SELECT kind, value, record_rowid FROM identifiers ORDER BY 1, 2, 3').all(),
      db.prepare('SELECT * FROM search_docs ORDER BY rowid').all(),
      db.prepare('SELECT * FROM search_terms ORDER BY id').all(),
      db.prepare('SELECT * FROM search_postings ORDER BY 1, 2, 3').all(),
      db.prepare("SELECT rowid FROM fts_docs WHERE fts_docs MATCH 'history OR river' ORDER BY rowid").all(),
    ];
  } finally {
    db.close();
  }
}

/** Items and holdings as stored, without the times a run stamps on them. */
function itemTables(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  const untimed = (json: string): unknown =>
    JSON.parse(json, (key, value: unknown) =>
      ['at', 'createdAt', 'updatedAt'].includes(key) ? undefined : value,
    );
  try {
    return [
      (db.prepare('SELECT item FROM items ORDER BY barcode_key').all() as { item: string }[]).map((r) =>
        untimed(r.item),
      ),
      (db.prepare('SELECT holding FROM holdings ORDER BY id').all() as { holding: string }[]).map((r) =>
        untimed(r.holding),
      ),
    ];
  } finally {
    db.close();
  }
}

/** The columns of every item row beside its JSON, and whether the JSON holds one time throughout. */
function itemColumns(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT * FROM items ORDER BY barcode_key').all() as Record<string, unknown>[];
    return rows.map(({ rowid: _rowid, item, ...columns }) => {
      const parsed = JSON.parse(item as string) as {
        version: number;
        createdAt: string;
        updatedAt: string;
        history: { at: string }[];
      };
      const times = new Set([parsed.createdAt, parsed.updatedAt, parsed.history[0]!.at]);
      return { ...columns, oneTime: parsed.version === 1 ? times.size === 1 : 'changed since' };
    });
  } finally {
    db.close();
  }
}

function availabilities(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare('SELECT id, availability FROM search_docs WHERE availability IS NOT NULL ORDER BY id')
      .all();
  } finally {
    db.close();
  }
}

describeBuilt('ingest with a worker thread (the built pipeline)', () => {
  test('when the same input is loaded with and without the worker, then the reports and the catalogs are equal', async () => {
    const a = path.join(dir, 'worker.db');
    const b = path.join(dir, 'local.db');
    const withWorker = await ingest(a, true);
    const local = await ingest(b, false);
    expect(withWorker).toEqual(local);
    expect(withWorker.filter((l) => l.outcome === 'updated').length).toBeGreaterThan(0);
    expect(withWorker.filter((l) => l.outcome === 'rejected')).toHaveLength(1);
    expect(contents(a)).toEqual(contents(b));
  }, 60_000);

  test('when the mapper is compiled from another profile, then the worker maps with that profile', async () => {
    const { defaultProfile } = load();
    const profile = { name: 'no subjects', rules: defaultProfile.rules.filter((r) => r.to !== 'subjects') };
    const a = path.join(dir, 'profile-worker.db');
    const b = path.join(dir, 'profile-local.db');
    expect(await ingest(a, true, [input], undefined, profile)).toEqual(
      await ingest(b, false, [input], undefined, profile),
    );
    expect(contents(a)).toEqual(contents(b));
    const documents = (contents(a)[0] as { document: string }[]).map(
      (r) => JSON.parse(r.document) as { subjects: unknown[] },
    );
    expect(documents.every((d) => d.subjects.length === 0)).toBe(true);
    expect(sampleBooks().some((r) => load().mapper()(r).subjects.length > 0)).toBe(true);
  }, 60_000);

  test('when one input holds ids twice or an unaddressable id, then with the worker as without it the later ones are rejected on every run and versions stay', async () => {
    const twice = Buffer.concat([
      ...Array.from({ length: 300 }, (_, i) => toIso2709(syntheticRecord(i))),
      ...Array.from({ length: 100 }, (_, i) => toIso2709(revised(i * 3))),
      toIso2709(withId('x'.repeat(501))),
    ]);
    const runs: Record<string, ReportLine[][]> = { worker: [], local: [] };
    for (const worker of [true, false]) {
      const db = path.join(dir, `twice-${worker}.db`);
      for (let run = 1; run <= 5; run++)
        runs[worker ? 'worker' : 'local']!.push(await ingest(db, worker, [twice]));
      const versions = contents(db)[0] as { version: number }[];
      expect(versions).toHaveLength(300);
      expect(versions.every((r) => r.version === 1)).toBe(true);
    }
    expect(runs.worker).toEqual(runs.local);
    for (const lines of runs.worker!) {
      const rejected = lines.filter((l) => l.outcome === 'rejected');
      expect(rejected).toHaveLength(101);
      expect(rejected[0]?.reason).toMatch(
        /^duplicate_id_in_input: record 1 of this input has the id "syn0000000"/,
      );
      expect(rejected[100]?.reason).toMatch(/^invalid_record_id: /);
    }
  }, 120_000);

  test('when records carry holdings fields and MFHDs, then the worker loads the same items and holdings', async () => {
    const fixture = (name: string) => readFileSync(path.resolve(__dirname, '..', 'fixtures', name));
    const inputs = [fixture('holdings-load.mrk'), fixture('holdings-later.mrk')];
    const a = path.join(dir, 'items-worker.db');
    const b = path.join(dir, 'items-local.db');
    const withWorker = await ingest(a, true, inputs);
    expect(withWorker).toEqual(await ingest(b, false, inputs));
    expect(withWorker.filter((l) => l.outcome === 'holdings')).toHaveLength(2);
    expect(itemTables(a)).toEqual(itemTables(b));
    expect((itemTables(a)[0] as unknown[]).length).toBe(7);
    // The worker's rows and summaries of new items: the same columns, availability and postings.
    expect(itemColumns(a)).toEqual(itemColumns(b));
    expect(contents(a)).toEqual(contents(b));
    expect(availabilities(a).length).toBeGreaterThan(0);
  }, 60_000);

  test("when the worker cannot read the input, then the run fails with the reader's error code", async () => {
    await expect(
      ingest(path.join(dir, 'bad.db'), true, [Buffer.from('hello world, this is not a catalog')]),
    ).rejects.toMatchObject({
      code: 'marc_unknown_format',
    });
  });

  test('when an event handler throws (a job asked to stop), then the run ends with that error after writing what it read', async () => {
    const db = path.join(dir, 'stopped.db');
    let calls = 0;
    const stop = () => {
      if (++calls === 3) throw new Error('stop');
    };
    await expect(ingest(db, true, [input], stop)).rejects.toThrow('stop');
    const written = contents(db)[0] as unknown[];
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(1000);
  });
});
