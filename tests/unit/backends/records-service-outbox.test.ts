import Database from 'better-sqlite3';
import { composeBackends } from '../../../src/backends/composed.backends';
import { RecordsService } from '../../../src/services/records.service';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { input } from '../../contract/record-store.fixtures';
import { FlakyIndex } from '../../support/flaky-index';

/** Single-record writes (the HTTP API's) on a composed pair: confirmed when the index takes them. */
function service(index: FlakyIndex) {
  const store = createSqliteRecordStore(new Database(':memory:'));
  const backends = composeBackends({ store, index: index.asPort(), describe: 'test' });
  const map = (record: ReturnType<typeof input>['record']) => input(record.getControl('001')!, 'T').document;
  return { store, records: new RecordsService(backends, map) };
}

describe('records service on a store with an outbox', () => {
  test('when a record is created and then deleted, then each write is confirmed and nothing lags', async () => {
    const index = new FlakyIndex();
    const { store, records } = service(index);

    await records.create(input('a', 'A').record);
    expect(await store.pendingIndexCount()).toBe(0);
    await records.remove('a');

    expect(await store.pendingIndexCount()).toBe(0);
    expect(index.docs.has('a')).toBe(false);
  });

  test('when the index is down, then the write fails with index_unavailable but the record is stored and pending', async () => {
    const index = new FlakyIndex();
    index.down = true;
    const { store, records } = service(index);

    await expect(records.create(input('a', 'A').record)).rejects.toMatchObject({ code: 'index_unavailable' });

    expect((await store.get('a'))?.version).toBe(1);
    expect(await store.pendingIndexCount()).toBe(1);
  });
});
