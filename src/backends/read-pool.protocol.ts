import type { SentError } from '../errors/thread-error';
import { MarcRecord } from '../marc/record';
import type { SearchIndex } from '../search/port';
import type { ChangePage, RecordStore, StoredMarc, StoredRecord } from '../store/port';

/**
 * Messages between the read pool and its workers. A call names a port and one of its read
 * methods; arguments and answers are the ports' own domain objects, copied by structured clone.
 * What the clone loses (a MarcRecord's class) is put back by `revived` on the calling side.
 */
export const INDEX_READS = ['search', 'browse', 'count'] as const satisfies readonly (keyof SearchIndex)[];
export const STORE_READS = [
  'get',
  'getMany',
  'getMarcMany',
  'getTombstone',
  'findIds',
  'count',
  'changes',
  'changeCount',
  'pendingIndexWork',
  'pendingIndexCount',
] as const satisfies readonly (keyof RecordStore)[];

export type IndexRead = (typeof INDEX_READS)[number];
export type StoreRead = (typeof STORE_READS)[number];

export type ReadCall =
  | { port: 'index'; method: IndexRead; args: unknown[] }
  | { port: 'store'; method: StoreRead; args: unknown[] };

export interface ReadWorkerSetup {
  dbPath: string;
  /** Which sides live in the file (a composed pair may keep only one there). */
  store: boolean;
  index: boolean;
}

export type ToReadWorker = ReadCall & { id: number };

export type FromReadWorker =
  { ready: true } | { failed: SentError } | { id: number; value: unknown } | { id: number; error: SentError };

/** Gives records back their class (presenters call its methods). */
export function revived(call: ReadCall, value: unknown): unknown {
  if (call.port !== 'store' || value === undefined) return value;
  if (call.method === 'get') return revivedRecord(value as StoredRecord);
  if (call.method === 'getMany' || call.method === 'getMarcMany') {
    return (value as StoredMarc[]).map(revivedRecord);
  }
  if (call.method === 'changes') {
    const page = value as ChangePage;
    for (const change of page.changes) if (change.kind === 'record') revivedRecord(change.record);
    return page;
  }
  return value;
}

function revivedRecord<T extends StoredMarc>(stored: T): T {
  stored.record = new MarcRecord(stored.record.leader, stored.record.fields);
  return stored;
}
