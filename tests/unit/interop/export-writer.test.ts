import { writeExport, type ExportSink } from '../../../src/interop/export/export-writer';
import type { ExportedRecord, ExportRun } from '../../../src/interop/export/export.service';
import { readMarc, writerFor } from '../../../src/marc/formats';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { collect, recordsOf } from '../../support/collect';

function record(id: string, title: string): ExportedRecord {
  return {
    id,
    record: new MarcRecord('00000nam a2200000 a 4500', [
      { tag: '001', value: id },
      { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: title }] },
    ]),
  };
}

function runOf(...pages: ExportedRecord[][]): ExportRun {
  return {
    total: pages.flat().length,
    pages: (async function* () {
      yield* pages;
    })(),
  };
}

function memorySink(): ExportSink & { bytes(): Buffer; drains: number } {
  const parts: Buffer[] = [];
  const sink = {
    drains: 0,
    write: (chunk: string | Uint8Array) => void parts.push(Buffer.from(chunk)),
    drain: async () => void (sink.drains += 1),
    bytes: () => Buffer.concat(parts),
  };
  return sink;
}

describe('writeExport', () => {
  test('when a record is too long for ISO 2709, then it alone is skipped and named, and the rest read back', async () => {
    const huge = record('big', 'x'.repeat(100_000));
    const sink = memorySink();
    const skipped: string[] = [];
    const tally = await writeExport(
      runOf([record('a', 'First')], [huge, record('c', 'Third')]),
      writerFor('iso2709'),
      sink,
      { skipped: (id) => skipped.push(id) },
    );
    expect(tally).toMatchObject({ written: 2, lastId: 'c' });
    expect(tally.skipped).toEqual([{ id: 'big', reason: expect.stringContaining('ISO 2709 allows') }]);
    expect(skipped).toEqual(['big']);
    const back = recordsOf(await collect(readMarc(bytesSource(sink.bytes()), { format: 'iso2709' })));
    expect(back.map((i) => i.record.fields[0])).toEqual([
      { tag: '001', value: 'a' },
      { tag: '001', value: 'c' },
    ]);
  });

  test('when the format is JSON, then the array is framed even with no records, and drained once a page', async () => {
    const empty = memorySink();
    await writeExport(runOf(), writerFor('json'), empty);
    expect(JSON.parse(empty.bytes().toString('utf8'))).toEqual([]);
    const two = memorySink();
    const tally = await writeExport(runOf([record('a', 'A')], [record('b', 'B')]), writerFor('json'), two);
    expect(tally.written).toBe(2);
    expect(two.drains).toBe(2);
    expect((JSON.parse(two.bytes().toString('utf8')) as unknown[]).length).toBe(2);
  });
});
