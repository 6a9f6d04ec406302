import type { Client } from '@elastic/elasticsearch';
import Database from 'better-sqlite3';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { headerRoleSecurity } from '../api/support/api-fixture';
import type { Backends } from '../../src/backends/backends';
import { composeBackends } from '../../src/backends/composed.backends';
import { catchUpIndex } from '../../src/backends/index-catch-up';
import { rebuildIndexFromStore } from '../../src/backends/index-rebuild';
import { connectMongo } from '../../src/connections/mongo.connection';
import { createSearchClient } from '../../src/connections/search-client';
import { DEFAULT_INGEST_OPTIONS } from '../../src/ingest/ingest.types';
import { runIngest, type IngestSummary } from '../../src/ingest/pipeline';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { createMongoCirculationStore } from '../../src/circulation/mongo/mongo.circulation-store';
import { createSqliteItemStore } from '../../src/items/sqlite/sqlite.item-store';
import { createSqlitePatronStore } from '../../src/patrons/sqlite/sqlite.patron-store';
import { MarcRecord } from '../../src/marc/record';
import { bytesSource } from '../../src/marc/source';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { createElasticSearchIndex } from '../../src/search/elastic/elastic.search-index';
import { aliasTargets } from '../../src/search/elastic/index-alias';
import { createMongoRecordStore } from '../../src/store/mongo/mongo.record-store';
import { describeWithServices } from '../support/services';
import { syntheticFile, syntheticRecord } from '../support/synthetic';
import { toMarcXml } from '../../src/marc/writers/marcxml.writer';
import { TcpProxy } from '../support/tcp-proxy';

const RECORDS = 3000;
const BATCH = 250;
/** The engine goes down after this many batches, in the middle of the load. */
const DOWN_AFTER_BATCHES = 4;
const DELETED = 40;

/** Leader/05 `d` on the first `count` synthetic records' ids: deletions, sent while the engine is down. */
function deletions(count: number): Buffer {
  const ids = Array.from({ length: count }, (_, i) => `syn${String(i + 1).padStart(7, '0')}`);
  return Buffer.concat(
    ids.map((id) => toIso2709(new MarcRecord('00000dam a2200000 a 4500', [{ tag: '001', value: id }]))),
  );
}

/**
 * Issue 6, item 3: nothing is lost when the search engine goes down. An ingest into FerretDB +
 * OpenSearch loses the engine half way (a proxy in front of it is closed, see TcpProxy for why),
 * finishes with every record stored and the rest pending in the store's outbox, deletes some
 * records while still down, then the engine comes back, the catch-up runs, and the index holds
 * exactly what the store holds.
 */
describeWithServices('an ingest that loses the search engine half way', (services) => {
  const name = `stacks_outage_${process.pid}_${Date.now().toString(36)}`;
  let proxy: TcpProxy;
  let mongo: Connection;
  let direct: Client;
  let backends: Backends;

  beforeAll(async () => {
    const target = new URL(services.search.url);
    proxy = new TcpProxy(target.hostname, Number(target.port));
    await proxy.up();
    mongo = await connectMongo(services.mongoUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`));
    direct = createSearchClient(services.search);
    const viaProxy = createSearchClient({ ...services.search, url: proxy.url, maxRetries: 1 });
    const index = await createElasticSearchIndex(viaProxy, {
      indexName: name,
      // Two quick retries instead of six slow ones: the test waits for each give-up.
      bulk: { retries: 2, backoffMs: 100 },
    });
    backends = composeBackends({
      store: await createMongoRecordStore(mongo),
      index,
      // Not under test here; the MongoDB item store replaces this when it lands (issue 12).
      items: createSqliteItemStore(new Database(':memory:')),
      circulation: await createMongoCirculationStore(mongo),
      patrons: createSqlitePatronStore(new Database(':memory:')),
      describe: 'FerretDB + OpenSearch through a proxy',
      closeConnections: () => viaProxy.close(),
    });
  });

  afterAll(async () => {
    await backends?.close();
    await proxy?.down();
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await direct?.indices.delete({ index: `${name}-v*` }, { ignore: [404] });
    await direct?.close();
  });

  async function ingest(
    bytes: Buffer,
    afterBatch?: (batches: number) => Promise<void>,
  ): Promise<IngestSummary> {
    let batches = 0;
    const options = { ...DEFAULT_INGEST_OPTIONS, batchSize: BATCH };
    return runIngest(
      [{ name: 'load.mrc', source: bytesSource(bytes) }],
      backends,
      createDefaultMapper(),
      options,
      {
        line: () => undefined,
        flush: () => afterBatch?.(++batches) ?? Promise.resolve(),
      },
    );
  }

  test('when the engine comes back and the catch-up runs, then the index holds exactly what the store holds', async () => {
    const app = createApp({ backends, security: headerRoleSecurity(), onUnexpected: () => undefined });

    const load = await ingest(syntheticFile(RECORDS), async (batches) => {
      if (batches === DOWN_AFTER_BATCHES) await proxy.down();
    });
    const removal = await ingest(deletions(DELETED));
    const posted = await request(app)
      .post('/records')
      .set({ 'x-test-role': 'staff', 'content-type': 'application/marcxml+xml' })
      .send(toMarcXml(syntheticRecord(RECORDS + 1)));

    // Down: every record stored, the rest waiting, and the server not ready.
    expect(load.counts.created).toBe(RECORDS);
    expect(load.indexPending).toBeGreaterThanOrEqual(RECORDS - DOWN_AFTER_BATCHES * BATCH);
    expect(load.indexPending).toBeLessThan(RECORDS);
    expect(load.indexProblem).toContain('index_unavailable');
    expect(removal.counts.deleted).toBe(DELETED);
    // An API write while down: stored, answered 201 with the pending marker, not 503.
    expect(posted.status).toBe(201);
    expect(posted.headers['stacks-index-pending']).toBe('1');
    expect(posted.body).toMatchObject({ outcome: 'created', indexPending: true });
    expect(await backends.store.count()).toBe(RECORDS - DELETED + 1);
    const lag = await backends.store.pendingIndexCount();
    expect(lag).toBe(load.indexPending + removal.indexPending + 1);
    expect(lag).toBeGreaterThan(0);
    expect((await request(app).get('/ready')).status).toBe(503);

    await proxy.up();
    const caughtUp = await catchUpIndex(backends, { batch: 500 });
    await direct.indices.refresh({ index: name });

    expect(caughtUp.refused).toBe(0);
    expect(await backends.store.pendingIndexCount()).toBe(0);
    expect(await backends.index.count()).toBe(await backends.store.count());
    const found = await backends.index.search({ limit: 1 });
    expect(found.total).toBe(RECORDS - DELETED + 1);
    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', records: RECORDS - DELETED + 1, indexLag: 0 });
  }, 240_000);

  test('when the whole index is rebuilt after the outage, then searches move to a new physical index holding the same records', async () => {
    const [before] = await aliasTargets(direct, name);

    const summary = await rebuildIndexFromStore(backends, { batch: 1000 });
    await direct.indices.refresh({ index: name });

    const after = await aliasTargets(direct, name);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
    expect(after[0]).toMatch(new RegExp(`^${name}-v\\d+-\\d{8}t\\d{9}z$`));
    expect(summary.documents).toBe(RECORDS - DELETED + 1);
    expect(await backends.index.count()).toBe(RECORDS - DELETED + 1);
    expect(await backends.store.pendingIndexCount()).toBe(0);
  }, 120_000);
});
