import { createMongoCirculationStore } from '../../src/circulation/mongo/mongo.circulation-store';
import { createMongoItemStore } from '../../src/items/mongo/mongo.item-store';
import { createMongoPatronStore } from '../../src/patrons/mongo/mongo.patron-store';
import { circulationPortsOf } from '../../src/services/circulation.service';
import {
  AT,
  book,
  Crash,
  crashAfter,
  harnessOver,
  knownRecords,
  reader,
  RECORD,
  type Harness,
} from '../support/circulation-harness';
import { describeRecoveryCases } from '../support/circulation-recovery.cases';
import { useMongoDatabases } from '../support/mongo-databases';
import { describeWithMongo } from '../support/services';
import { EMBEDDED_TARGET, type Catalog } from './support/api-backends';

const LATER = '9999-12-31T00:00:00.000Z';

/** The real embedded backends, with the record store stood in for (holds ask for RECORD). */
async function embedded(transactional: boolean): Promise<Harness> {
  const catalog: Catalog = await EMBEDDED_TARGET.open();
  const ports = { ...circulationPortsOf(catalog.backends), store: knownRecords([RECORD]) };
  return harnessOver(transactional ? ports : { ...ports, transactional: false }, () => catalog.close());
}

describe('circulation recovery on the SQLite stores, run step by step', () => {
  describeRecoveryCases(() => embedded(false));
});

describe('circulation on the embedded default, one transaction per operation', () => {
  test('when a check-out or check-in dies after any step, then nothing of it remains and no intent is left', async () => {
    for (const kind of ['checkout', 'checkin'] as const) {
      for (let k = 0; k < 8; k++) {
        const h = await embedded(true);
        try {
          await h.items.create(book('B1'), AT);
          const ann = await h.patrons.create(reader('P-ANN'), AT);
          if (kind === 'checkin') await h.service().checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
          const before = { item: await h.items.get('B1'), patron: await h.patrons.getById(ann.id) };
          const crashed = crashAfter(h.ports, k).ports;
          const run =
            kind === 'checkout'
              ? h.service({ ports: crashed }).checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' })
              : h.service({ ports: crashed }).checkIn({ itemBarcode: 'B1' });
          const outcome = await run.then(
            () => 'done',
            (err: unknown) => (err instanceof Crash ? 'crashed' : err),
          );
          if (outcome === 'done') continue;
          expect(outcome).toBe('crashed');
          expect(await h.items.get('B1')).toEqual(before.item);
          expect(await h.patrons.getById(ann.id)).toEqual(before.patron);
          expect(await h.circulation.pendingIntents(LATER)).toEqual([]);
        } finally {
          await h.close();
        }
      }
    }
  });
});

describeWithMongo('circulation recovery on MongoDB (FerretDB)', (mongoUrl) => {
  const databases = useMongoDatabases(mongoUrl, 'circ_recover');

  describeRecoveryCases(async () => {
    const db = databases.fresh();
    const items = await createMongoItemStore(db);
    const patrons = await createMongoPatronStore(db);
    const circulation = await createMongoCirculationStore(db);
    const ports = {
      store: knownRecords([RECORD]),
      items,
      patrons,
      circulation,
      transactional: false,
      atomically: <T>(work: () => Promise<T>) => work(),
    };
    return harnessOver(ports, async () => {
      await Promise.all([items.close(), patrons.close(), circulation.close()]);
      await db.dropDatabase();
    });
  });
});
