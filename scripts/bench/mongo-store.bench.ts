import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { readIso2709 } from '../../src/marc/readers/iso2709.reader';
import { MarcRecord } from '../../src/marc/record';
import { openSource } from '../../src/marc/source';
import { createMongoRecordStore } from '../../src/store/mongo/mongo.record-store';
import type { RecordInput, RecordStore } from '../../src/store/port';
import { createSqliteRecordStore } from '../../src/store/sqlite/sqlite.record-store';

/**
 * RecordStore write throughput, MongoDB adapter (on whatever MONGODB_URL names: FerretDB in
 * development) beside the SQLite one, on real records mapped with the default profile:
 * create, the same again (unchanged), changed content (update), delete, in batches.
 *
 *   npm run build && node dist/scripts/bench/mongo-store.bench.js [--records 5000] [--batch 1000]
 *     [--file PATH] [--only mongo|sqlite] [--phases create,unchanged,update,delete]
 *
 * MONGODB_URL comes from the environment or .services.env (scripts/services/up). The collections
 * live under a fresh prefix and are dropped at the end.
 */
const ROOT = path.resolve(__dirname, '../../..');
const DEFAULT_FILES = [
  path.join(ROOT, 'tmp/bench/generated-20000-seed1.mrc'),
  path.join(ROOT, '../shared/corpus/folio-mod-data-import/5000.mrc'),
];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function mongoUrl(): string {
  if (process.env.MONGODB_URL) return process.env.MONGODB_URL;
  const envFile = path.join(ROOT, '.services.env');
  const line = existsSync(envFile)
    ? readFileSync(envFile, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('MONGODB_URL='))
    : undefined;
  if (!line) throw new Error('MONGODB_URL is not set and .services.env has none: run scripts/services/up');
  return line.slice('MONGODB_URL='.length).trim();
}

/** The first `n` records with distinct ids, mapped; so the first round creates every one. */
async function realInputs(file: string, n: number): Promise<RecordInput[]> {
  const mapper = createDefaultMapper();
  const seen = new Set<string>();
  const inputs: RecordInput[] = [];
  for await (const item of readIso2709(openSource(file))) {
    if (!item.ok) continue;
    const document = mapper.map(item.record);
    if (seen.has(document.id)) continue;
    seen.add(document.id);
    inputs.push({ record: item.record, document });
    if (inputs.length === n) break;
  }
  return inputs;
}

/** The same records with one more local note: new content, so each is a new version. */
function changed(inputs: RecordInput[]): RecordInput[] {
  return inputs.map(({ record, document }) => ({
    record: new MarcRecord(record.leader, [
      ...record.fields,
      { tag: '590', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'Benchmark revision 2' }] },
    ]),
    document,
  }));
}

interface Row {
  backend: string;
  phase: string;
  records: number;
  seconds: number;
  slowestBatchMs: number;
}

async function phase<T>(
  rows: Row[],
  backend: string,
  name: string,
  items: T[],
  batch: number,
  write: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  let slowest = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < items.length; i += batch) {
    const t = process.hrtime.bigint();
    await write(items.slice(i, i + batch));
    slowest = Math.max(slowest, Number(process.hrtime.bigint() - t) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rows.push({ backend, phase: name, records: items.length, seconds, slowestBatchMs: slowest });
  process.stderr.write(`${backend} ${name}: ${seconds.toFixed(2)} s\n`);
}

const PHASES = ['create', 'unchanged', 'update', 'delete'] as const;
type Phase = (typeof PHASES)[number];

async function run(
  rows: Row[],
  backend: string,
  store: RecordStore,
  inputs: RecordInput[],
  batch: number,
  phases: Phase[],
) {
  const ids = inputs.map((i) => i.document.id);
  const steps: Record<Phase, () => Promise<void>> = {
    create: () => phase(rows, backend, 'create', inputs, batch, (c) => store.upsertMany(c)),
    unchanged: () => phase(rows, backend, 'unchanged', inputs, batch, (c) => store.upsertMany(c)),
    update: () => phase(rows, backend, 'update', changed(inputs), batch, (c) => store.upsertMany(c)),
    delete: () => phase(rows, backend, 'delete', ids, batch, (c) => store.deleteMany(c)),
  };
  for (const name of phases) await steps[name]();
}

async function benchMongo(rows: Row[], inputs: RecordInput[], batch: number, phases: Phase[]): Promise<void> {
  const connection = await connectMongo(mongoUrl());
  const prefix = `bench_${process.pid}_${Date.now()}_`;
  try {
    const store = await createMongoRecordStore(connection, { collectionPrefix: prefix });
    await run(rows, 'mongo', store, inputs, batch, phases);
  } finally {
    for (const name of ['records', 'counters'])
      await connection.dropCollection(`${prefix}${name}`).catch(() => undefined);
    await disconnectMongo(connection);
  }
}

async function benchSqlite(
  rows: Row[],
  inputs: RecordInput[],
  batch: number,
  phases: Phase[],
): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stacks-store-bench-'));
  const db = new Database(path.join(dir, 'store.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  try {
    await run(rows, 'sqlite', createSqliteRecordStore(db), inputs, batch, phases);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const records = Number(arg('records', '5000'));
  const batch = Number(arg('batch', '1000'));
  const file = arg('file', DEFAULT_FILES.find((f) => existsSync(f)) ?? '');
  const only = arg('only', '');
  const phases = arg('phases', PHASES.join(',')).split(',') as Phase[];
  const unknown = phases.filter((p) => !PHASES.includes(p));
  if (unknown.length > 0)
    throw new Error(`unknown phase(s) ${unknown.join(', ')}; known: ${PHASES.join(', ')}`);
  const inputs = await realInputs(file, records);
  const avg = inputs.reduce((n, i) => n + JSON.stringify(i.document).length, 0) / inputs.length;
  console.log(
    `${inputs.length} records from ${path.relative(ROOT, file)}, batches of ${batch}; document JSON ${avg.toFixed(0)} B avg\n`,
  );
  const rows: Row[] = [];
  if (only !== 'sqlite') await benchMongo(rows, inputs, batch, phases);
  if (only !== 'mongo') await benchSqlite(rows, inputs, batch, phases);
  console.log('| backend | phase | records | seconds | records/s | slowest batch (ms) |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const rate = Math.round(r.records / r.seconds).toLocaleString('en');
    console.log(
      `| ${r.backend} | ${r.phase} | ${r.records} | ${r.seconds.toFixed(2)} | ${rate} | ${Math.round(r.slowestBatchMs)} |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
