import Database from 'better-sqlite3';
import type { Backends } from '../../../src/backends/backends';
import { composeBackends } from '../../../src/backends/composed.backends';
import { FlakyIndex } from '../../support/flaky-index';
import { summaryTable } from '../../../src/cli/ingest-output';
import { DEFAULT_INGEST_OPTIONS } from '../../../src/ingest/ingest.types';
import { runIngest, type IngestSummary } from '../../../src/ingest/pipeline';
import type { MapRecord } from '../../../src/mapping/mapper';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { toIso2709 } from '../../../src/marc/writers/iso2709.writer';
import { createSqliteCirculationStore } from '../../../src/circulation/sqlite/sqlite.circulation-store';
import { createSqliteItemStore } from '../../../src/items/sqlite/sqlite.item-store';
import { createSqlitePatronStore } from '../../../src/patrons/sqlite/sqlite.patron-store';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { blankDocument } from '../../contract/record-store.fixtures';

/**
 * The batch writer's outbox logic on a composed pair: a real SQLite store with its outbox, and an
 * index double that can go down or refuse documents (the real engine going down is tested end to
 * end in tests/e2e/index-outage.test.ts).
 */
function composed(index: FlakyIndex): Backends {
  const db = new Database(':memory:');
  const store = createSqliteRecordStore(db);
  const items = createSqliteItemStore(db);
  return composeBackends({
    store,
    index: index.asPort(),
    items,
    circulation: createSqliteCirculationStore(db),
    patrons: createSqlitePatronStore(db),
    describe: 'test',
  });
}

const map: MapRecord = (record) => {
  const id = record.getControl('001')!;
  return blankDocument(id, { controlNumber: id, deleted: record.leader[5] === 'd' });
};

function file(ids: string[], status = 'n'): Buffer {
  const records = ids.map(
    (id) => new MarcRecord(`00000${status}am a2200000 a 4500`, [{ tag: '001', value: id }]),
  );
  return Buffer.concat(records.map((r) => toIso2709(r)));
}

async function ingest(backends: Backends, bytes: Buffer, batchSize = 2): Promise<IngestSummary> {
  const options = { ...DEFAULT_INGEST_OPTIONS, batchSize };
  return runIngest([{ name: 'in.mrc', source: bytesSource(bytes) }], backends, map, options, {
    line: () => undefined,
  });
}

describe('ingest on a composed pair (store outbox)', () => {
  test('when the index takes every write, then nothing is left pending', async () => {
    const index = new FlakyIndex();
    const backends = composed(index);

    const summary = await ingest(backends, file(['a', 'b', 'c']));

    expect(summary.indexPending).toBe(0);
    expect(await backends.store.pendingIndexCount()).toBe(0);
    expect([...index.docs.keys()]).toEqual(['a', 'b', 'c']);
  });

  test('when the index is down, then every record is stored, stays pending, and the summary says why', async () => {
    const index = new FlakyIndex();
    index.down = true;
    const backends = composed(index);

    const summary = await ingest(backends, file(['a', 'b', 'c', 'd', 'e']));

    expect(summary.counts.created).toBe(5);
    expect(summary.indexPending).toBe(5);
    expect(summary.indexProblem).toContain('index_unavailable');
    expect(await backends.store.count()).toBe(5);
    expect(await backends.store.pendingIndexCount()).toBe(5);
    // The first batch found the index down; the two after it left the resting index alone.
    expect(index.calls).toBe(1);
  });

  test('when the index refuses some documents and names them all, then only those stay pending', async () => {
    const index = new FlakyIndex();
    index.refuse.add('b');
    const backends = composed(index);

    const summary = await ingest(backends, file(['a', 'b', 'c']), 10);

    expect(summary.indexPending).toBe(1);
    expect((await backends.store.pendingIndexWork({ limit: 10 })).items).toEqual([
      { id: 'b', version: 1, deleted: false },
    ]);
    expect(index.calls).toBe(1);
  });

  test('when a batch deletes while the index is down, then the tombstones wait as deletions', async () => {
    const index = new FlakyIndex();
    const backends = composed(index);
    await ingest(backends, file(['a', 'b']));
    index.down = true;

    const summary = await ingest(backends, file(['a'], 'd'));

    expect(summary.counts.deleted).toBe(1);
    expect((await backends.store.pendingIndexWork({ limit: 10 })).items).toEqual([
      { id: 'a', version: 2, deleted: true },
    ]);
  });

  test('when the index fails with an error that is not an index error, then the ingest fails', async () => {
    const index = new FlakyIndex();
    index.upsert = async () => {
      throw new Error('a bug');
    };
    const backends = composed(index);

    await expect(ingest(backends, file(['a']))).rejects.toThrow('a bug');
    expect(await backends.store.pendingIndexCount()).toBe(1);
  });
});

describe('ingest summary table', () => {
  test('when records wait for the index, then the table warns, says why and what indexes them', () => {
    const counts = { created: 3, updated: 0, unchanged: 0, deleted: 0, skipped: 0, rejected: 0, holdings: 0 };
    const summary = {
      counts,
      records: 3,
      items: NO_ITEMS,
      warnings: {},
      withoutRecords: [],
      seconds: 1,
      indexPending: 3,
      indexProblem: 'down (index_unavailable)',
    };

    const table = summaryTable(summary, false);

    expect(table).toContain(
      'warning: 3 record(s) are stored but wait for the search index: down (index_unavailable)',
    );
    expect(table).toContain('stacks reindex --pending');
    expect(summaryTable({ ...summary, indexPending: 0 }, false)).not.toContain('warning');
  });

  test('when the readers repaired records, then the table counts the warnings by code', () => {
    const counts = { created: 3, updated: 0, unchanged: 0, deleted: 0, skipped: 0, rejected: 0, holdings: 0 };
    const warnings = { charset_marc8_assumed: 980, leader_repaired: 2000 };
    const summary = {
      counts,
      records: 3,
      items: NO_ITEMS,
      warnings,
      withoutRecords: [],
      seconds: 1,
      indexPending: 0,
    };

    const table = summaryTable(summary, false);

    expect(table).toMatch(/warnings +2980 +\(leader_repaired 2,000, charset_marc8_assumed 980\)/);
    expect(table).not.toMatch(/items/);
  });

  test('when items were loaded, then the table counts them by outcome, naming only those that happened', () => {
    const counts = { created: 3, updated: 0, unchanged: 0, deleted: 0, skipped: 0, rejected: 0, holdings: 0 };
    const items = { ...NO_ITEMS, created: 1200, moved: 2, withdrawn: 1 };
    const summary = {
      counts,
      records: 3,
      items,
      warnings: {},
      withoutRecords: [],
      seconds: 1,
      indexPending: 0,
    };

    const table = summaryTable(summary, true);

    expect(table).toMatch(/items +1203 +\(1,200 created, 2 moved, 1 withdrawn\)/);
  });
});

const NO_ITEMS = { created: 0, updated: 0, unchanged: 0, moved: 0, withdrawn: 0 };
