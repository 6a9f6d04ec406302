import { boundedValue, excerpt } from '../../../src/errors/excerpt';

describe('excerpt and boundedValue', () => {
  test('when a string is short, then it is quoted whole', () => {
    expect(excerpt('500')).toBe('"500"');
    expect(boundedValue('500')).toBe('500');
  });

  test('when a string is long, then it is cut with an ellipsis', () => {
    expect(excerpt('x'.repeat(1000))).toBe(`"${'x'.repeat(40)}…"`);
    expect(boundedValue('x'.repeat(1000))).toBe(`${'x'.repeat(100)}…`);
  });

  test('when a value is nested deeper than the stack, then it is named, not serialised', () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(boundedValue(deep)).toBe('[…]');
    expect(excerpt({ a: deep })).toBe('{…}');
  });

  test('when a value is a short list of scalars, then it stays a list', () => {
    expect(boundedValue(['a', 1, true])).toEqual(['a', 1, true]);
    expect(typeof boundedValue(Array.from({ length: 50 }, (_, i) => i))).toBe('string');
  });
});
