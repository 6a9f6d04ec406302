import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readIso2709 } from '../../src/marc/readers/iso2709.reader';
import { bytesSource } from '../../src/marc/source';

/**
 * Raw fields of real bibliographic records from the shared corpus, kept in their original
 * bytes and grouped by character set, so generated records are recombinations of real data in
 * real encodings (MARC-8 fields are never mixed into UTF-8 records).
 */
export interface RawField {
  tag: string;
  body: Buffer; // field data including its terminator
}

export interface PoolRecord {
  leader: string;
  fields: RawField[];
}

export interface Pool {
  unicode: PoolRecord[];
  marc8: PoolRecord[];
  byTag: { unicode: Map<string, RawField[]>; marc8: Map<string, RawField[]> };
}

/** Bibliographic files with real records of several sizes and encodings (see corpus MANIFEST.md). */
export const POOL_FILES = [
  'clj-marc/loc.export',
  'evergreen/jazz_1k.mrc',
  'evergreen/lul_fre_500.mrc',
  'evergreen/oss.marc',
  'evergreen/nepali.marc',
  'folio-mod-data-import/5000.mrc',
  'folio-mod-data-import/100.mrc',
  'folio-mod-data-import/CornellFOLIOExemplars.mrc',
  'mrrc-testbed/bibliographic/sample.mrc',
  'pymarc/marc.dat',
  'qa-catalogue/general/BooksAll.2014.part01-0001.mrc',
  'traject/index_bench/batch.dat',
  'traject/test_data.utf8.mrc',
];

export async function loadPool(corpusDir: string): Promise<Pool> {
  const pool: Pool = { unicode: [], marc8: [], byTag: { unicode: new Map(), marc8: new Map() } };
  for (const file of POOL_FILES) {
    const bytes = await readFile(path.join(corpusDir, file));
    for await (const item of readIso2709(bytesSource(bytes))) {
      // Only records that read cleanly, so the generated file is valid MARC throughout.
      if (!item.ok || item.warnings.length > 0) continue;
      const raw = rawFields(bytes, item.byteOffset);
      if (!raw) continue;
      const kind = raw.leader[9] === 'a' ? 'unicode' : 'marc8';
      pool[kind].push(raw);
      for (const f of raw.fields) {
        const list = pool.byTag[kind].get(f.tag) ?? [];
        list.push(f);
        pool.byTag[kind].set(f.tag, list);
      }
    }
  }
  return pool;
}

function rawFields(buf: Buffer, at: number): PoolRecord | undefined {
  const leader = buf.toString('latin1', at, at + 24);
  const base = Number(leader.slice(12, 17));
  const fields: RawField[] = [];
  for (let p = at + 24; buf[p] !== 0x1e; p += 12) {
    const tag = buf.toString('latin1', p, p + 3);
    const len = Number(buf.toString('latin1', p + 3, p + 7));
    const off = Number(buf.toString('latin1', p + 7, p + 12));
    if (!Number.isInteger(len) || !Number.isInteger(off)) return undefined;
    fields.push({ tag, body: buf.subarray(at + base + off, at + base + off + len) });
  }
  return { leader, fields };
}
