import { MarcRecord } from '../../../src/marc/record';
import { parseSpec } from '../../../src/marc/spec';
import { MarcSpecError } from '../../../src/marc/errors';
import { compileExtract } from '../../../src/mapping/extractor';
import { RecordView } from '../../../src/mapping/record-view';

/** Specs parsed here run through the one extractor, mapping's; tests may cross the layers. */
function extract(record: MarcRecord, spec: string): string[] {
  return compileExtract(spec)(new RecordView(record));
}

function sample(): MarcRecord {
  return new MarcRecord('00000cam a2200000 a 4500', [
    { tag: '001', value: 'ocm01234567' },
    { tag: '008', value: '850101s1985    nyu           000 0 eng d' },
    {
      tag: '245',
      ind1: '1',
      ind2: '4',
      subfields: [
        { code: 'a', value: 'The title :' },
        { code: 'b', value: 'a subtitle /' },
        { code: 'c', value: 'by someone.' },
      ],
    },
    {
      tag: '650',
      ind1: ' ',
      ind2: '0',
      subfields: [
        { code: 'a', value: 'Cats' },
        { code: 'x', value: 'History.' },
      ],
    },
    {
      tag: '650',
      ind1: ' ',
      ind2: '7',
      subfields: [
        { code: 'a', value: 'Felines' },
        { code: '2', value: 'fast' },
      ],
    },
  ]);
}

describe('field specs', () => {
  test('when a spec names subfields, then each field yields one joined value of those subfields', () => {
    expect(extract(sample(), '245ab')).toEqual(['The title : a subtitle /']);
  });

  test('when a spec names only a tag, then all subfields of every matching field are joined', () => {
    expect(extract(sample(), '650')).toEqual(['Cats History.', 'Felines fast']);
  });

  test('when a spec has indicators, then only fields with those indicators match', () => {
    expect(extract(sample(), '650|*0|a')).toEqual(['Cats']);
    expect(extract(sample(), '650| 7|a')).toEqual(['Felines']);
  });

  test('when a spec has a range, then it slices the control field or the leader', () => {
    expect(extract(sample(), '008[35-37]')).toEqual(['eng']);
    expect(extract(sample(), '008[6]')).toEqual(['s']);
    expect(extract(sample(), 'LDR[6-7]')).toEqual(['am']);
  });

  test('when specs are joined with colons, then data-field values come in record order', () => {
    expect(extract(sample(), '650a:245a')).toEqual(['The title :', 'Cats', 'Felines']);
  });

  test('when a spec is malformed, then a MarcSpecError names it', () => {
    expect(() => parseSpec('24')).toThrow(MarcSpecError);
    expect(() => parseSpec('008[9-3]')).toThrow(/runs backwards/);
  });
});
