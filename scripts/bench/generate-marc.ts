import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { seeded } from '../fuzz/mutate';
import { loadPool, type Pool, type PoolRecord, type RawField } from './corpus-pool';

/**
 * Writes an N-record ISO 2709 file for benchmarks by recombining fields of real corpus records:
 * each record keeps a real record's shape (leader, control fields, tag sequence), swaps about
 * half its variable fields for same-tag fields of other records in the same encoding, and is
 * padded or trimmed towards a size drawn around 1.2 KB. Seeded: the same arguments give the same
 * file. About a quarter of the records are MARC-8 (leader/09 blank), as in older catalogs.
 *
 *   node dist/scripts/bench/generate-marc.js OUT [--records 1000000] [--seed 1] [--corpus DIR]
 */

interface Args {
  out: string;
  records: number;
  seed: number;
  corpus: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    out: '',
    records: 1_000_000,
    seed: 1,
    corpus: path.resolve(__dirname, '../../../../shared/corpus'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--records') args.records = Number(argv[++i]);
    else if (a === '--seed') args.seed = Number(argv[++i]);
    else if (a === '--corpus') args.corpus = path.resolve(argv[++i]!);
    else args.out = a;
  }
  if (!args.out || !Number.isInteger(args.records) || args.records <= 0) {
    throw new Error('usage: generate-marc OUT [--records N] [--seed S] [--corpus DIR]');
  }
  return args;
}

const pick = <T>(list: readonly T[], r: () => number): T => list[Math.floor(r() * list.length)]!;

export function generateRecord(pool: Pool, n: number, r: () => number): Buffer {
  const kind = pool.marc8.length > 0 && r() < 0.25 ? 'marc8' : 'unicode';
  const template: PoolRecord = pick(pool[kind], r);
  const byTag = pool.byTag[kind];
  const target = 700 + Math.floor(r() * 1000);
  const fields: RawField[] = [
    { tag: '001', body: Buffer.from(`stk${String(n).padStart(9, '0')}\x1e`, 'latin1') },
  ];
  let size = 24 + 1 + 1 + 12 + fields[0]!.body.length;
  for (const f of template.fields) {
    if (f.tag === '001') continue;
    const swap = f.tag >= '010' && r() < 0.5 ? pick(byTag.get(f.tag) ?? [f], r) : f;
    if (size > target && swap.tag >= '300') continue;
    fields.push(swap);
    size += 12 + swap.body.length;
  }
  const extraTags = ['500', '505', '520', '650', '651', '700', '710', '856'].filter((t) => byTag.has(t));
  for (let tries = 0; size < target && extraTags.length > 0 && tries < 40; tries++) {
    const f = pick(byTag.get(pick(extraTags, r))!, r);
    if (size + 12 + f.body.length > target * 1.15) continue;
    fields.push(f);
    size += 12 + f.body.length;
  }
  fields.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return assemble(template.leader, fields);
}

function assemble(leader: string, fields: RawField[]): Buffer {
  let directory = '';
  let offset = 0;
  for (const f of fields) {
    directory += f.tag + String(f.body.length).padStart(4, '0') + String(offset).padStart(5, '0');
    offset += f.body.length;
  }
  const base = 24 + directory.length + 1;
  const total = base + offset + 1;
  const head =
    String(total).padStart(5, '0') + leader.slice(5, 12) + String(base).padStart(5, '0') + leader.slice(17);
  return Buffer.concat([
    Buffer.from(head + directory + '\x1e', 'latin1'),
    ...fields.map((f) => f.body),
    Buffer.from([0x1d]),
  ]);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const pool = await loadPool(args.corpus);
  const r = seeded(args.seed);
  const out = createWriteStream(args.out);
  let bytes = 0;
  const batch: Buffer[] = [];
  for (let n = 1; n <= args.records; n++) {
    const rec = generateRecord(pool, n, r);
    batch.push(rec);
    bytes += rec.length;
    if (batch.length === 1000 || n === args.records) {
      if (!out.write(Buffer.concat(batch)))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch.length = 0;
    }
  }
  await new Promise<void>((resolve) => out.end(resolve));
  const pct = Math.round((pool.marc8.length / (pool.marc8.length + pool.unicode.length)) * 100);
  process.stderr.write(
    `wrote ${args.records} records, ${(bytes / 1e6).toFixed(1)} MB (avg ${Math.round(bytes / args.records)} B) to ${args.out}; ` +
      `pool ${pool.unicode.length} Unicode + ${pool.marc8.length} MARC-8 records (${pct}% MARC-8)\n`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
