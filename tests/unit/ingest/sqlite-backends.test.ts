import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { blankDocument, input } from '../../contract/record-store.fixtures';

describe('SQLite backends: units of work', () => {
  test('when two units of work overlap in time, then they run one after the other, each in its own transaction', async () => {
    const backends = openSqliteBackends(':memory:');
    const order: string[] = [];
    const slow = backends.atomically(async () => {
      order.push('a:start');
      await backends.store.upsertMany([input('a', 'A')]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('a:end');
    });
    const fast = backends.atomically(async () => {
      order.push('b:start');
      await backends.store.upsertMany([input('b', 'B')]);
      order.push('b:end');
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
    expect(await backends.store.count()).toBe(2);
    await backends.close();
  });

  test('when a unit of work fails, then its writes to store and index are rolled back and the next one runs', async () => {
    const backends = openSqliteBackends(':memory:');
    const failing = backends.atomically(async () => {
      await backends.store.upsertMany([input('a', 'A')]);
      await backends.index.upsert([blankDocument('a', { title: 'A' })]);
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    await backends.atomically(async () => backends.store.upsertMany([input('b', 'B')]));
    expect(await backends.store.get('a')).toBeUndefined();
    expect(await backends.index.count()).toBe(0);
    expect(await backends.store.count()).toBe(1);
    await backends.close();
  });
});
