import { prefixUpperBound } from '../../../src/patrons/patron-keys';

describe('prefixUpperBound', () => {
  test('when a prefix is given, then the bound is above every key starting with it and below the next prefix', () => {
    const bound = prefixUpperBound('doe')!;
    expect(bound).toBe('dof');
    for (const key of ['doe', 'doe, jane', 'doe\u{10ffff}', 'doe\uffff'])
      expect(utf8Less(key, bound)).toBe(true);
    expect(utf8Less('dof', bound)).toBe(false);
  });

  test('when the prefix ends beyond U+FFFF or just below the surrogates, then the bound is still the next character', () => {
    expect(prefixUpperBound('王𠀋')).toBe('王𠀌');
    expect(prefixUpperBound('a\ud7ff')).toBe('a\ue000');
    expect(prefixUpperBound('a\u{10ffff}')).toBe('b');
    expect(prefixUpperBound('')).toBeUndefined();
  });
});

/** How both databases compare keys: UTF-8 bytes, which is code point order. */
function utf8Less(a: string, b: string): boolean {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;
}
