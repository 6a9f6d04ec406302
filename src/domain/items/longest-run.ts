/**
 * Indices of a longest non-decreasing subsequence of `keys` (bytewise string order), ascending.
 * Shelf-reading keeps these where they stand and moves the rest: the fewest moves that put the
 * shelf in order. Patience sorting: O(n log n), so a scan of a whole range stays quick.
 * Of several longest runs it keeps the one that ends earliest at each length, deterministically.
 */
export function longestRunInOrder(keys: readonly string[]): number[] {
  /** tails[k]: index of the smallest last key of a run of length k + 1 seen so far. */
  const tails: number[] = [];
  const previous = new Array<number>(keys.length).fill(-1);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    // First run whose last key is greater than this one (ties extend: non-decreasing).
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[tails[mid]!]! <= key) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const run: number[] = [];
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) run.push(i);
  return run.reverse();
}
