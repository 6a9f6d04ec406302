import type { Backends } from '../backends/backends';
import type { CatalogDocument } from '../domain/catalog-document';
import { AppError } from '../errors/app-error';
import type { MarcFormat } from '../marc/detect';
import { readMarc } from '../marc/formats';
import type { MarcRecord } from '../marc/record';
import { bytesSource } from '../marc/source';
import type { StoredRecord, UpsertOutcome } from '../store/port';

export type MapRecord = (record: MarcRecord) => CatalogDocument;

export interface WriteResult {
  stored: StoredRecord;
  outcome: UpsertOutcome['outcome'];
}

/**
 * One record at a time: read, create, replace, delete. Writes map the record with the catalog's
 * mapper and change the store and the index in one unit of work, so a reader never finds a
 * record the index does not know (or the other way round). Optimistic concurrency is the
 * store's `ifVersion`; a failed precondition is `version_conflict`.
 */
export class RecordsService {
  constructor(
    private readonly backends: Pick<Backends, 'store' | 'index' | 'atomically'>,
    private readonly map: MapRecord,
  ) {}

  /** The live record; a deleted one is `record_deleted` (410), an unknown one `record_not_found`. */
  async get(id: string): Promise<StoredRecord> {
    const stored = await this.backends.store.get(id);
    if (stored) return stored;
    return this.missing(id);
  }

  /** Exactly one record from a request body in any format (or sniffed: `auto`). */
  async parseOne(body: Uint8Array, format: MarcFormat | 'auto'): Promise<MarcRecord> {
    const records: MarcRecord[] = [];
    for await (const item of readMarc(bytesSource(body), { format })) {
      if (!item.ok)
        throw new AppError(item.code, item.message, {
          record: item.recordNumber,
          byteOffset: item.byteOffset,
        });
      records.push(item.record);
      if (records.length > 1) break;
    }
    if (records.length !== 1) {
      throw new AppError(
        'invalid_record_body',
        `the body holds ${records.length === 0 ? 'no record' : 'more than one record'}; send exactly one`,
        {
          records: records.length,
        },
      );
    }
    return records[0] as MarcRecord;
  }

  /** A new record; one that exists already is `record_exists` (replace it with `replace`). */
  async create(record: MarcRecord): Promise<WriteResult> {
    const document = this.map(record);
    try {
      return await this.write(record, document, 0);
    } catch (err) {
      if (err instanceof AppError && err.code === 'version_conflict') {
        throw new AppError(
          'record_exists',
          `record ${document.id} exists already; replace it with PUT /records/{id}`,
          {
            id: document.id,
          },
        );
      }
      throw err;
    }
  }

  /** Creates or replaces the record `id`; the record's own id must be `id`. */
  async replace(id: string, record: MarcRecord, ifVersion?: number): Promise<WriteResult> {
    const document = this.map(record);
    if (document.id !== id) {
      throw new AppError(
        'record_id_mismatch',
        `the record's id is ${document.id}, not ${id} (from 001 and 003)`,
        {
          id,
          recordId: document.id,
        },
      );
    }
    return this.write(record, document, ifVersion);
  }

  /** Deletes the record (the store keeps a tombstone); the version it had is returned. */
  async remove(id: string, ifVersion?: number): Promise<number> {
    return this.backends.atomically(async () => {
      const stored = await this.get(id);
      if (ifVersion !== undefined && stored.version !== ifVersion) {
        throw new AppError(
          'version_conflict',
          `record ${id} is at version ${stored.version}, not ${ifVersion}`,
          {
            id,
            version: stored.version,
          },
        );
      }
      const [deleted] = await this.backends.store.deleteMany([id]);
      await this.backends.index.remove([id]);
      // Scale-out backends keep the deletion pending until the index has it (docs/store.md).
      if (deleted?.version !== undefined)
        await this.backends.store.markIndexed([{ id, version: deleted.version }]);
      return stored.version;
    });
  }

  private async write(
    record: MarcRecord,
    document: CatalogDocument,
    ifVersion?: number,
  ): Promise<WriteResult> {
    return this.backends.atomically(async () => {
      const [result] = await this.backends.store.upsertMany([
        { record, document, ...(ifVersion === undefined ? {} : { ifVersion }) },
      ]);
      if (!result) throw new Error('the store returned no outcome for one record');
      if (result.outcome !== 'unchanged') {
        await this.backends.index.upsert([document]);
        await this.backends.store.markIndexed([{ id: result.id, version: result.version }]);
      }
      return { stored: await this.get(document.id), outcome: result.outcome };
    });
  }

  private async missing(id: string): Promise<never> {
    const tombstone = await this.backends.store.getTombstone(id);
    if (tombstone) {
      throw new AppError('record_deleted', `record ${id} was deleted at ${tombstone.deletedAt}`, {
        id,
        deletedAt: tombstone.deletedAt,
        version: tombstone.version,
      });
    }
    throw new AppError('record_not_found', `no record ${id}`, { id });
  }
}
