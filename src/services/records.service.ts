import type { Backends } from '../backends/backends';
import { refreshAvailability } from '../backends/availability-refresh';
import { attemptIndexWrite } from '../backends/index-outbox';
import { checkedOutRefusals, RECORD_DELETED } from '../items/record-deletion';
import { writeRecordItems } from './record-items';
import type { CatalogDocument } from '../domain/catalog-document';
import { AppError } from '../errors/app-error';
import type { MarcFormat } from '../marc/detect';
import { readMarc } from '../marc/formats';
import type { RecordItem, Warning, WarningCode } from '../marc/read-item';
import type { MarcRecord } from '../marc/record';
import { bytesSource } from '../marc/source';
import { isHoldingsRecord } from '../mapping/holdings/holdings-extractor';
import { holdingsOf, type MapRecord } from '../mapping/mapper';
import type { StoredRecord, UpsertOutcome } from '../store/port';
import { unstorableRecord } from '../store/storable-record';

/** A record read from a request body, and what the reader repaired or assumed to read it. */
export interface ParsedBody {
  record: MarcRecord;
  warnings: { code: WarningCode; message: string }[];
}

export interface WriteResult {
  stored: StoredRecord;
  outcome: UpsertOutcome['outcome'];
  /**
   * True when the write is stored but the index has not taken it yet (a composed pair whose index
   * is down or refused the document): it waits in the store's outbox for the catch-up.
   */
  indexPending: boolean;
}

export interface RemoveResult {
  /** The version the record had before the delete. */
  version: number;
  /** As in WriteResult: the deletion is stored, the index still shows the record. */
  indexPending: boolean;
}

/**
 * One record at a time: read, create, replace, delete. Writes map the record with the catalog's
 * mapper and change the store and the index in one unit of work, so a reader never finds a
 * record the index does not know (or the other way round). Optimistic concurrency is the
 * store's `ifVersion`; a failed precondition is `version_conflict`.
 *
 * On a composed pair the store commits first and keeps the write pending until the index confirms
 * it (docs/store.md, the outbox). An index that is down or refuses the document then does not fail
 * the write, which has happened: the result says `indexPending`, and the catch-up finishes it. A
 * failure to answer 503 there would invite a retry of a write already made.
 */
export class RecordsService {
  constructor(
    private readonly backends: Backends,
    private readonly map: MapRecord,
  ) {}

  /** The live record; a deleted one is `record_deleted` (410), an unknown one `record_not_found`. */
  async get(id: string): Promise<StoredRecord> {
    const stored = await this.backends.store.get(id);
    if (stored) return stored;
    return this.missing(id);
  }

  /**
   * Exactly one record from a request body in any format (or sniffed: `auto`), with what the
   * reader repaired or assumed to read it: the warnings `stacks validate` lists for the same
   * bytes. `strict` refuses a record that needed any (`record_needs_repair`, each one in errors[]).
   */
  async parseOne(
    body: Uint8Array,
    format: MarcFormat | 'auto',
    options: { strict?: boolean } = {},
  ): Promise<ParsedBody> {
    const items: RecordItem[] = [];
    for await (const item of readMarc(bytesSource(body), { format })) {
      if (!item.ok)
        throw new AppError(item.code, item.message, {
          record: item.recordNumber,
          byteOffset: item.byteOffset,
        });
      items.push(item);
      if (items.length > 1) break;
    }
    if (items.length !== 1) {
      throw new AppError(
        'invalid_record_body',
        `the body holds ${items.length === 0 ? 'no record' : 'more than one record'}; send exactly one`,
        {
          records: items.length,
        },
      );
    }
    const { record, warnings } = items[0]!;
    if (options.strict && warnings.length > 0) throw needsRepair(warnings);
    return { record, warnings: warnings.map((w) => ({ code: w.code, message: w.message })) };
  }

