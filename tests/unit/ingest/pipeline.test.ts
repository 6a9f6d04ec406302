import Database from 'better-sqlite3';
import type { Backends } from '../../../src/backends/backends';
import type { CatalogDocument } from '../../../src/domain/catalog-document';
import {
  DEFAULT_INGEST_OPTIONS,
  type IngestOptions,
  type ReportLine,
} from '../../../src/ingest/ingest.types';
import { runIngest, type MapRecord } from '../../../src/ingest/pipeline';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { toIso2709 } from '../../../src/marc/writers/iso2709.writer';
import type { SearchIndex } from '../../../src/search/port';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { blankDocument } from '../../contract/record-store.fixtures';

/** The pipeline's logic over a real SQLite store; the index is a recording double (its adapter has its own contract suite). */
function backends(): Backends & { indexed: Map<string, CatalogDocument> } {
  const db = new Database(':memory:');
  const store = createSqliteRecordStore(db);
  const indexed = new Map<string, CatalogDocument>();
  const index = {
    upsert: async (docs: readonly CatalogDocument[]) => docs.forEach((d) => indexed.set(d.id, d)),
    remove: async (ids: readonly string[]) => ids.forEach((id) => indexed.delete(id)),
    count: async () => indexed.size,
    close: async () => undefined,
  } as unknown as SearchIndex;
  return {
    store,
    index,
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

const map: MapRecord = (record) => {
  const id = record.getControl('001');
  if (!id) throw new Error('no 001');
  return blankDocument(id, {
    controlNumber: id,
    deleted: record.leader[5] === 'd',
    title: record.getSubfield('245', 'a'),
    oclcNumbers: record.getDataFields('035').map((f) => f.subfields[0]!.value),
  });
};

function marc(
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

async function ingest(
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

const outcomes = (lines: ReportLine[]) => lines.map((l) => [l.id ?? null, l.outcome]);

describe('ingest pipeline', () => {
  test('when a file is loaded twice, then the second run changes nothing', async () => {
    const b = backends();
    const file = Buffer.concat([marc('a1', 'One'), marc('a2', 'Two')]);
    expect(outcomes((await ingest(b, file)).lines)).toEqual([
      ['a1', 'created'],
      ['a2', 'created'],
    ]);
    expect(outcomes((await ingest(b, file)).lines)).toEqual([
      ['a1', 'unchanged'],
      ['a2', 'unchanged'],
    ]);
    expect(await b.store.count()).toBe(2);
    expect([...b.indexed.keys()]).toEqual(['a1', 'a2']);
  });

  test('when a record changes or asks to be deleted, then it is updated or deleted in store and index', async () => {
    const b = backends();
    await ingest(b, Buffer.concat([marc('a1', 'One'), marc('a2', 'Two')]));
    const { lines } = await ingest(
      b,
      Buffer.concat([
        marc('a1', 'One, revised'),
        marc('a2', 'Two', { status: 'd' }),
        marc('a3', 'Three', { status: 'd' }),
      ]),
    );
    expect(lines.map((l) => [l.id, l.outcome, l.reason ?? null])).toEqual([
      ['a1', 'updated', null],
      ['a2', 'deleted', null],
      ['a3', 'skipped', 'delete of a record that is not in the catalog'],
    ]);
    expect(b.indexed.get('a1')?.title).toBe('One, revised');
    expect(b.indexed.has('a2')).toBe(false);
    expect(await b.store.getTombstone('a2')).toBeDefined();
  });

  test('when a record is damaged or cannot be mapped, then it is rejected with its reason and bytes, and the rest load', async () => {
    const b = backends();
    const { lines, raws } = await ingest(
      b,
      Buffer.concat([
        marc('a1', 'One'),
        Buffer.from('garbage!'),
        marc(undefined, 'No id'),
        marc('a2', 'Two'),
      ]),
    );
    expect(lines.map((l) => [l.record, l.outcome])).toEqual([
      [1, 'created'],
      [2, 'rejected'],
      [3, 'rejected'],
      [4, 'created'],
    ]);
    expect(lines[1]?.reason).toMatch(/^marc_garbage: /);
    expect(lines[2]?.reason).toBe('mapping failed: no 001');
    expect(Buffer.from(raws[0]!).toString()).toBe('garbage!');
    expect(await b.store.count()).toBe(2);
  });

  test('when a dry run, then outcomes are predicted and nothing is written', async () => {
    const b = backends();
    await ingest(b, marc('a1', 'One'));
    const { lines } = await ingest(
      b,
      Buffer.concat([
        marc('a1', 'One'),
        marc('a1', 'One again'),
        marc('a2', 'Two'),
        marc('a1', '', { status: 'd' }),
      ]),
      { dryRun: true },
    );
    expect(outcomes(lines)).toEqual([
      ['a1', 'unchanged'],
      ['a1', 'updated'],
      ['a2', 'created'],
      ['a1', 'deleted'],
    ]);
    expect(await b.store.count()).toBe(1);
    expect((await b.store.get('a1'))?.version).toBe(1);
  });

  test('when matching on 035, then a vendor record overlays the existing record and keeps its id', async () => {
    const b = backends();
    await ingest(b, marc('local1', 'Local', { oclc: '12345' }));
    const { lines } = await ingest(b, marc('vendor9', 'Vendor copy', { oclc: '12345' }), { match: ['035'] });
    expect(lines.map((l) => [l.id, l.outcome, l.reason])).toEqual([
      ['local1', 'updated', 'matched local1 on 035'],
    ]);
    expect((await b.store.get('local1'))?.document.title).toBe('Vendor copy');
    expect(await b.store.count()).toBe(1);
  });

  test('when a file overlaid with --match is loaded again without it, then its records come back unchanged, not duplicated', async () => {
    const b = backends();
    await ingest(b, marc('local1', 'Local', { oclc: '12345' }));
    const vendor = marc('vendor9', 'Vendor copy', { oclc: '12345' });
    await ingest(b, vendor, { match: ['035'] });

    const { lines } = await ingest(b, vendor);

    expect(lines.map((l) => [l.id, l.outcome, l.reason])).toEqual([
      ['local1', 'unchanged', 'matched local1 on id (overlaid before)'],
    ]);
    expect(await b.store.count()).toBe(1);
    expect((await b.store.get('local1'))?.document.alternateIds).toEqual(['vendor9']);
    expect((await b.store.findIds('id', ['vendor9'])).get('vendor9')).toEqual(['local1']);
  });

  test('when two vendors overlay one record, then both ids stay matchable and a changed reload updates it', async () => {
    const b = backends();
    await ingest(b, marc('local1', 'Local', { oclc: '12345' }));
    await ingest(b, marc('vendorA', 'A copy', { oclc: '12345' }), { match: ['035'] });
    await ingest(b, marc('vendorB', 'B copy', { oclc: '12345' }), { match: ['035'] });

    const { lines } = await ingest(b, marc('vendorA', 'A copy, revised', { oclc: '12345' }));

    expect(outcomes(lines)).toEqual([['local1', 'updated']]);
    expect((await b.store.get('local1'))?.document.alternateIds).toEqual(['vendorA', 'vendorB']);
    expect(await b.store.count()).toBe(1);
  });

  test('when the library reloads its own record after an overlay, then the vendor id stays matchable', async () => {
    const b = backends();
    await ingest(b, marc('local1', 'Local', { oclc: '12345' }));
    const vendor = marc('vendor9', 'Vendor copy', { oclc: '12345' });
    await ingest(b, vendor, { match: ['035'] });
    await ingest(b, marc('local1', 'Local, corrected', { oclc: '12345' }));

    const { lines } = await ingest(b, vendor);

    expect(outcomes(lines)).toEqual([['local1', 'updated']]);
    expect((await b.store.get('local1'))?.document.alternateIds).toEqual(['vendor9']);
    expect(await b.store.count()).toBe(1);
  });

  test('when a match is ambiguous, then the record is rejected naming the candidates', async () => {
    const b = backends();
    await ingest(b, Buffer.concat([marc('x1', 'A', { oclc: '7' }), marc('x2', 'B', { oclc: '7' })]));
    const { lines } = await ingest(b, marc('v1', 'C', { oclc: '7' }), { match: ['035'] });
    expect(lines.map((l) => [l.outcome, l.reason])).toEqual([
      ['rejected', 'ambiguous match on 035: records x1, x2'],
    ]);
  });

  test('when --on-match skip, then records landing on existing ones are skipped and new ones created', async () => {
    const b = backends();
    await ingest(b, marc('a1', 'One'));
    const { lines } = await ingest(b, Buffer.concat([marc('a1', 'One changed'), marc('a2', 'Two')]), {
      onMatch: 'skip',
    });
    expect(outcomes(lines)).toEqual([
      ['a1', 'skipped'],
      ['a2', 'created'],
    ]);
    expect((await b.store.get('a1'))?.document.title).toBe('One');
  });

  test('when batches are tiny, then the outcomes are the same as in one batch', async () => {
    const file = Buffer.concat([
      marc('a1', 'One'),
      marc('a1', 'One b'),
      marc('a2', 'Two'),
      marc('a2', '', { status: 'd' }),
      marc('a3', 'Three'),
    ]);
    const big = await ingest(backends(), file, { batchSize: 1000 });
    const tiny = await ingest(backends(), file, { batchSize: 1 });
    expect(outcomes(tiny.lines)).toEqual(outcomes(big.lines));
    expect(outcomes(big.lines)).toEqual([
      ['a1', 'created'],
      ['a1', 'updated'],
      ['a2', 'created'],
      ['a2', 'deleted'],
      ['a3', 'created'],
    ]);
  });
});
