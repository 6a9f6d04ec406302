import { readIso2709 } from '../../../src/marc/readers/iso2709.reader';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { toIso2709 } from '../../../src/marc/writers/iso2709.writer';
import { chunked, collect, recordsOf } from '../../support/collect';

// Found by scripts/fuzz (iso2709, seed 11, case 3429012659): a leader length one byte too long,
// with a filler byte (^Z) after the record terminator. With the next leader in the window the
// framer trusts the length; without it, it fell back to the terminator, so the records read
// depended on where the chunks happened to end.

function record(title: string): Buffer {
  return toIso2709(
    new MarcRecord('00000nam a2200000 a 4500', [
      { tag: '001', value: title.toLowerCase() },
      { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: title }] },
    ]),
  );
}

/** The first record's leader claims one byte more than it has; a ^Z follows its terminator. */
function input(): Buffer {
  const first = record('First');
  first.write(String(first.length + 1).padStart(5, '0'), 0, 'latin1');
  return Buffer.concat([first, Buffer.from([0x1a]), record('Second')]);
}

describe('ISO 2709 framing whatever the chunk boundaries', () => {
  const endOfFirst = input().indexOf(0x1a);

  test.each([[[1]], [[7, 1, 64, 3]], [[endOfFirst + 1]], [[endOfFirst + 2]], [[endOfFirst + 25]]])(
    'when the bytes arrive in chunks of %j bytes, then the items are those of a one-chunk read',
    async (sizes: number[]) => {
      const bytes = input();

      const whole = await collect(readIso2709(bytesSource(bytes)));
      const pieces = await collect(readIso2709(chunked(bytes, ...sizes)));

      expect(recordsOf(whole)).toHaveLength(2);
      expect(pieces).toEqual(whole);
    },
  );
});
