import { compileExtract } from '../../../src/mapping/extractor';
import { memoSlot, RecordView } from '../../../src/mapping/record-view';
import { mrk } from './mrk-record';

const view = new RecordView(
  mrk(`
    =LDR  00000cam a2200000 a 4500
    =001  rec1
    =007  cr|||
    =007  ta
    =008  200101s2004    xx            000 0 eng d
    =651  \\0$aJapan$xEconomic conditions.
    =650  \\0$aCorporations$zJapan.
    =650  \\7$aLabor supply.$2fast
    =245  10$aTitle :$bsub /$cresp.`),
);

describe('compileExtract', () => {
  test('when a spec names subfields, then they are joined per field in record order', () => {
    expect(compileExtract('245ab')(view)).toEqual(['Title : sub /']);
  });

  test('when a spec names several tags, then values come in record order, as traject gives them', () => {
    expect(compileExtract('650a:651a')(view)).toEqual(['Japan', 'Corporations', 'Labor supply.']);
  });

  test('when the separator is null, then each subfield is a value of its own', () => {
    expect(compileExtract('6XXaxz', null)(view)).toEqual([
      'Japan',
      'Economic conditions.',
      'Corporations',
      'Japan.',
      'Labor supply.',
    ]);
  });

  test('when indicators are given, then only matching fields count', () => {
    expect(compileExtract('650|*7|a')(view)).toEqual(['Labor supply.']);
    expect(compileExtract('650| 0|a')(view)).toEqual(['Corporations']);
  });

  test('when positions of the leader or a control field are asked for, then each occurrence gives its slice', () => {
    expect(compileExtract('LDR[6-7]')(view)).toEqual(['am']);
    expect(compileExtract('008[35-37]:007[0]')(view)).toEqual(['eng', 'c', 't']);
    expect(compileExtract('001')(view)).toEqual(['rec1']);
  });

  test('when a tag is absent, then there are no values', () => {
    expect(compileExtract('100a:700a')(view)).toEqual([]);
  });
});

describe('RecordView.memo', () => {
  test('when two rules ask for the same memoised work, then it runs once per record', () => {
    const slot = memoSlot<string[]>('test');
    let runs = 0;
    const compute = () => {
      runs++;
      return ['done'];
    };

    const first = view.memo(slot, compute);
    const second = view.memo(slot, compute);

    expect(second).toBe(first);
    expect(runs).toBe(1);
  });
});
