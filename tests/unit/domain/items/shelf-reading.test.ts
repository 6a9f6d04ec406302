import { parseLocation } from '../../../../src/domain/items/item';
import { analyzeShelfScans, expectedNotScanned } from '../../../../src/domain/items/shelf-reading';
import { shelfItem } from '../../../support/items';

const STACKS = parseLocation('MAIN/STACKS')!;

const a = shelfItem('A1', 'QA76 .A1');
const b = shelfItem('B2', 'QA76 .B2');
const c = shelfItem('C3', 'QA76 .C3');
const d = shelfItem('D4', 'QA76 .D4');
const e = shelfItem('E5', 'QA76 .E5');
const shelf = [a, b, c, d, e];

describe('analyzeShelfScans', () => {
  it('when the shelf is in order, then nothing is misplaced and the range spans first to last', () => {
    const report = analyzeShelfScans(STACKS, ['A1', 'B2', 'C3'], shelf);
    expect(report.misplaced).toEqual([]);
    expect(report.inOrder).toBe(3);
    expect(report.range).toMatchObject({ first: 'A1', last: 'C3' });
  });

  it('when one book stands too far right, then only it moves, between its neighbours', () => {
    const report = analyzeShelfScans(STACKS, ['A1', 'D4', 'B2', 'C3', 'E5'], shelf);
    expect(report.misplaced).toEqual([
      expect.objectContaining({ barcode: 'D4', position: 2, after: 'C3', before: 'E5' }),
    ]);
    expect(report.inOrder).toBe(4);
  });

  it('when the misplaced book belongs before the whole run, then it has only a before', () => {
    const report = analyzeShelfScans(STACKS, ['B2', 'C3', 'A1', 'D4'], shelf);
    expect(report.misplaced).toEqual([expect.objectContaining({ barcode: 'A1' })]);
    expect(report.misplaced[0]).not.toHaveProperty('after');
    expect(report.misplaced[0]!.before).toBe('B2');
  });

  it('when the misplaced book belongs after the whole run, then it has only an after', () => {
    const report = analyzeShelfScans(STACKS, ['E5', 'A1', 'B2', 'C3'], shelf);
    expect(report.misplaced).toEqual([expect.objectContaining({ barcode: 'E5', after: 'C3' })]);
    expect(report.misplaced[0]).not.toHaveProperty('before');
  });

  it('when two blocks are swapped, then the smaller block moves (the fewest moves)', () => {
    const report = analyzeShelfScans(STACKS, ['D4', 'E5', 'A1', 'B2', 'C3'], shelf);
    expect(report.misplaced.map((m) => m.barcode)).toEqual(['D4', 'E5']);
  });

  it('when copies share a shelf key, then their order among themselves does not matter', () => {
    const copy = shelfItem('B2-2', 'QA76 .B2');
    const report = analyzeShelfScans(STACKS, ['A1', 'B2-2', 'B2', 'C3'], [...shelf, copy]);
    expect(report.misplaced).toEqual([]);
  });

  it('when volumes are scanned v.10 before v.2, then v.10 is misplaced after v.2', () => {
    const v2 = shelfItem('V2', 'QA76 .B2', { volume: 'v.2' });
    const v10 = shelfItem('V10', 'QA76 .B2', { volume: 'v.10' });
    const report = analyzeShelfScans(STACKS, ['A1', 'V10', 'V2', 'C3'], [a, c, v2, v10]);
    expect(report.misplaced).toEqual([
      expect.objectContaining({ barcode: 'V10', after: 'V2', before: 'C3' }),
    ]);
  });

  it('when a barcode is unknown, then it is reported with its position and left out of the order', () => {
    const report = analyzeShelfScans(STACKS, ['A1', 'ZZZ', 'B2'], shelf);
    expect(report.unknown).toEqual([{ barcode: 'ZZZ', position: 2 }]);
    expect(report.misplaced).toEqual([]);
  });

  it('when an item belongs to another location, then it is reported with that location', () => {
    const ref = shelfItem('R1', 'QA1 .R1', { location: 'MAIN/REFERENCE' });
    const report = analyzeShelfScans(STACKS, ['A1', 'R1', 'B2'], [...shelf, ref]);
    expect(report.elsewhere).toEqual([
      expect.objectContaining({ barcode: 'R1', location: 'MAIN/REFERENCE' }),
    ]);
    expect(report.misplaced).toEqual([]);
  });

  it('when items have statuses that keep them off the shelf, then each is reported; only missing can be found', () => {
    const out = shelfItem('O1', 'QA76 .B3', { status: 'checked-out' });
    const gone = shelfItem('W1', 'QA76 .B4', { status: 'withdrawn' });
    const lost = shelfItem('M1', 'QA76 .B5', { status: 'missing' });
    const report = analyzeShelfScans(
      STACKS,
      ['A1', 'B2', 'O1', 'W1', 'M1', 'C3'],
      [...shelf, out, gone, lost],
    );
    expect(report.wrongStatus.map((w) => [w.barcode, w.status, w.canMarkAvailable])).toEqual([
      ['O1', 'checked-out', false],
      ['W1', 'withdrawn', false],
      ['M1', 'missing', true],
    ]);
    expect(report.inOrder).toBe(6);
  });

  it('when a barcode is scanned twice in another case, then it counts once and the repeat is reported', () => {
    const report = analyzeShelfScans(STACKS, ['A1', 'B2', ' a1 ', 'C3'], shelf);
    expect(report.duplicates).toEqual([{ barcode: 'A1', positions: [1, 3] }]);
    expect(report.scanned).toBe(4);
    expect(report.inOrder).toBe(3);
    expect(report.misplaced).toEqual([]);
  });

  it('when an item has no call number, then its place is not judged', () => {
    const bare = shelfItem('N1', undefined);
    const report = analyzeShelfScans(STACKS, ['A1', 'N1', 'B2'], [...shelf, bare]);
    expect(report.withoutCallNumber).toEqual([expect.objectContaining({ barcode: 'N1' })]);
    expect(report.inOrder).toBe(2);
  });

  it('when nothing scanned is in this location, then there is no range', () => {
    const report = analyzeShelfScans(STACKS, ['X'], shelf);
    expect(report.range).toBeUndefined();
  });
});

