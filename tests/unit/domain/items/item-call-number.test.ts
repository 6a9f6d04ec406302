import { itemCallNumber, itemShelfKey } from '../../../../src/domain/items/item-call-number';

describe('itemShelfKey', () => {
  it('when volumes are numbered, then v.2 files before v.10', () => {
    const v2 = itemShelfKey({ value: 'QA76.73 .J38 2005', scheme: 'lc', volume: 'v.2' });
    const v10 = itemShelfKey({ value: 'QA76.73 .J38 2005', scheme: 'lc', volume: 'v.10' });
    expect(v2 < v10).toBe(true);
  });

  it('when a work has volumes, then they file after it and before the next work', () => {
    const work = itemShelfKey({ value: 'QA76.73 .J38', scheme: 'lc' });
    const volume = itemShelfKey({ value: 'QA76.73 .J38', scheme: 'lc', volume: 'v.1' });
    const next = itemShelfKey({ value: 'QA76.73 .J38 S53', scheme: 'lc' });
    expect([next, volume, work].sort()).toEqual([work, volume, next]);
  });

  it('when copies differ, then c.2 files before c.10 of the same volume', () => {
    const c2 = itemShelfKey({ value: '823.914 SMI', scheme: 'dewey', volume: 'v.1', copy: '2' });
    const c10 = itemShelfKey({ value: '823.914 SMI', scheme: 'dewey', volume: 'v.1', copy: '10' });
    expect(c2 < c10).toBe(true);
  });

  it('when a call number is read, then blank parts are left out and the key is set', () => {
    const call = itemCallNumber({ value: ' QA76 .J38 ', scheme: 'lc', prefix: ' ', volume: 'v.2' });
    expect(call).toEqual({ value: 'QA76 .J38', scheme: 'lc', volume: 'v.2', shelfKey: expect.any(String) });
    expect(call.shelfKey.startsWith('L QA')).toBe(true);
  });
});