  /** A new record; one that exists already is `record_exists` (replace it with `replace`). */
  async create(record: MarcRecord): Promise<WriteResult> {
    const document = this.storable(record);
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
    const document = this.storable(record);
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

  /**
   * Deletes the record (the store keeps a tombstone); the version it had is returned. Its items are
   * withdrawn ("record deleted"); while one is checked out the delete is refused (`item_checked_out`).
   */
  async remove(id: string, ifVersion?: number): Promise<RemoveResult> {
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
      const refusal = (await checkedOutRefusals(this.backends.items, [id])).get(id);
      if (refusal) throw refusal;
      const [deleted] = await this.backends.store.deleteMany([id]);
      const withdrawn = await this.backends.items.withdrawOthers(
        [id],
        [],
        RECORD_DELETED,
        new Date().toISOString(),
        'api',
      );
      if (withdrawn.length > 0) await refreshAvailability(this.backends, [id]);
      const written = deleted?.version === undefined ? undefined : { id, version: deleted.version };
      const indexPending = await this.toIndex(() => this.backends.index.remove([id]), written);
      return { version: stored.version, indexPending };
    });
  }

  /** The record's document, when the record may be stored: `invalid_record_id`, `invalid_record_tag` otherwise. */
  private storable(record: MarcRecord): CatalogDocument {
    // Not a catalog record: it is the holding and items of one (docs/items.md, MFHD).
    if (isHoldingsRecord(record))
      throw new AppError(
        'invalid_record_body',
        `a holdings record (leader/06 ${record.leader[6]}) is not a catalog record; load it with POST /ingest, which links it to its record by its 004`,
      );
    const document = this.map(record);
    const refused = unstorableRecord(record, document);
    if (refused) throw refused;
    return document;
  }

  private async write(
    record: MarcRecord,
    document: CatalogDocument,
    ifVersion?: number,
  ): Promise<WriteResult> {
    return this.backends.atomically(async () => {
      document = await this.withAlternateIds(document);
      const [result] = await this.backends.store.upsertMany([
        { record, document, ...(ifVersion === undefined ? {} : { ifVersion }) },
      ]);
      if (!result) throw new Error('the store returned no outcome for one record');
      const holdings = holdingsOf(this.map);
      if (holdings && result.outcome !== 'unchanged')
        await writeRecordItems(this.backends, holdings, record, document);
      const indexPending =
        result.outcome !== 'unchanged' &&
        (await this.toIndex(() => this.backends.index.upsert([document]), result));
      return { stored: await this.get(document.id), outcome: result.outcome, indexPending };
    });
  }

  /**
   * A record an ingest overlaid others onto keeps their ids (docs/ingest.md, "Matching and
   * overlay"), so replacing it here must not make a later load of their files create duplicates.
   */
  private async withAlternateIds(document: CatalogDocument): Promise<CatalogDocument> {
    const holder = await this.backends.store.findIds('overlaid', [document.id]);
    if (holder.size === 0) return document;
    const alternateIds = (await this.backends.store.get(document.id))?.document.alternateIds;
    return alternateIds?.length ? { ...document, alternateIds } : document;
  }

  /**
   * The index half of a write the store has made; true when it is left pending. Composed pairs
   * keep the write pending until `markIndexed` (docs/store.md); the embedded pair is one
   * transaction, so an index error there rolls the store back and is the request's error. Only
   * the failures the outbox covers (unreachable, refused) become pending; while the index rests
   * after failing, it is not tried (a bulk write retries for seconds before it gives up).
   */
  private async toIndex(
    send: () => Promise<void>,
    written?: { id: string; version: number },
  ): Promise<boolean> {
    const outbox = this.backends.indexOutbox;
    if (!outbox) await send();
    else if (!(await attemptIndexWrite(outbox, send)).sent) return true;
    if (written) await this.backends.store.markIndexed([written]);
    return false;
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

function needsRepair(warnings: readonly Warning[]): AppError {
  const codes = [...new Set(warnings.map((w) => w.code))].join(', ');
  return new AppError(
    'record_needs_repair',
    `the record could only be read by repairing it (${codes}); strict refuses a record that needed repair`,
    { errors: warnings.map((w) => ({ code: w.code, message: w.message })) },
  );
}
