import type { Change, RecordStore } from '../../src/store/port';
import { input } from './record-store.fixtures';

const idOf = (c: Change) => (c.kind === 'record' ? c.record.id : `-${c.tombstone.id}`);

/**
 * The change feed as a harvester (OAI-PMH) reads it while writes go on: each entry's own cursor,
 * a record written behind the reader met again, none skipped, and the feed's length.
 */
export function describeChangeFeedContract(name: string, makeStore: () => Promise<RecordStore>): void {
  describe(`RecordStore change feed contract: ${name}`, () => {
    let store: RecordStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    test("when reading on from an entry's cursor, then the feed goes on just after it", async () => {
      await store.upsertMany(['a', 'b', 'c', 'd'].map((id) => input(id, id)));
      const page = await store.changes({ limit: 4 });
      const rest = await store.changes({ limit: 4, after: page.changes[1]!.cursor });
      expect(rest.changes.map(idOf)).toEqual(['c', 'd']);
    });

    test('when records are written while the feed is paged, then written ones come again and none is skipped', async () => {
      await store.upsertMany(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => input(id, id)));
      const first = await store.changes({ limit: 3 });
      await store.upsertMany([input('a', 'a2'), input('e', 'e2'), input('g', 'g')]);
      await store.deleteMany(['b', 'f']);
      const seen = first.changes.map(idOf);
      let after = first.next;
      while (after !== undefined) {
        const page = await store.changes({ limit: 3, after });
        seen.push(...page.changes.map(idOf));
        after = page.next;
      }
      expect(seen).toEqual(['a', 'b', 'c', 'd', 'a', 'e', 'g', '-b', '-f']);
    });

    test('when a tombstone comes, then it carries its deletion time and version', async () => {
      await store.upsertMany([input('a', 'a')]);
      await store.deleteMany(['a']);
      const [change] = (await store.changes({ limit: 1 })).changes;
      expect(change).toMatchObject({ kind: 'deleted', tombstone: { id: 'a', version: 2 } });
      expect(change?.kind === 'deleted' && change.tombstone.deletedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    });

    test('when the feed is counted, then live records and tombstones count once each', async () => {
      expect(await store.changeCount()).toBe(0);
      await store.upsertMany(['a', 'b', 'c'].map((id) => input(id, id)));
      await store.upsertMany([input('a', 'a2')]);
      await store.deleteMany(['b']);
      expect(await store.changeCount()).toBe(3);
    });
  });
}
