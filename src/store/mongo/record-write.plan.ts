import { AppError } from '../../errors/app-error';
import type { DeleteOutcome, RecordInput, UpsertOutcome } from '../port';
import { documentFormOf, marcFormOf } from '../record-forms';
import { liveDoc, tombstoneDoc, type UnstampedDoc } from './record-doc.mapper';
import type { RecordDoc } from './record.schema';

/**
 * What a batch needs to know of a stored document to decide what happens to it. A live record
 * stored before documents were hashed has no documentHash; the store fills it in from the stored
 * document before planning (readHeads), so the plan always compares both hashes.
 */
export type Head = Pick<
  RecordDoc,
  '_id' | 'state' | 'version' | 'contentHash' | 'documentHash' | 'createdAt' | 'controlNumber'
>;

export const HEAD_FIELDS = {
  state: 1,
  version: 1,
  contentHash: 1,
  documentHash: 1,
  createdAt: 1,
  controlNumber: 1,
} as const;

/**
 * One conditional single-document write: applies only while the stored document is still at
 * `expectedVersion` (absent: while there is no document of that id at all). Anything else means
 * another writer got there first, and the inputs for that id are planned again.
 */
export interface PlannedWrite {
  id: string;
  expectedVersion?: number;
  doc: UnstampedDoc;
}

export interface Plan<O> {
  outcomes: O[];
  /** One per id that changes, ordered by the last input that changed it (the feed's order). */
  writes: PlannedWrite[];
}

/**
 * Decides a batch of upserts against the heads read before it, applying the inputs in order
 * in memory (the same id twice: the second sees the first). Every ifVersion is checked here,
 * before anything is written, so a stale one leaves the whole batch unwritten.
 */
export function planUpserts(
  inputs: readonly RecordInput[],
  heads: Map<string, Head>,
  now: Date,
): Plan<UpsertOutcome> {
  const current = new Map(heads);
  const writes = new Map<string, PlannedWrite>();
  const outcomes = inputs.map((input): UpsertOutcome => {
    const id = input.document.id;
    const head = current.get(id);
    const live = head?.state === 'live' ? head : undefined;
    if (input.ifVersion !== undefined && input.ifVersion !== (live?.version ?? 0)) {
      throw new AppError(
        'version_conflict',
        `record ${id} is at version ${live?.version ?? 0}, not ${input.ifVersion}`,
        {
          id,
          version: live?.version ?? 0,
        },
      );
    }
    const forms = { marc: marcFormOf(input), document: documentFormOf(input) };
    if (live && live.contentHash === forms.marc.hash && live.documentHash === forms.document.hash)
      return { id, outcome: 'unchanged', version: live.version };
    const version = (head?.version ?? 0) + 1;
    const doc = liveDoc(input.document, forms, { version, createdAt: live?.createdAt ?? now, now });
    current.set(id, doc);
    record(writes, heads, doc);
    return { id, outcome: live ? 'updated' : 'created', version };
  });
  return { outcomes, writes: [...writes.values()] };
}

/** As planUpserts, for deletes: a live record becomes a tombstone one version on; else not_found. */
export function planDeletes(
  ids: readonly string[],
  heads: Map<string, Head>,
  now: Date,
): Plan<DeleteOutcome> {
  const current = new Map(heads);
  const writes = new Map<string, PlannedWrite>();
  const outcomes = ids.map((id): DeleteOutcome => {
    const head = current.get(id);
    if (head?.state !== 'live') return { id, outcome: 'not_found' };
    const doc = tombstoneDoc(head, now);
    current.set(id, doc);
    record(writes, heads, doc);
    return { id, outcome: 'deleted', version: doc.version };
  });
  return { outcomes, writes: [...writes.values()] };
}

/** Keeps the id's latest document, moved to the end so writes follow the order of the inputs. */
function record(writes: Map<string, PlannedWrite>, heads: Map<string, Head>, doc: UnstampedDoc): void {
  const expectedVersion = heads.get(doc._id)?.version;
  writes.delete(doc._id);
  writes.set(
    doc._id,
    expectedVersion === undefined ? { id: doc._id, doc } : { id: doc._id, expectedVersion, doc },
  );
}
