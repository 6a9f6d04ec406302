import { readIso2709 } from '../../../src/marc/readers/iso2709.reader';
import { bytesSource } from '../../../src/marc/source';
import { collect, recordsOf } from '../../support/collect';
import { backends, ingest, marc } from './pipeline-harness';

/** Records the pipeline refuses after reading them: ids taken earlier in the input, ids and tags no reader could reach. */
describe('ingest pipeline: duplicate ids within one input', () => {
  const file = Buffer.concat([marc('a1', 'One'), marc('a2', 'Two'), marc('a1', 'One, another')]);

  test('when a file holding an id twice is loaded five times, then versions stay where a clean run leaves them and each run reports the duplicate', async () => {
    const b = backends();
    for (let run = 1; run <= 5; run++) {
      const { lines, raws } = await ingest(b, file);
      expect(lines.map((l) => [l.record, l.id, l.outcome])).toEqual([
        [1, 'a1', run === 1 ? 'created' : 'unchanged'],
        [2, 'a2', run === 1 ? 'created' : 'unchanged'],
        [3, 'a1', 'rejected'],
      ]);
      expect(lines[2]?.reason).toBe(
        'duplicate_id_in_input: record 1 of this input has the id "a1" already; the first is kept',
      );
      // The later record is not lost: its bytes go to the rejects file.
      const rejected = recordsOf(await collect(readIso2709(bytesSource(Buffer.from(raws[0]!)))));
      expect(rejected[0]?.record.getSubfield('245', 'a')).toBe('One, another');
    }
    expect((await b.store.get('a1'))?.version).toBe(1);
    expect((await b.store.get('a1'))?.document.title).toBe('One');
    expect((await b.store.get('a2'))?.version).toBe(1);
  });

  test('when the records were in the catalog before, then the first run updates them once and re-runs change nothing', async () => {
    const b = backends();
    await ingest(b, Buffer.concat([marc('a1', 'Old one'), marc('a2', 'Two')]));
    for (let run = 1; run <= 5; run++) await ingest(b, file);
    expect((await b.store.get('a1'))?.version).toBe(2);
    expect((await b.store.get('a2'))?.version).toBe(1);
  });

  test('when the same id comes back in a later batch or as a delete, then it is a duplicate too', async () => {
    const b = backends();
    const { lines } = await ingest(
      b,
      Buffer.concat([marc('a1', 'One'), marc('a2', 'Two'), marc('a1', '', { status: 'd' })]),
      { batchSize: 1 },
    );
    expect(lines.map((l) => [l.id, l.outcome])).toEqual([
      ['a1', 'created'],
      ['a2', 'created'],
      ['a1', 'rejected'],
    ]);
    expect(await b.store.get('a1')).toBeDefined();
  });

  test('when two inputs of one run hold the same id, then the later input updates it (each input is its own unit)', async () => {
    const b = backends();
    await ingest(b, marc('a1', 'One'));
    const { lines } = await ingest(b, marc('a1', 'One, revised'));
    expect(lines.map((l) => l.outcome)).toEqual(['updated']);
  });

  test('when two records match one existing record on 035, then the second is a duplicate of the first', async () => {
    const b = backends();
    await ingest(b, marc('local1', 'Local', { oclc: '12345' }));
    const vendor = Buffer.concat([
      marc('v1', 'Vendor copy', { oclc: '12345' }),
      marc('v2', 'Other vendor copy', { oclc: '12345' }),
    ]);
    for (let run = 1; run <= 3; run++) {
      const { lines } = await ingest(b, vendor, { match: ['035'] });
      expect(lines.map((l) => [l.id, l.outcome])).toEqual([
        ['local1', run === 1 ? 'updated' : 'unchanged'],
        ['local1', 'rejected'],
      ]);
      expect(lines[1]?.reason).toMatch(/^duplicate_id_in_input: record 1 .*matched local1 on 035/);
    }
    expect((await b.store.get('local1'))?.version).toBe(2);
  });
});

describe('ingest pipeline: records that could not be read back', () => {
  test('when a record has an id no request could name, then it is rejected with its position and the rest load', async () => {
    const b = backends();
    const first = marc('a1', 'One');
    const { lines, raws } = await ingest(
      b,
      Buffer.concat([first, marc('x'.repeat(501), 'Too long'), marc('b\u0000c', 'NUL'), marc('a2', 'Two')]),
    );
    expect(lines.map((l) => [l.record, l.outcome])).toEqual([
      [1, 'created'],
      [2, 'rejected'],
      [3, 'rejected'],
      [4, 'created'],
    ]);
    expect(lines[1]).toMatchObject({ byteOffset: first.length });
    expect(lines[1]?.reason).toMatch(/^invalid_record_id: the id is 501 characters long/);
    expect(lines[2]?.reason).toMatch(/^invalid_record_id: the id holds the control character U\+0000/);
    expect(raws).toHaveLength(2);
    expect(await b.store.count()).toBe(2);
  });

  test('when a record has a tag that is not three letters or digits, then it is rejected naming the tag', async () => {
    const b = backends();
    const bad = marc('a1', 'One').toString('latin1').replace('245', '2 5');
    const { lines } = await ingest(b, Buffer.from(bad, 'latin1'));
    expect(lines[0]).toMatchObject({ record: 1, outcome: 'rejected' });
    expect(lines[0]?.reason).toBe(
      'invalid_record_tag: field 2 has the tag "2 5"; a tag is three letters or digits',
    );
  });

  test('when a delete has such a tag, then it still deletes: only its id is kept (in the tombstone)', async () => {
    const b = backends();
    await ingest(b, marc('a1', 'One'));
    const bad = marc('a1', 'One', { status: 'd' }).toString('latin1').replace('245', '2 5');
    const { lines } = await ingest(b, Buffer.from(bad, 'latin1'));
    expect(lines.map((l) => l.outcome)).toEqual(['deleted']);
  });
});
