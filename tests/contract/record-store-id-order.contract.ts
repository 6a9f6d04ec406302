import type { RecordStore } from '../../src/store/port';
import { input } from './record-store.fixtures';

/**
 * `recordsById`, what an export pages through: live records only, in the UTF-8 byte order of
 * their ids in every adapter, so an export resumed after an id picks up at the same place.
 */
export function describeRecordStoreIdOrderContract(
  name: string,
  makeStore: () => Promise<RecordStore>,
): void {
  describe(`RecordStore id order contract: ${name}`, () => {
    let store: RecordStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    async function allIds(limit: number, after?: string): Promise<string[]> {
      const seen: string[] = [];
      let next = after;
      do {
        const page = await store.recordsById({ limit, ...(next !== undefined && { after: next }) });
        seen.push(...page.records.map((r) => r.id));
        next = page.next;
      } while (next !== undefined);
      return seen;
    }

    test('when records are paged by id, then each live record comes once in byte order, tombstones skipped', async () => {
      // Stored out of order; 'é' and '中' sort after ASCII by their UTF-8 bytes; 'd' is deleted.
      const ids = ['m', 'B', 'é1', 'a', '(DLC) 1', 'd', '中', 'z9'];
      await store.upsertMany(ids.map((id) => input(id, `title ${id}`)));
      await store.deleteMany(['d']);
      const expected = ['(DLC) 1', 'B', 'a', 'm', 'z9', 'é1', '中'];
      expect(await allIds(2)).toEqual(expected);
      expect(await allIds(100)).toEqual(expected);
    });

    test('when paging starts after an id, then only later ids come, whether or not that id exists', async () => {
      await store.upsertMany(['a', 'b', 'c', 'e'].map((id) => input(id, id)));
      expect(await allIds(2, 'b')).toEqual(['c', 'e']);
      expect(await allIds(2, 'd')).toEqual(['e']);
      expect(await allIds(2, 'e')).toEqual([]);
    });

    test('when a record is read by id order, then its MARC reads back equal', async () => {
      const given = input('r1', 'War and peace');
      await store.upsertMany([given]);
      const page = await store.recordsById({ limit: 10 });
      expect(page.next).toBeUndefined();
      expect(page.records).toHaveLength(1);
      expect(page.records[0]?.record.leader).toBe(given.record.leader);
      expect(page.records[0]?.record.fields).toEqual(given.record.fields);
    });
  });
}
