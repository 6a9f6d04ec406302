import { AppError } from '../../../src/errors/app-error';
import { documentForm } from '../../../src/store/record-forms';
import { canonicalMarc } from '../../../src/store/unchanged-hash';
import { planDeletes, planUpserts, type Head } from '../../../src/store/mongo/record-write.plan';
import { input } from '../../contract/record-store.fixtures';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const EARLIER = new Date('2026-01-01T00:00:00.000Z');

function live(id: string, title: string, version: number): Head {
  const given = input(id, title);
  return {
    _id: id,
    state: 'live',
    version,
    contentHash: canonicalMarc(given.record).hash,
    documentHash: documentForm(given.document).hash,
    createdAt: EARLIER,
  };
}

function heads(...list: Head[]): Map<string, Head> {
  return new Map(list.map((h) => [h._id, h]));
}

describe('planUpserts', () => {
  test('when an id is new, then its write expects no document and creates version 1', () => {
    const plan = planUpserts([input('r1', 'A')], heads(), NOW);

    expect(plan.outcomes).toEqual([{ id: 'r1', outcome: 'created', version: 1 }]);
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]?.expectedVersion).toBeUndefined();
    expect(plan.writes[0]?.doc).toMatchObject({
      _id: 'r1',
      state: 'live',
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  test('when a record changes, then the write expects the version read and keeps the creation time', () => {
    const plan = planUpserts([input('r1', 'B')], heads(live('r1', 'A', 4)), NOW);

    expect(plan.outcomes).toEqual([{ id: 'r1', outcome: 'updated', version: 5 }]);
    expect(plan.writes[0]).toMatchObject({
      id: 'r1',
      expectedVersion: 4,
      doc: { version: 5, createdAt: EARLIER },
    });
  });

  test('when the content is the same, then nothing is written', () => {
    const plan = planUpserts([input('r1', 'A')], heads(live('r1', 'A', 2)), NOW);

    expect(plan.outcomes).toEqual([{ id: 'r1', outcome: 'unchanged', version: 2 }]);
    expect(plan.writes).toEqual([]);
  });

  test('when the MARC is the same but the document differs, then the record is updated', () => {
    const remapped = input('r1', 'A', { local: ['Town archive'] });

    const plan = planUpserts([remapped], heads(live('r1', 'A', 2)), NOW);

    expect(plan.outcomes).toEqual([{ id: 'r1', outcome: 'updated', version: 3 }]);
    expect(plan.writes[0]?.doc).toMatchObject({
      version: 3,
      documentHash: documentForm(remapped.document).hash,
    });
  });

  test('when a tombstone is re-created, then it expects the tombstone version and starts a new creation time', () => {
    const tombstone: Head = { _id: 'r1', state: 'deleted', version: 3 };

    const plan = planUpserts([input('r1', 'A')], heads(tombstone), NOW);

    expect(plan.outcomes).toEqual([{ id: 'r1', outcome: 'created', version: 4 }]);
    expect(plan.writes[0]).toMatchObject({
      expectedVersion: 3,
      doc: { state: 'live', version: 4, createdAt: NOW },
    });
  });

  test('when one batch changes an id twice, then one write carries the last document, placed by its last input', () => {
    const plan = planUpserts([input('r1', 'A'), input('r2', 'B'), input('r1', 'C')], heads(), NOW);

    expect(plan.outcomes.map((o) => [o.id, o.outcome, o.version])).toEqual([
      ['r1', 'created', 1],
      ['r2', 'created', 1],
      ['r1', 'updated', 2],
    ]);
    expect(plan.writes.map((w) => [w.id, w.expectedVersion, w.doc.version])).toEqual([
      ['r2', undefined, 1],
      ['r1', undefined, 2],
    ]);
  });

  test('when a later input has a stale ifVersion, then planning fails before any write is planned', () => {
    const batch = [input('r2', 'B'), { ...input('r1', 'C'), ifVersion: 9 }];

    expect(() => planUpserts(batch, heads(live('r1', 'A', 1)), NOW)).toThrow(AppError);
  });

  test('when identifiers are planned, then each is stored as kind:value', () => {
    const plan = planUpserts([input('r1', 'A', { oclcNumbers: ['42'] })], heads(), NOW);

    expect(plan.writes[0]?.doc.identifiers).toEqual(['id:r1', 'controlNumber:r1', 'oclc:42']);
  });
});

describe('planDeletes', () => {
  test('when a live record is deleted, then a tombstone one version on replaces it, keeping no content', () => {
    const plan = planDeletes(['r1', 'r1', 'zz'], heads({ ...live('r1', 'A', 2), controlNumber: 'c1' }), NOW);

    expect(plan.outcomes).toEqual([
      { id: 'r1', outcome: 'deleted', version: 3 },
      { id: 'r1', outcome: 'not_found' },
      { id: 'zz', outcome: 'not_found' },
    ]);
    expect(plan.writes).toEqual([
      {
        id: 'r1',
        expectedVersion: 2,
        doc: { _id: 'r1', state: 'deleted', version: 3, changedAt: NOW, deletedAt: NOW, controlNumber: 'c1' },
      },
    ]);
  });

  test('when the record is already a tombstone, then it is not_found and nothing is written', () => {
    const plan = planDeletes(['r1'], heads({ _id: 'r1', state: 'deleted', version: 2 }), NOW);

    expect(plan.outcomes).toEqual([{ id: 'r1', outcome: 'not_found' }]);
    expect(plan.writes).toEqual([]);
  });
});
