import type { SentError } from '../errors/thread-error';
import type { MappingProfile } from '../mapping/profile';
import type { IngestOptions } from './ingest.types';
import type { WireEntry } from './prepared-entry';

/**
 * Messages between the ingest and its worker thread. The writing thread pushes input chunks (a
 * few ahead, so the worker never waits on a thread busy in a transaction) and acknowledges the
 * entries it has taken; the worker stops preparing when too many are unacknowledged, which bounds
 * memory whatever the speed of either side.
 */
export interface WorkerSetup {
  file: string;
  format: IngestOptions['format'];
  charset: IngestOptions['charset'];
  /** The mapping rules: data, which the worker compiles into the same mapper the caller holds. */
  profile: MappingProfile;
  /** The index's preparer (`SearchIndex.preparer`), to make its rows too; none when it declares none. */
  documentPreparer?: string;
  /** Entries the worker may have sent and not yet had acknowledged. */
  maxUnacknowledged: number;
}

export type ToWorker = { chunk: Uint8Array } | { end: true } | { ack: number };

export type FromWorker = { took: true } | { entries: WireEntry[] } | { done: true } | { error: SentError };
