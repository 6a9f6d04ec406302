import { readIso2709 } from '../../../src/marc/readers/iso2709.reader';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { toIso2709 } from '../../../src/marc/writers/iso2709.writer';
import { chunked, collect, recordsOf } from '../../support/collect';

// Found by scripts/fuzz (iso2709, seed 7, cases 1401181571 and 1401194694): a record whose base
// address is not a number and whose directory breaks off was read with a base of -1, one byte
// before the record, so what it yielded depended on the bytes before it and on the chunking.

function record(title: string): MarcRecord {
  return new MarcRecord('00000nam a2200000 a 4500', [
    { tag: '001', value: 'ocm0001' },
    { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: title }] },
    { tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'A note.' }] },
  ]);
}

/** A record with leader/12–16 "2&027" and its second directory entry's length made non-numeric. */
function damaged(): Buffer {
  const bytes = toIso2709(record('Damaged'));
  bytes.write('2&027', 12, 'latin1');
  bytes[24 + 12 + 3] = 0x78; // "x" in the 245 entry's length
  return bytes;
}

describe('ISO 2709 record with no numeric base address and a broken directory', () => {
  test('when it is read alone or after another record, then it yields the same record and warnings', async () => {
    const alone = recordsOf(await collect(readIso2709(bytesSource(damaged()))));
    const after = recordsOf(
      await collect(readIso2709(bytesSource(Buffer.concat([toIso2709(record('First')), damaged()])))),
    );

    expect(alone).toHaveLength(1);
    expect(after).toHaveLength(2);
    expect(after[1]!.record).toEqual(alone[0]!.record);
    expect(after[1]!.warnings).toEqual(alone[0]!.warnings);
  });

  test('when it is read, then the directory is taken to end at the first field terminator', async () => {
    const [item] = recordsOf(await collect(readIso2709(bytesSource(damaged()))));

    expect(item?.record.fields[0]).toEqual({ tag: '001', value: 'ocm0001' });
    expect(item?.warnings.map((w) => w.message)).toContain(
      'leader base address is not a number but the directory ends at 60; using 61',
    );
    expect(JSON.stringify(item?.record)).not.toContain('\\u001d');
  });

  test('when the bytes arrive one at a time, then the items are those of a one-chunk read', async () => {
    const bytes = Buffer.concat([toIso2709(record('First')), damaged(), toIso2709(record('Last'))]);

    const whole = await collect(readIso2709(bytesSource(bytes)));
    const bytewise = await collect(readIso2709(chunked(bytes, 1)));

    expect(bytewise).toEqual(whole);
  });
});
