import type { Client } from '@elastic/elasticsearch';
import type { Connection } from 'mongoose';
import { refreshAvailability } from '../../src/backends/availability-refresh';
import type { Backends } from '../../src/backends/backends';
import { composeBackends } from '../../src/backends/composed.backends';
import { catchUpIndex } from '../../src/backends/index-catch-up';
import { connectMongo } from '../../src/connections/mongo.connection';
import { createSearchClient } from '../../src/connections/search-client';
import type { NewItem } from '../../src/domain/items/item';
import type { ItemStatus } from '../../src/domain/items/item-status';
import { createMongoCirculationStore } from '../../src/circulation/mongo/mongo.circulation-store';
import { createMongoItemStore } from '../../src/items/mongo/mongo.item-store';
import { createMongoPatronStore } from '../../src/patrons/mongo/mongo.patron-store';
import { createElasticSearchIndex } from '../../src/search/elastic/elastic.search-index';
import { createMongoRecordStore } from '../../src/store/mongo/mongo.record-store';
import { input } from '../contract/record-store.fixtures';
import { describeWithServices } from '../support/services';
import { TcpProxy } from '../support/tcp-proxy';

const AT = '2026-12-06T10:00:00.000Z';

function copy(barcode: string, recordId: string, shelf: string): NewItem {
  return {
    barcode,
    recordId,
    location: { library: 'MAIN', shelf },
    itemType: 'book',
    notForLoan: false,
    publicNotes: [],
    staffNotes: [],
    source: 'api',
  };
}

/**
 * Issue 12: an item change on FerretDB + OpenSearch while the engine is down (a proxy in front of
 * it is closed, as in index-outage.test.ts) leaves its record pending in the store's outbox; once
 * the engine is back, the catch-up indexes the record with its new summary, and the availability
 * facet and filters are right.
 */
describeWithServices('an item change while the search engine is down', (services) => {
  const name = `stacks_outage_avail_${process.pid}_${Date.now().toString(36)}`;
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
      refresh: true,
      bulk: { retries: 2, backoffMs: 100 },
    });
    backends = composeBackends({
      store: await createMongoRecordStore(mongo),
      index,
      items: await createMongoItemStore(mongo),
      circulation: await createMongoCirculationStore(mongo),
      patrons: await createMongoPatronStore(mongo),
      describe: 'FerretDB + OpenSearch through a proxy',
      closeConnections: () => viaProxy.close(),
      outbox: { restMs: 0 },
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

  async function move(barcode: string, to: ItemStatus): Promise<void> {
    await backends.atomically(async () => {
      const item = (await backends.items.get(barcode))!;
      await backends.items.changeStatus(barcode, { from: item.status, to, at: AT }, item.version);
      await refreshAvailability(backends, [item.recordId]);
    });
  }

  const facet = async () =>
    (await backends.index.search({ facets: [{ field: 'availability' }, { field: 'location' }] })).facets;

  test('when the engine comes back and the catch-up runs, then the availability facet is right', async () => {
    await backends.items.create(copy('b1', 'r1', 'STACKS'), AT);
    await backends.items.create(copy('b2', 'r2', 'BOOKMOBILE'), AT);
    await backends.atomically(async () => {
      const inputs = ['r1', 'r2', 'r3'].map((id) => input(id, `Harbour ${id}`));
      const outcomes = await backends.store.upsertMany(inputs);
      await backends.index.upsert(inputs.map((i) => i.document));
      await backends.store.markIndexed(outcomes);
    });
    expect((await facet()).availability).toEqual([{ value: 'available', count: 2 }]);

    await proxy.down();
    await move('b1', 'in-repair');
    await move('b2', 'missing');

    expect(await backends.store.pendingIndexCount()).toBe(2);
    await proxy.up();
    expect(await catchUpIndex(backends)).toEqual({ indexed: 2, removed: 0, refused: 0 });
    expect(await backends.store.pendingIndexCount()).toBe(0);
    const facets = await facet();
    expect(facets.availability).toEqual([{ value: 'unavailable', count: 2 }]);
    expect(facets.location).toEqual([
      { value: 'MAIN/BOOKMOBILE', count: 1 },
      { value: 'MAIN/STACKS', count: 1 },
    ]);
    const available = await backends.index.search({
      filters: [{ field: 'availability', values: ['available'] }],
    });
    expect(available.total).toBe(0);
    const r1 = (await backends.index.search({ filters: [{ field: 'location', values: ['main/stacks'] }] }))
      .hits;
    expect(r1.map((h) => [h.id, h.availability?.available])).toEqual([['r1', 0]]);
  });
});
