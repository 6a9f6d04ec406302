/** The pipeline over a real SQLite store and a recording index, for the pipeline suites. */
import Database from 'better-sqlite3';
import type { Backends } from '../../../src/backends/backends';
import type { CatalogDocument } from '../../../src/domain/catalog-document';
import {
  DEFAULT_INGEST_OPTIONS,
  type IngestOptions,
  type ReportLine,
} from '../../../src/ingest/ingest.types';
import { runIngest } from '../../../src/ingest/pipeline';
import type { MapRecord } from '../../../src/mapping/mapper';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { toIso2709 } from '../../../src/marc/writers/iso2709.writer';
import { createSqliteCirculationStore } from '../../../src/circulation/sqlite/sqlite.circulation-store';
import { createSqliteItemStore } from '../../../src/items/sqlite/sqlite.item-store';
import { createSqlitePatronStore } from '../../../src/patrons/sqlite/sqlite.patron-store';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { blankDocument } from '../../contract/record-store.fixtures';
import { fakeSearchIndex } from '../../support/fake-search-index';

/** The pipeline's logic over a real SQLite store; the index is a recording double (its adapter has its own contract suite). */
export function backends(): Backends & { indexed: Map<string, CatalogDocument> } {
  const db = new Database(':memory:');
  const store = createSqliteRecordStore(db);
  const items = createSqliteItemStore(db);
  const patrons = createSqlitePatronStore(db);
  const indexed = new Map<string, CatalogDocument>();
  const index = fakeSearchIndex({
    upsert: async (docs: readonly CatalogDocument[]) => docs.forEach((d) => indexed.set(d.id, d)),
    remove: async (ids: readonly string[]) => ids.forEach((id) => indexed.delete(id)),
    count: async () => indexed.size,
    close: async () => undefined,
  });
  return {
    store,
    index,
    items,
    circulation: createSqliteCirculationStore(db),
    patrons,
    indexed,
    async atomically(work) {
      db.exec('BEGIN');
      try {
        const r = await work();
        db.exec('COMMIT');
        return r;
      } catch (e) {
        db.exec('ROLLBACK');
        throw e;
      }
    },
    describe: () => 'test',
    close: async () => {
      db.close();
    },
  };
}

export const map: MapRecord = (record) => {
  const id = record.getControl('001');
  if (!id) throw new Error('no 001');
  return blankDocument(id, {
    controlNumber: id,
    deleted: record.leader[5] === 'd',
    title: record.getSubfield('245', 'a'),
    oclcNumbers: record.getDataFields('035').map((f) => f.subfields[0]!.value),
  });
};

export function marc(
  id: string | undefined,
  title: string,
  options: { status?: string; oclc?: string } = {},
): Buffer {
  const fields = [];
  if (id) fields.push({ tag: '001', value: id });
  if (options.oclc)
    fields.push({ tag: '035', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: options.oclc }] });
  fields.push({ tag: '245', ind1: '0', ind2: '0', subfields: [{ code: 'a', value: title }] });
  return toIso2709(new MarcRecord(`00000${options.status ?? 'n'}am a2200000 a 4500`, fields));
}

export async function ingest(
  b: Backends,
  bytes: Buffer,
  options: Partial<IngestOptions> = {},
): Promise<{ lines: ReportLine[]; raws: Uint8Array[] }> {
  const lines: ReportLine[] = [];
  const raws: Uint8Array[] = [];
  await runIngest(
    [{ name: 'in.mrc', source: bytesSource(bytes) }],
    b,
    map,
    { ...DEFAULT_INGEST_OPTIONS, ...options },
    {
      line: (l, raw) => {
        lines.push(l);
        if (raw) raws.push(raw);
      },
    },
  );
  return { lines, raws };
}

export const outcomes = (lines: ReportLine[]) => lines.map((l) => [l.id ?? null, l.outcome]);
