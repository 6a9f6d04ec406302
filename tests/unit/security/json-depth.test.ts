import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../../src/api/security/json-depth';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('nestsDeeperThan', () => {
  test('when JSON nests to the limit, then it passes', () => {
    const text = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(nestsDeeperThan(bytes(text))).toBe(false);
  });

  test('when JSON nests one level past the limit, then it is caught', () => {
    const text = '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1);
    expect(nestsDeeperThan(bytes(text))).toBe(true);
  });

  test('when brackets are inside strings, escaped quotes included, then they do not count', () => {
    const text = JSON.stringify({ q: '['.repeat(1000) + '\\"' + '{'.repeat(1000) });
    expect(nestsDeeperThan(bytes(text))).toBe(false);
  });

  test('when a million brackets arrive, then the scan neither recurses nor overflows', () => {
    expect(nestsDeeperThan(bytes('['.repeat(1_000_000)))).toBe(true);
  });
});
