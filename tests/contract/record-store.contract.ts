import { AppError } from '../../src/errors/app-error';
import { MarcRecord } from '../../src/marc/record';
import { canonicalMarc } from '../../src/store/unchanged-hash';
import type { RecordStore } from '../../src/store/port';
import { recordForms } from '../../src/store/record-forms';
import { input } from './record-store.fixtures';

/**
 * The behaviour every RecordStore adapter must have, tested through the port only.
 * Run against SQLite always, and against MongoDB (FerretDB) where its server runs.
 */
export function describeRecordStoreContract(name: string, makeStore: () => Promise<RecordStore>): void {
  describe(`RecordStore contract: ${name}`, () => {
    let store: RecordStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    test('when a record is new, then it is created at version 1 and reads back equal', async () => {
      const given = input('r1', 'War and peace');
      const [outcome] = await store.upsertMany([given]);
      expect(outcome).toEqual({ id: 'r1', outcome: 'created', version: 1 });
      const stored = await store.get('r1');
      expect(stored?.record.fields).toEqual(given.record.fields);
      expect(stored?.record.leader).toBe(given.record.leader);
      expect(stored?.document).toEqual(given.document);
      expect(stored).toMatchObject({
        id: 'r1',
        controlNumber: 'r1',
        version: 1,
        contentHash: canonicalMarc(given.record).hash,
      });
      expect(stored?.createdAt).toBe(stored?.updatedAt);
      expect(await store.count()).toBe(1);
    });

    test('when the same content comes again, then it is unchanged and keeps its version', async () => {
      await store.upsertMany([input('r1', 'A')]);
      expect(await store.upsertMany([input('r1', 'A')])).toEqual([
        { id: 'r1', outcome: 'unchanged', version: 1 },
      ]);
    });

    test('when content changes, then it is updated to the next version', async () => {
      await store.upsertMany([input('r1', 'A')]);
      expect(await store.upsertMany([input('r1', 'B')])).toEqual([
        { id: 'r1', outcome: 'updated', version: 2 },
      ]);
      const stored = await store.get('r1');
      expect(stored?.document.title).toBe('B');
      expect(stored && stored.updatedAt >= stored.createdAt).toBe(true);
    });

    test('when the MARC is the same but the document differs, then it is updated and stores the new document', async () => {
      await store.upsertMany([input('r1', 'A')]);
      const remapped = input('r1', 'A', { local: ['Town archive'] });

      const outcomes = await store.upsertMany([remapped]);

      expect(outcomes).toEqual([{ id: 'r1', outcome: 'updated', version: 2 }]);
      const stored = await store.get('r1');
      expect(stored?.document.local).toEqual(['Town archive']);
      expect(stored?.documentHash).toBe(recordForms(remapped.record, remapped.document).document.hash);
      expect((await store.changes({ limit: 10 })).changes).toHaveLength(1);
    });

    test('when the MARC and the document are both the same again, then it is unchanged, forms or not', async () => {
      const remapped = input('r1', 'A', { local: ['Town archive'] });
      await store.upsertMany([input('r1', 'A'), remapped]);
      const before = await store.get('r1');

      const outcomes = await store.upsertMany([
        { ...remapped, forms: recordForms(remapped.record, remapped.document) },
        input('r1', 'A', { local: ['Town archive'] }),
      ]);

      expect(outcomes).toEqual([
        { id: 'r1', outcome: 'unchanged', version: 2 },
        { id: 'r1', outcome: 'unchanged', version: 2 },
      ]);
      expect((await store.get('r1'))?.updatedAt).toBe(before?.updatedAt);
    });

    test('when an input carries its forms made ahead of time, then it is stored as one without them', async () => {
      const given = input('r1', 'War and peace');
      await store.upsertMany([{ ...given, forms: recordForms(given.record, given.document) }]);
      expect(await store.upsertMany([input('r1', 'War and peace')])).toEqual([
        { id: 'r1', outcome: 'unchanged', version: 1 },
      ]);
      const stored = await store.get('r1');
      expect(stored?.document).toEqual(given.document);
      expect(stored?.contentHash).toBe(canonicalMarc(given.record).hash);
      expect([...(await store.findIds('controlNumber', ['r1'])).keys()]).toEqual(['r1']);
    });

    test('when one batch holds the same id twice, then they apply in order', async () => {
      const outcomes = await store.upsertMany([input('r1', 'A'), input('r1', 'B'), input('r2', 'C')]);
      expect(outcomes.map((o) => [o.id, o.outcome, o.version])).toEqual([
        ['r1', 'created', 1],
        ['r1', 'updated', 2],
        ['r2', 'created', 1],
      ]);
      expect((await store.get('r1'))?.document.title).toBe('B');
    });

    test('when looking up identifiers, then each kind finds its records', async () => {
      await store.upsertMany([
        input('r1', 'A', {
          isbns: [
            {
              value: '0-14-044793-X',
              isbn10: '014044793X',
              isbn13: '9780140447934',
              qualifiers: [],
              valid: true,
              canceled: false,
            },
          ],
          oclcNumbers: ['1234567'],
          lccns: [{ value: 'n 79-21834', normalized: 'n79021834', canceled: false }],
          issns: [{ value: '0028-0836', normalized: '0028-0836', kind: 'issn', valid: true }],
        }),
        input('r2', 'B', { oclcNumbers: ['1234567'] }),
      ]);
      expect(await store.findIds('isbn', ['9780140447934', '014044793X', '9999999999'])).toEqual(
        new Map([
          ['9780140447934', ['r1']],
          ['014044793X', ['r1']],
        ]),
      );
      expect((await store.findIds('oclc', ['1234567'])).get('1234567')).toEqual(['r1', 'r2']);
      expect((await store.findIds('lccn', ['n79021834'])).get('n79021834')).toEqual(['r1']);
      expect((await store.findIds('issn', ['0028-0836'])).get('0028-0836')).toEqual(['r1']);
      expect((await store.findIds('controlNumber', ['r2'])).get('r2')).toEqual(['r2']);
    });

    test('when a record is deleted, then it is gone, a tombstone remains and its identifiers no longer match', async () => {
      await store.upsertMany([input('r1', 'A', { oclcNumbers: ['42'] })]);
      expect(await store.deleteMany(['r1', 'nope'])).toEqual([
        { id: 'r1', outcome: 'deleted', version: 2 },
        { id: 'nope', outcome: 'not_found' },
      ]);
      expect(await store.get('r1')).toBeUndefined();
      expect(await store.getTombstone('r1')).toMatchObject({ id: 'r1', controlNumber: 'r1', version: 2 });
      expect(await store.findIds('oclc', ['42'])).toEqual(new Map());
      expect(await store.count()).toBe(0);
    });

    test('when a deleted record comes back, then it is created past its old versions and the tombstone is lifted', async () => {
      await store.upsertMany([input('r1', 'A')]);
      await store.deleteMany(['r1']);
      expect(await store.upsertMany([input('r1', 'A')])).toEqual([
        { id: 'r1', outcome: 'created', version: 3 },
      ]);
      expect(await store.getTombstone('r1')).toBeUndefined();
    });

    test('when ifVersion does not match, then version_conflict is thrown and nothing changes', async () => {
      await store.upsertMany([input('r1', 'A')]);
      const stale = { ...input('r1', 'B'), ifVersion: 5 };
      await expect(store.upsertMany([stale])).rejects.toMatchObject({ code: 'version_conflict' });
      await expect(store.upsertMany([stale])).rejects.toBeInstanceOf(AppError);
      expect((await store.get('r1'))?.document.title).toBe('A');
      expect(await store.upsertMany([{ ...input('r1', 'B'), ifVersion: 1 }])).toEqual([
        { id: 'r1', outcome: 'updated', version: 2 },
      ]);
    });

    test('when getMany is asked for known and unknown ids, then it returns the known ones', async () => {
      await store.upsertMany([input('r1', 'A'), input('r2', 'B')]);
      expect((await store.getMany(['r2', 'zz', 'r1'])).map((r) => r.id)).toEqual(['r2', 'r1']);
    });

    test('when the store offers getMarcMany, then it answers the MARC getMany has, known ids in order', async () => {
      if (!store.getMarcMany) return; // a capability: callers fall back to getMany
      await store.upsertMany([input('r1', 'A'), input('r2', 'B')]);
      const marc = await store.getMarcMany(['r2', 'zz', 'r1']);
      const full = await store.getMany(['r2', 'r1']);
      expect(marc.map((r) => r.id)).toEqual(['r2', 'r1']);
      expect(marc.map((r) => r.record)).toEqual(full.map((r) => r.record));
      expect(marc[0]!.record).toBeInstanceOf(MarcRecord);
    });

    test('when any input of a batch has a stale ifVersion, then nothing of the batch is written', async () => {
      await store.upsertMany([input('r1', 'A')]);
      const batch = [input('r2', 'B'), { ...input('r1', 'A2'), ifVersion: 7 }];
      await expect(store.upsertMany(batch)).rejects.toMatchObject({ code: 'version_conflict' });
      expect(await store.get('r2')).toBeUndefined();
      expect((await store.get('r1'))?.document.title).toBe('A');
      expect(await store.count()).toBe(1);
    });

    test('when ifVersion is 0, then a new record is created and an existing one is refused', async () => {
      expect(await store.upsertMany([{ ...input('r1', 'A'), ifVersion: 0 }])).toEqual([
        { id: 'r1', outcome: 'created', version: 1 },
      ]);
      await expect(store.upsertMany([{ ...input('r1', 'B'), ifVersion: 0 }])).rejects.toMatchObject({
        code: 'version_conflict',
        details: { id: 'r1', version: 1 },
      });
    });

    test('when one batch deletes the same id twice, then the second finds nothing', async () => {
      await store.upsertMany([input('r1', 'A')]);
      expect(await store.deleteMany(['r1', 'r1'])).toEqual([
        { id: 'r1', outcome: 'deleted', version: 2 },
        { id: 'r1', outcome: 'not_found' },
      ]);
      expect(await store.deleteMany(['r1'])).toEqual([{ id: 'r1', outcome: 'not_found' }]);
      expect((await store.getTombstone('r1'))?.version).toBe(2);
    });

    test('when a record is updated, then it keeps its creation time and identifiers follow the new content', async () => {
      await store.upsertMany([input('r1', 'A', { oclcNumbers: ['1'] })]);
      const created = await store.get('r1');
      await store.upsertMany([input('r1', 'B', { oclcNumbers: ['2'] })]);
      const updated = await store.get('r1');
      expect(updated?.createdAt).toBe(created?.createdAt);
      expect(await store.findIds('oclc', ['1', '2'])).toEqual(new Map([['2', ['r1']]]));
    });

    test('when the same content comes again, then the change feed does not list it again', async () => {
      await store.upsertMany([input('r1', 'A'), input('r2', 'B')]);
      await store.upsertMany([input('r1', 'A')]);
      const page = await store.changes({ limit: 10 });
      expect(page.changes.map((c) => (c.kind === 'record' ? c.record.id : c.tombstone.id))).toEqual([
        'r1',
        'r2',
      ]);
    });

    test('when changes are paged to the end, then every change comes exactly once', async () => {
      await store.upsertMany(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => input(id, id)));
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await store.changes({ limit: 3, ...(after !== undefined && { after }) });
        seen.push(...page.changes.map((c) => (c.kind === 'record' ? c.record.id : c.tombstone.id)));
        after = page.next;
      } while (after !== undefined);
      expect(seen).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    });

    test('when reading changes since a time, then only what changed at or after it comes', async () => {
      await store.upsertMany([input('r1', 'A'), input('r2', 'B')]);
      const before = (await store.get('r2'))?.updatedAt ?? '';
      // Timestamps have millisecond resolution: wait for the clock to pass the last write.
      while (new Date().toISOString() <= before) await new Promise((resolve) => setTimeout(resolve, 2));
      const since = new Date().toISOString();
      await store.upsertMany([input('r3', 'C')]);
      await store.deleteMany(['r1']);
      const page = await store.changes({ since, limit: 10 });
      expect(page.changes.map((c) => (c.kind === 'record' ? c.record.id : `-${c.tombstone.id}`))).toEqual([
        'r3',
        '-r1',
      ]);
      expect(page.changes[1]).toMatchObject({ kind: 'deleted', tombstone: { id: 'r1', version: 2 } });
    });

    test('when reading changes, then creates, updates and deletes come oldest first, paged', async () => {
      await store.upsertMany([input('r1', 'A'), input('r2', 'B'), input('r3', 'C')]);
      await store.upsertMany([input('r1', 'A2')]);
      await store.deleteMany(['r2']);
      const first = await store.changes({ limit: 2 });
      expect(first.changes.map((c) => (c.kind === 'record' ? c.record.id : `-${c.tombstone.id}`))).toEqual([
        'r3',
        'r1',
      ]);
      expect(first.next).toBeDefined();
      const second = await store.changes({ limit: 2, after: first.next });
      expect(second.changes.map((c) => (c.kind === 'record' ? c.record.id : `-${c.tombstone.id}`))).toEqual([
        '-r2',
      ]);
      expect(second.next).toBeUndefined();
    });
  });
}