describe('expectedNotScanned', () => {
  it('when items of the range were not scanned, then those on-shelf are listed, others not', () => {
    const missing = shelfItem('M1', 'QA76 .B5', { status: 'missing' });
    const beyond = shelfItem('Z9', 'QA99 .Z9');
    const scans = ['A1', 'D4'];
    const report = analyzeShelfScans(STACKS, scans, shelf);
    const notScanned = expectedNotScanned(report, scans, [a, b, c, missing, d, beyond]);
    expect(notScanned.map((n) => n.barcode)).toEqual(['B2', 'C3']);
  });

  it('when there is no range, then nothing is expected', () => {
    const report = analyzeShelfScans(STACKS, ['X'], shelf);
    expect(expectedNotScanned(report, ['X'], shelf)).toEqual([]);
  });
});

describe('analyzeShelfScans on a long range', () => {
  it('when 5000 items are scanned with every tenth one out of place, then exactly those are misplaced', () => {
    const items = Array.from({ length: 5000 }, (_, i) =>
      shelfItem(`X${i}`, `QA${1 + Math.floor(i / 100)} .A${String(1000 + (i % 100))}`),
    );
    const scans = items.map((i) => i.barcode);
    // Every tenth item is taken out and put back three places further on.
    for (let i = 10; i + 3 < scans.length; i += 10) scans.splice(i + 3, 0, scans.splice(i, 1)[0]!);
    const report = analyzeShelfScans(STACKS, scans, items);
    expect(report.misplaced).toHaveLength(499);
    expect(report.inOrder).toBe(5000 - 499);
    expect(report.misplaced[0]).toMatchObject({ barcode: 'X10', after: 'X9', before: 'X11' });
  });
});
