import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBackends } from '../../../src/backends/open-backends';
import { connectMongo, disconnectMongo } from '../../../src/connections/mongo.connection';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { newItem, T0 } from '../../contract/item-store.fixtures';
import { blankDocument, input } from '../../contract/record-store.fixtures';
import { describeWithMongo } from '../../support/services';

describe('Backends: items beside the record store', () => {
  test('when a unit of work on the embedded backends fails, then its record, index and item writes all roll back', async () => {
    const backends = openSqliteBackends(':memory:');
    const failing = backends.atomically(async () => {
      await backends.store.upsertMany([input('a', 'A')]);
      await backends.index.upsert([blankDocument('a', { title: 'A' })]);
      await backends.items.load([newItem('B1', 'a')], T0, 'ingest');
      await backends.items.create(newItem('B2', 'a'), T0);
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await backends.items.count()).toBe(0);
    expect(await backends.store.count()).toBe(0);
    await backends.atomically(async () => backends.items.create(newItem('B1', 'a'), T0));
    expect(await backends.items.count()).toBe(1);
    await backends.close();
  });

  test('when backends are opened from config on a file, then items are in that file and survive a reopen', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stacks-items-wiring-'));
    const dbPath = path.join(dir, 'stacks.db');
    const config = { dbPath, store: 'sqlite', index: 'sqlite', indexName: 'stacks' } as const;
    try {
      const first = await openBackends(config);
      await first.items.create(newItem('B1', 'r1'), T0);
      await first.close();
      const second = await openBackends(config);
      expect((await second.items.get('b1'))?.recordId).toBe('r1');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithMongo('Backends: items beside a MongoDB record store', (mongoUrl) => {
  test('when backends are opened on MongoDB, then items are in its database beside the records', async () => {
    // A database of this run's own, dropped after: the URL's path names it.
    const url = new URL(mongoUrl);
    url.pathname = `/items_wiring_${process.pid}_${Date.now()}`;
    const config = {
      dbPath: ':memory:',
      store: 'mongodb',
      mongoUrl: url.toString(),
      index: 'sqlite',
      indexName: 'stacks',
    } as const;
    const backends = await openBackends(config);
    try {
      await backends.items.create(newItem('M1', 'r1'), T0);
      const again = await openBackends(config);
      expect((await again.items.get('m1'))?.recordId).toBe('r1');
      await again.close();
    } finally {
      await backends.close();
      const connection = await connectMongo(url.toString());
      await connection.dropDatabase();
      await disconnectMongo(connection);
    }
  });
});
