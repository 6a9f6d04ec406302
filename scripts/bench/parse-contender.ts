import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import type { ReadItem } from '../../src/marc/read-item';
import { isControlField, type MarcRecord } from '../../src/marc/record';
import { readIso2709, readIso2709Batches } from '../../src/marc/readers/iso2709.reader';
import { nextFrame } from '../../src/marc/readers/iso2709-framer';
import { parseIso2709Record } from '../../src/marc/readers/iso2709-record';
import { openSource } from '../../src/marc/source';
import { marcXmlWriter } from '../../src/marc/writers/marcxml.writer';
import { openSink } from '../../src/cli/output';

/**
 * One in-process contender of `bench:parse`, run alone in its own process so that its peak RSS is
 * its own:   node dist/scripts/bench/parse-contender.js NAME FILE
 * Prints one JSON line: records read, fields and subfields seen, characters of values touched,
 * and the process's own peak RSS (a cross-check of what /usr/bin/time reports).
 */

export interface ContenderResult {
  records: number;
  rejected: number;
  fields: number;
  subfields: number;
  chars: number;
  maxRssKb: number;
}

type Counts = Omit<ContenderResult, 'maxRssKb'>;

const newCounts = (): Counts => ({ records: 0, rejected: 0, fields: 0, subfields: 0, chars: 0 });

/** Touches every field and value, so a reader that decoded lazily could not skip work unseen. */
function countRecord(record: MarcRecord, c: Counts): void {
  c.records++;
  c.chars += record.leader.length;
  for (const f of record.fields) {
    c.fields++;
    if (isControlField(f)) {
      c.chars += f.value.length;
      continue;
    }
    for (const sf of f.subfields) {
      c.subfields++;
      c.chars += sf.value.length;
    }
  }
}

function countItem(item: ReadItem, c: Counts): void {
  if (item.ok) countRecord(item.record, c);
  else c.rejected++;
}

async function stacksRecords(file: string): Promise<Counts> {
  const c = newCounts();
  for await (const item of readIso2709(openSource(file))) countItem(item, c);
  return c;
}

async function stacksBatches(file: string): Promise<Counts> {
  const c = newCounts();
  for await (const batch of readIso2709Batches(openSource(file)))
    for (const item of batch) countItem(item, c);
  return c;
}

/**
 * Diagnostic, not an API: the reader's own framer and record parser driven by a synchronous loop
 * over 1 MiB reads, with no stream, promise or generator in between. The gap between this row and
 * the async ones is what async iteration costs; this row itself is the current parser's ceiling.
 */
async function stacksSync(file: string): Promise<Counts> {
  const c = newCounts();
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(1 << 20);
  let buf = Buffer.alloc(0);
  let pos = 0;
  let eof = false;
  try {
    for (;;) {
      const frame = nextFrame(buf, pos, eof, 4 << 20);
      if (frame.type === 'done') break;
      if (frame.type === 'more') {
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) eof = true;
        else buf = Buffer.concat([buf.subarray(pos), chunk.subarray(0, n)]);
        if (n !== 0) pos = 0;
        continue;
      }
      if (frame.type !== 'record') c.rejected++;
      else
        countRecord(
          parseIso2709Record(buf, frame.start, frame.end, { recordNumber: 0, byteOffset: 0 }).record,
          c,
        );
      pos = frame.end;
    }
  } finally {
    closeSync(fd);
  }
  return c;
}

/** The library path a bulk exporter would take: batches, the MARCXML writer, the CLI's sink. */
async function stacksMarcXml(file: string): Promise<Counts> {
  const c = newCounts();
  const writer = marcXmlWriter();
  const sink = openSink('/dev/null');
  sink.write(writer.begin());
  for await (const batch of readIso2709Batches(openSource(file))) {
    for (const item of batch) {
      if (!item.ok) c.rejected++;
      else {
        c.records++;
        sink.write(writer.write(item.record));
      }
    }
    await sink.drain();
  }
  sink.write(writer.end());
  await sink.close();
  return c;
}

/** marcjs keeps a record as `fields: [tag, value]` or `[tag, indicators, code, value, …]`. */
interface MarcjsRecord {
  leader: string;
  fields: string[][];
}

interface MarcjsModule {
  Marc: { createStream(type: string, what: string): NodeJS.ReadWriteStream };
}

// marcjs ships no types; the two stream constructors used here are all the surface we need.
const marcjs = (): MarcjsModule => require('marcjs') as MarcjsModule;

function countMarcjs(record: MarcjsRecord, c: Counts): void {
  c.records++;
  c.chars += record.leader.length;
  for (const f of record.fields) {
    c.fields++;
    for (let i = 1; i < f.length; i++) c.chars += f[i]!.length;
    if (f.length > 2) c.subfields += (f.length - 2) / 2;
  }
}

/** marcjs's documented streaming use: file stream → ISO 2709 parser (object mode). */
async function marcjsRecords(file: string): Promise<Counts> {
  const c = newCounts();
  const parser = marcjs().Marc.createStream('Iso2709', 'Parser');
  const counter = new Writable({
    objectMode: true,
    write(record: MarcjsRecord, _enc, done) {
      countMarcjs(record, c);
      done();
    },
  });
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), parser, counter);
  return c;
}

/** marcjs's conversion: parser → MARCXML formatter → /dev/null. */
async function marcjsMarcXml(file: string): Promise<Counts> {
  const c = newCounts();
  const { Marc } = marcjs();
  const formatter = Marc.createStream('Marcxml', 'Formater') as NodeJS.ReadWriteStream & { count: number };
  await pipeline(
    createReadStream(file, { highWaterMark: 1 << 20 }),
    Marc.createStream('Iso2709', 'Parser'),
    formatter,
    createWriteStream('/dev/null'),
  );
  c.records = formatter.count;
  return c;
}

export const IN_PROCESS_CONTENDERS: Record<string, (file: string) => Promise<Counts>> = {
  'stacks-records': stacksRecords,
  'stacks-batches': stacksBatches,
  'stacks-sync': stacksSync,
  'stacks-marcxml': stacksMarcXml,
  'marcjs-records': marcjsRecords,
  'marcjs-marcxml': marcjsMarcXml,
};

async function main(): Promise<void> {
  const [name, file] = process.argv.slice(2);
  const run = name ? IN_PROCESS_CONTENDERS[name] : undefined;
  if (!run || !file)
    throw new Error(
      `usage: parse-contender NAME FILE (NAME: ${Object.keys(IN_PROCESS_CONTENDERS).join(', ')})`,
    );
  const counts = await run(file);
  const result: ContenderResult = { ...counts, maxRssKb: process.resourceUsage().maxRSS };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
