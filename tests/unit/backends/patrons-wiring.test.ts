import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBackends } from '../../../src/backends/open-backends';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { connectMongo, disconnectMongo } from '../../../src/connections/mongo.connection';
import { newPatron, T0 } from '../../contract/patron-store.fixtures';
import { input } from '../../contract/record-store.fixtures';
import { describeWithMongo } from '../../support/services';

describe('Backends: patrons beside the record store', () => {
  test('when a unit of work on the embedded backends fails, then its patron writes roll back with the rest', async () => {
    const backends = openSqliteBackends(':memory:');
    const failing = backends.atomically(async () => {
      await backends.store.upsertMany([input('a', 'A')]);
      const p = await backends.patrons.create(newPatron('P1', 'Doe, Jane'), T0);
      await backends.patrons.addLoan(p.id, 'loan-1', 1, T0);
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await backends.patrons.count()).toBe(0);
    expect(await backends.store.count()).toBe(0);
    await backends.atomically(async () => backends.patrons.create(newPatron('P1', 'Doe, Jane'), T0));
    expect(await backends.patrons.count()).toBe(1);
    await backends.close();
  });

  test('when backends are opened from config on a file, then patrons are in that file and survive a reopen', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stacks-patrons-wiring-'));
    const dbPath = path.join(dir, 'stacks.db');
    const config = { dbPath, store: 'sqlite', index: 'sqlite', indexName: 'stacks' } as const;
    try {
      const first = await openBackends(config);
      const created = await first.patrons.create(newPatron('P1', 'Doe, Jane'), T0);
      await first.close();
      const second = await openBackends(config);
      expect((await second.patrons.get('p1'))?.id).toBe(created.id);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithMongo('Backends: patrons beside a MongoDB record store', (mongoUrl) => {
  test('when backends are opened on MongoDB, then patrons are in its database beside the records', async () => {
    // A database of this run's own, dropped after: the URL's path names it.
    const url = new URL(mongoUrl);
    url.pathname = `/patrons_wiring_${process.pid}_${Date.now()}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'stacks-patrons-wiring-'));
    const config = {
      dbPath: path.join(dir, 'local.db'),
      store: 'mongodb',
      mongoUrl: url.toString(),
      index: 'sqlite',
      indexName: 'stacks',
    } as const;
    const backends = await openBackends(config);
    const connection = await connectMongo(url.toString());
    try {
      const created = await backends.patrons.create(newPatron('M1', 'Doe, Jane'), T0);
      expect(await connection.collection('patrons').countDocuments({ _id: created.id as never })).toBe(1);
      const again = await openBackends(config);
      expect((await again.patrons.get('m1'))?.id).toBe(created.id);
      await again.close();
    } finally {
      await backends.close();
      await connection.dropDatabase();
      await disconnectMongo(connection);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
