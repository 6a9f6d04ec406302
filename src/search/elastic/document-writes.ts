import type { Client, estypes } from '@elastic/elasticsearch';
import type { AvailabilityEntry, IndexedDocument } from '../port';
import type { BulkOperation, BulkResult, SendBulk } from './bulk-writer';
import { availabilitySource, documentSource } from './document-source';

/**
 * Documents as bulk operations: the last of a duplicated id wins (batches run concurrently, so
 * two writes of one id must not race), and a document marked deleted is deleted.
 */
export function documentOperations(documents: readonly IndexedDocument[]): BulkOperation[] {
  const last = new Map<string, IndexedDocument>();
  for (const doc of documents) {
    last.delete(doc.id);
    last.set(doc.id, doc);
  }
  return [...last.values()].map((doc) =>
    doc.deleted
      ? { action: 'delete', id: doc.id }
      : { action: 'index', id: doc.id, source: documentSource(doc) },
  );
}

/** Partial updates of the availability alone; the last entry of a duplicated id wins. */
export function availabilityOperations(entries: readonly AvailabilityEntry[]): BulkOperation[] {
  const last = new Map<string, AvailabilityEntry>();
  for (const entry of entries) {
    last.delete(entry.id);
    last.set(entry.id, entry);
  }
  return [...last.values()].map((e) => ({
    action: 'update',
    id: e.id,
    doc: availabilitySource(e.availability),
  }));
}

export function deleteOperations(ids: readonly string[]): BulkOperation[] {
  return [...new Set(ids)].map((id) => ({ action: 'delete', id }));
}

/**
 * One bulk request to `index` (an alias or a physical index). The client's own retries are off:
 * the BulkWriter retries with backoff, and also retries 429, which the client does not.
 */
export function engineBulkSender(client: Client, index: string, refresh: boolean | 'wait_for'): SendBulk {
  return async (lines) => {
    const response = await client.bulk(
      {
        index,
        // Pre-serialised lines: the client passes strings through, so each source is stringified once.
        operations: lines as unknown as estypes.BulkRequest['operations'],
        ...(refresh === 'wait_for' && { refresh: 'wait_for' }),
      },
      { maxRetries: 0 },
    );
    return response as unknown as BulkResult;
  };
}
