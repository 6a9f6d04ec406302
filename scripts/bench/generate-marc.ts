import { createWriteStream, writeFileSync } from 'node:fs';
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
 * With `--items N`, holdings fields the corpus records carry (852, 949, 952) are dropped and each
 * record gets 0 to N Koha 952 item fields instead, drawn from a second seeded stream: `--items 0`
 * and `--items 5` of one seed are the same bibliographic records without and with items, the pair
 * bench:ingest compares. Without `--items` the records keep whatever the corpus gave them.
 *
 *   node dist/scripts/bench/generate-marc.js OUT [--records 1000000] [--seed 1] [--corpus DIR] [--items N]
 */

interface Args {
  out: string;
  records: number;
  seed: number;
  corpus: string;
  /** Most 952 items per record; undefined keeps the corpus records' holdings fields as they are. */
  items?: number;
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
    else if (a === '--items') args.items = Number(argv[++i]);
    else args.out = a;
  }
  const badItems = args.items !== undefined && (!Number.isInteger(args.items) || args.items < 0);
  if (!args.out || !Number.isInteger(args.records) || args.records <= 0 || badItems) {
    throw new Error('usage: generate-marc OUT [--records N] [--seed S] [--corpus DIR] [--items N]');
  }
  return args;
}

const pick = <T>(list: readonly T[], r: () => number): T => list[Math.floor(r() * list.length)]!;

const HOLDINGS_TAGS = new Set(['852', '949', '952']);

export function generateRecord(
  pool: Pool,
  n: number,
  r: () => number,
  items?: { max: number; r: () => number },
): Buffer {
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
  const kept = items ? fields.filter((f) => !HOLDINGS_TAGS.has(f.tag)) : fields;
  if (items) kept.push(...itemFields(n, items.max, items.r));
  kept.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return assemble(template.leader, kept);
}

const LIBRARIES = ['MAIN', 'MAIN', 'MAIN', 'BRANCH'];
const SHELVES = ['STACKS', 'STACKS', 'STACKS', 'REFERENCE', 'PERIODICALS', 'BOOKMOBILE'];
const TYPES = ['BOOK', 'BOOK', 'BOOK', 'DVD', 'MAP', 'REF'];

/** 0 to `max` Koha 952 fields with barcodes unique to record `n`; mostly available, a few not. */
function itemFields(n: number, max: number, r: () => number): RawField[] {
  const count = Math.floor(r() * (max + 1));
  const dewey = `${String(100 + Math.floor(r() * 900))}.${String(Math.floor(r() * 1000)).padStart(3, '0')}`;
  const cutter = `${String.fromCharCode(65 + Math.floor(r() * 26))}${String(10 + Math.floor(r() * 90))}`;
  const out: RawField[] = [];
  for (let k = 1; k <= count; k++) {
    const library = pick(LIBRARIES, r);
    const sub: [string, string][] = [
      ['a', library],
      ['b', library],
      ['c', pick(SHELVES, r)],
      ['o', `${dewey} ${cutter}`],
      ['p', `B${String(n).padStart(9, '0')}-${k}`],
      ['t', String(k)],
      ['y', pick(TYPES, r)],
    ];
    const odd = r();
    if (odd < 0.02) sub.push(['4', '1']);
    else if (odd < 0.03) sub.push(['1', '4']);
    const body = `  ${sub.map(([code, value]) => `\x1f${code}${value}`).join('')}\x1e`;
    out.push({ tag: '952', body: Buffer.from(body, 'latin1') });
  }
  return out;
}

/** The 952 fields of an assembled record, read back from its directory. */
function countItems(record: Buffer): number {
  const base = Number(record.toString('latin1', 12, 17));
  let count = 0;
  for (let at = 24; at + 12 <= base - 1; at += 12)
    if (record.toString('latin1', at, at + 3) === '952') count++;
  return count;
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
  // A stream of its own, so the bibliographic records are the same with and without items.
  const items = args.items === undefined ? undefined : { max: args.items, r: seeded(args.seed + 7919) };
  const out = createWriteStream(args.out);
  let bytes = 0;
  let itemCount = 0;
  const batch: Buffer[] = [];
  for (let n = 1; n <= args.records; n++) {
    const rec = generateRecord(pool, n, r, items);
    if (items) itemCount += countItems(rec);
    batch.push(rec);
    bytes += rec.length;
    if (batch.length === 1000 || n === args.records) {
      if (!out.write(Buffer.concat(batch)))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch.length = 0;
    }
  }
  await new Promise<void>((resolve) => out.end(resolve));
  // Beside the file: how many items it carries, for bench:ingest's items-per-second figure.
  if (items) writeFileSync(`${args.out}.items`, `${itemCount}\n`);
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
