import { longestRunInOrder } from '../../../../src/domain/items/longest-run';

/** The length of a longest non-decreasing subsequence, by trying every subset (small inputs only). */
function bruteForceLength(keys: string[]): number {
  let best = 0;
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    const picked = keys.filter((_, i) => mask & (1 << i));
    if (picked.every((k, i) => i === 0 || picked[i - 1]! <= k)) best = Math.max(best, picked.length);
  }
  return best;
}

describe('longestRunInOrder', () => {
  it('when the keys are in order, then it keeps them all', () => {
    expect(longestRunInOrder(['a', 'b', 'b', 'c'])).toEqual([0, 1, 2, 3]);
  });

  it('when there are no keys, then the run is empty', () => {
    expect(longestRunInOrder([])).toEqual([]);
  });

  it('when one item stands too early, then only it is left out', () => {
    expect(longestRunInOrder(['a', 'e', 'b', 'c', 'd'])).toEqual([0, 2, 3, 4]);
  });

  it('when the keys are reversed, then the run is one item long', () => {
    expect(longestRunInOrder(['d', 'c', 'b', 'a'])).toHaveLength(1);
  });

  it('when equal keys are apart, then they still count as in order', () => {
    expect(longestRunInOrder(['b', 'b', 'a'])).toEqual([0, 1]);
  });

  it('when keys are random, then the run is non-decreasing and as long as the longest', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const keys = Array.from({ length: Math.floor(random() * 12) }, () =>
        String.fromCharCode(97 + Math.floor(random() * 6)),
      );
      const run = longestRunInOrder(keys);
      expect(run).toEqual([...run].sort((a, b) => a - b));
      run.forEach((index, i) => i > 0 && expect(keys[run[i - 1]!]! <= keys[index]!).toBe(true));
      expect(run).toHaveLength(bruteForceLength(keys));
    }
  });
});
