import Database from 'better-sqlite3';
import { StatementCache } from '../../../src/connections/sqlite-kit/statement-cache';

describe('StatementCache', () => {
  test('when the same text is asked again, then the same statement comes back', () => {
    const db = new Database(':memory:');
    const cache = new StatementCache(db, 2);

    expect(cache.get('SELECT 1')).toBe(cache.get('SELECT 1'));
    db.close();
  });

  test('when it is full, then the least recently used statement goes first', () => {
    const db = new Database(':memory:');
    const cache = new StatementCache(db, 2);
    const one = cache.get('SELECT 1');
    const two = cache.get('SELECT 2');

    cache.get('SELECT 1');
    cache.get('SELECT 3');

    expect(cache.get('SELECT 1')).toBe(one);
    expect(cache.get('SELECT 2')).not.toBe(two);
    db.close();
  });
});
