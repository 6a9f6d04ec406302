import type { PendingIndexItem, RecordStore } from '../../src/store/port';
import { input } from './record-store.fixtures';

/**
 * The store's outbox for an index outside its transactions: what every write leaves pending, and
 * what markIndexed clears. Run against every adapter that keeps one (SQLite, MongoDB).
 */
export function describeIndexOutboxContract(name: string, makeStore: () => Promise<RecordStore>): void {
  describe(`RecordStore index outbox contract: ${name}`, () => {
    let store: RecordStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    async function allPending(limit = 100): Promise<PendingIndexItem[]> {
      const items: PendingIndexItem[] = [];
      let after: string | undefined;
      do {
        const page = await store.pendingIndexWork({ limit, ...(after !== undefined && { after }) });
        items.push(...page.items);
        after = page.next;
      } while (after !== undefined);
      return items;
    }

    test('when records are created, then each is pending at its version, oldest first', async () => {
      await store.upsertMany([input('r1', 'A'), input('r2', 'B')]);
      await store.upsertMany([input('r3', 'C')]);
      expect(await allPending()).toEqual([
        { id: 'r1', version: 1, deleted: false },
        { id: 'r2', version: 1, deleted: false },
        { id: 'r3', version: 1, deleted: false },
      ]);
      expect(await store.pendingIndexCount()).toBe(3);
    });

    test('when records are marked indexed at their versions, then nothing is pending', async () => {
      await store.upsertMany([input('r1', 'A'), input('r2', 'B')]);
      await store.markIndexed([
        { id: 'r1', version: 1 },
        { id: 'r2', version: 1 },
      ]);
      expect(await allPending()).toEqual([]);
      expect(await store.pendingIndexCount()).toBe(0);
    });

    test('when indexed records are marked pending, then they wait again at the same version, until confirmed', async () => {
      await store.upsertMany([input('r1', 'A'), input('r2', 'B'), input('r3', 'C')]);
      await store.markIndexed([1, 2, 3].map((n) => ({ id: `r${n}`, version: 1 })));
      expect((await store.markPending(['r3', 'r1', 'r1', 'unknown'])).sort()).toEqual(['r1', 'r3']);
      expect((await allPending()).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { id: 'r1', version: 1, deleted: false },
        { id: 'r3', version: 1, deleted: false },
      ]);
      expect(await store.pendingIndexCount()).toBe(2);
      expect((await store.get('r1'))?.version).toBe(1);
      await store.markIndexed([
        { id: 'r1', version: 1 },
        { id: 'r3', version: 1 },
      ]);
      expect(await store.pendingIndexCount()).toBe(0);
    });

    test('when a deleted record is marked pending, then its confirmed tombstone stays confirmed', async () => {
      await store.upsertMany([input('r1', 'A')]);
      await store.deleteMany(['r1']);
      await store.markIndexed([{ id: 'r1', version: 2 }]);
      expect(await store.markPending(['r1'])).toEqual([]);
      expect(await store.pendingIndexCount()).toBe(0);
    });

    test('when a pending record is marked pending, then it is not marked again and keeps waiting', async () => {
      await store.upsertMany([input('r1', 'A'), input('r2', 'B')]);
      await store.markIndexed([{ id: 'r2', version: 1 }]);
      expect(await store.markPending(['r1', 'r2'])).toEqual(['r2']);
      expect((await allPending()).map((p) => p.id).sort()).toEqual(['r1', 'r2']);
      await store.markIndexed([
        { id: 'r1', version: 1 },
        { id: 'r2', version: 1 },
      ]);
      expect(await store.pendingIndexCount()).toBe(0);
    });

    test('when a record is written again before its old version is marked, then it stays pending at the new one', async () => {
      await store.upsertMany([input('r1', 'A'), input('r2', 'B')]);
      await store.upsertMany([input('r1', 'A2')]);
      await store.markIndexed([
        { id: 'r1', version: 1 },
        { id: 'r2', version: 1 },
      ]);
      expect(await allPending()).toEqual([{ id: 'r1', version: 2, deleted: false }]);
      await store.markIndexed([{ id: 'r1', version: 2 }]);
      expect(await store.pendingIndexCount()).toBe(0);
    });

    test('when an indexed record is deleted, then its tombstone is pending as a deletion', async () => {
      await store.upsertMany([input('r1', 'A'), input('r2', 'B')]);
      await store.markIndexed([
        { id: 'r1', version: 1 },
        { id: 'r2', version: 1 },
      ]);
      await store.deleteMany(['r1']);
      expect(await allPending()).toEqual([{ id: 'r1', version: 2, deleted: true }]);
      await store.markIndexed([{ id: 'r1', version: 2 }]);
      expect(await store.pendingIndexCount()).toBe(0);
    });

    test('when an indexed record comes again unchanged, then it is not pending again', async () => {
      await store.upsertMany([input('r1', 'A')]);
      await store.markIndexed([{ id: 'r1', version: 1 }]);
      await store.upsertMany([input('r1', 'A')]);
      expect(await store.pendingIndexCount()).toBe(0);
    });

    test('when pending work is paged, then every item comes exactly once, in the order written', async () => {
      const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
      for (const id of ids) await store.upsertMany([input(id, id)]);
      await store.markIndexed([{ id: 'c', version: 1 }]);
      await store.deleteMany(['a']);
      const seen = (await allPending(2)).map((i) => (i.deleted ? `-${i.id}` : i.id));
      expect(seen).toEqual(['b', 'd', 'e', 'f', 'g', '-a']);
    });

    test('when marking ids that are unknown or already marked, then nothing else changes', async () => {
      await store.upsertMany([input('r1', 'A'), input('r2', 'B')]);
      await store.markIndexed([{ id: 'r1', version: 1 }]);
      await store.markIndexed([
        { id: 'r1', version: 1 },
        { id: 'nope', version: 1 },
        { id: 'r2', version: 9 },
      ]);
      expect(await allPending()).toEqual([{ id: 'r2', version: 1, deleted: false }]);
    });

    test('when the cursor is not one the store gave, then invalid_config', async () => {
      await expect(store.pendingIndexWork({ limit: 1, after: 'x1' })).rejects.toMatchObject({
        code: 'invalid_config',
      });
    });
  });
}
