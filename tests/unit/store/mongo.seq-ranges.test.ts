import { gapFilter, gapsOf, mergeRanges, runsOf } from '../../../src/store/mongo/seq-ranges';

const at = (minutes: number): Date => new Date(Date.UTC(2026, 0, 1, 0, minutes));

describe('confirmed seq ranges', () => {
  test('when ranges overlap or touch, then they merge and keep the earliest time', () => {
    const merged = mergeRanges([
      { lo: 5, hi: 9, at: at(3) },
      { lo: 1, hi: 4, at: at(7) },
      { lo: 20, hi: 25, at: at(1) },
      { lo: 8, hi: 12, at: at(2) },
    ]);
    expect(merged).toEqual([
      { lo: 1, hi: 12, at: at(2) },
      { lo: 20, hi: 25, at: at(1) },
    ]);
  });

  test('when ranges leave holes, then the gaps are the holes and everything after the last', () => {
    expect(gapsOf([])).toEqual([{ after: 0 }]);
    expect(
      gapsOf([
        { lo: 1, hi: 12, at: at(0) },
        { lo: 20, hi: 25, at: at(0) },
      ]),
    ).toEqual([{ after: 12, before: 20 }, { after: 25 }]);
    expect(gapsOf([{ lo: 3, hi: 4, at: at(0) }])).toEqual([{ after: 0, before: 3 }, { after: 4 }]);
  });

  test('when seqs are confirmed, then consecutive ones become one run', () => {
    expect(runsOf([7, 3, 4, 5, 9, 8, 4])).toEqual([
      { lo: 3, hi: 5 },
      { lo: 7, hi: 9 },
    ]);
    expect(runsOf([])).toEqual([]);
  });

  test('when filtering after a cursor, then gaps wholly before it are dropped and the rest start after it', () => {
    const gaps = [{ after: 0, before: 3 }, { after: 12, before: 20 }, { after: 25 }];
    expect(gapFilter(gaps, 0)).toEqual({
      $or: [{ seq: { $gt: 0, $lt: 3 } }, { seq: { $gt: 12, $lt: 20 } }, { seq: { $gt: 25 } }],
    });
    expect(gapFilter(gaps, 15)).toEqual({ $or: [{ seq: { $gt: 15, $lt: 20 } }, { seq: { $gt: 25 } }] });
    expect(gapFilter(gaps, 30)).toEqual({ seq: { $gt: 30 } });
  });
});
