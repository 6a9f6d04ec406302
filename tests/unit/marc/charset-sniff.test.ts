import { chooseCharset } from '../../../src/marc/charset/charset';
import { readIso2709 } from '../../../src/marc/readers/iso2709.reader';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { toIso2709 } from '../../../src/marc/writers/iso2709.writer';
import { collect, recordsOf } from '../../support/collect';

const BLANK = 0x20;
const A = 0x61;

/** An ISO 2709 record holding `value` byte for byte, with leader/09 blank (MARC-8). */
function marc8Record(value: string): Buffer {
  const bytes = toIso2709(
    new MarcRecord('00000nam a2200000 a 4500', [
      { tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value }] },
    ]),
  );
  bytes[9] = BLANK;
  return bytes;
}

describe('charset sniffing of 7-bit records', () => {
  test('when a record is plain ASCII, then it is read as ASCII whatever leader/09 says', () => {
    const bytes = Buffer.from('Plain title');

    expect(chooseCharset(bytes, BLANK)).toEqual({ charset: 'ascii' });
    expect(chooseCharset(bytes, A)).toEqual({ charset: 'ascii' });
  });

  test('when 7-bit bytes carry MARC-8 escapes and leader/09 is blank, then they are read as MARC-8', () => {
    // ESC p … ESC s: MARC-8's superscript set; ESC $ 1 … ESC ( B: CJK (EACC) in G0, all 7-bit.
    const bytes = Buffer.from('A\x1bp4\x1bs and \x1b$1!Bg\x1b(B', 'latin1');

    expect(chooseCharset(bytes, BLANK)).toEqual({ charset: 'marc8' });
  });

  test('when a 7-bit MARC-8 record uses the superscript escape, then the value holds superscripts, not ESC', async () => {
    const bytes = marc8Record('Signatures: A\x1bp4\x1bs B\x1bp2\x1bs.');

    const [item] = recordsOf(await collect(readIso2709(bytesSource(bytes))));

    expect(item?.warnings).toEqual([]);
    expect(item?.record.getSubfield('500', 'a')).toBe('Signatures: A⁴ B².');
  });

  test('when a 7-bit MARC-8 record holds EACC (CJK), then the value is decoded to Han characters', async () => {
    // From marc-perl's cjk3.marc, 880 $a "陈  方竞." (romanised in 100 as "Chen, Fangjing"):
    // ESC $ 1 selects EACC, 0x27 0x5F 0x23 is 陈 and 0x21 0x42 0x67 is 方; ESC ( B returns to ASCII.
    const bytes = marc8Record("\x1b$1'_#!Bg\x1b(B.");

    const [item] = recordsOf(await collect(readIso2709(bytesSource(bytes))));

    expect(item?.record.getSubfield('500', 'a')).toBe('陈方.');
  });
});
