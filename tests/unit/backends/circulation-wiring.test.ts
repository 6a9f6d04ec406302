import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBackends } from '../../../src/backends/open-backends';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { connectMongo, disconnectMongo } from '../../../src/connections/mongo.connection';
import { closedLoan, event, newHold, T0 } from '../../contract/circulation-store.fixtures';
import { newItem } from '../../contract/item-store.fixtures';
import { describeWithMongo } from '../../support/services';

describe('Backends: circulation beside the items', () => {
  test('when a unit of work on the embedded backends fails, then its item and circulation writes roll back together', async () => {
    const backends = openSqliteBackends(':memory:');
    const failing = backends.atomically(async () => {
      await backends.items.create(newItem('B1', 'r1'), T0);
      await backends.circulation.putClosedLoan(closedLoan('l1'));
      await backends.circulation.createHold(newHold('h1'), T0);
      await backends.circulation.appendEvent(event('e1'));
      await backends.circulation.unlinkPatron('p1');
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await backends.items.count()).toBe(0);
    expect(await backends.circulation.closedLoan('l1')).toBeUndefined();
    expect(await backends.circulation.hold('h1')).toBeUndefined();
    expect((await backends.circulation.events({ limit: 10 })).entries).toEqual([]);
    await backends.close();
  });

  test('when backends are opened from config on a file, then circulation is in that file and survives a reopen', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stacks-circulation-wiring-'));
    const config = {
      dbPath: path.join(dir, 'stacks.db'),
      store: 'sqlite',
      index: 'sqlite',
      indexName: 'stacks',
    } as const;
    try {
      const first = await openBackends(config);
      await first.circulation.createHold(newHold('h1'), T0);
      await first.close();
      const second = await openBackends(config);
      expect((await second.circulation.hold('h1'))?.version).toBe(1);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithMongo('Backends: circulation beside a MongoDB record store', (mongoUrl) => {
  test('when backends are opened on MongoDB, then circulation is in its database, not the local file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stacks-circulation-wiring-'));
    const url = new URL(mongoUrl);
    url.pathname = `/circulation_wiring_${process.pid}_${Date.now()}`;
    const config = {
      dbPath: path.join(dir, 'stacks.db'),
      store: 'mongodb',
      mongoUrl: url.toString(),
      index: 'sqlite',
      indexName: 'stacks',
    } as const;
    const backends = await openBackends(config);
    try {
      await backends.circulation.createHold(newHold('h1'), T0);
      const connection = await connectMongo(url.toString());
      try {
        expect(await connection.collection('holds').countDocuments({ _id: 'h1' as never })).toBe(1);
      } finally {
        await disconnectMongo(connection);
      }
      const local = openSqliteBackends(config.dbPath);
      expect(await local.circulation.hold('h1')).toBeUndefined();
      await local.close();
    } finally {
      await backends.close();
      const connection = await connectMongo(url.toString());
      await connection.dropDatabase();
      await disconnectMongo(connection);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
