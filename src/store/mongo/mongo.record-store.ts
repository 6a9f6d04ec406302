import type { Connection } from 'mongoose';
import { AppError } from '../../errors/app-error';
import { recordFromMarcInJson } from '../../marc/readers/mij-record';
import type {
  ChangePage,
  DeleteOutcome,
  IdentifierKind,
  PendingIndexPage,
  RecordPage,
  RecordInput,
  RecordStore,
  StoredMarc,
  StoredRecord,
  Tombstone,
  UpsertOutcome,
} from '../port';
import { recordFromMarcInJsonText } from '../../marc/readers/mij-text.reader';
import { documentHash } from '../unchanged-hash';
import { MongoIndexOutbox } from './index-outbox';
import { describeServer, unavailableOrAsIs } from '../../connections/mongo-kit/driver-errors';
import { StoreCalls } from '../../connections/mongo-kit/store-calls';
import { identifierKey, toStored, toTombstone } from './record-doc.mapper';
import { HEAD_FIELDS, planDeletes, planUpserts, type Head, type Plan } from './record-write.plan';
import { applyWrites } from './record-write.runner';
import { storeModels, type StoreModels } from './record.schema';

export interface MongoRecordStoreOptions {
  /** Put before the collection names (`records`, `counters`), to keep several stores in one database. */
  collectionPrefix?: string;
}

/** A write that keeps losing races to other writers on the same ids gives up after this many tries. */
const MAX_ATTEMPTS = 5;

/**
 * The scale-out record store on MongoDB (or anything speaking its protocol, FerretDB in tests),
 * through mongoose. MongoDB without a replica set has no multi-document transactions, so every
 * change is one conditional write of one whole document (see record.schema.ts and docs/store.md).
 * Waits for the connection, then creates the collections' indexes (idempotent).
 * The connection stays the caller's: close() does not close it.
 */
export async function createMongoRecordStore(
  connection: Connection,
  options: MongoRecordStoreOptions = {},
): Promise<RecordStore> {
  const models = storeModels(connection, options.collectionPrefix ?? '');
  const store = new MongoRecordStore(models, describeServer(connection));
  await store.open(connection);
  return store;
}

class MongoRecordStore implements RecordStore {
  /** Writes one at a time, so a process never races itself (see applyWrites); errors translated. */
  private readonly calls: StoreCalls;
  private readonly outbox: MongoIndexOutbox;

  constructor(
    private readonly models: StoreModels,
    private readonly server: string,
  ) {
    this.outbox = new MongoIndexOutbox(models);
    this.calls = new StoreCalls((err) => unavailableOrAsIs(err, 'record store', server));
  }

  async open(connection: Connection): Promise<void> {
    await this.calls.guard(async () => {
      await connection.asPromise();
      await this.models.records.createIndexes();
    });
  }

  async get(id: string): Promise<StoredRecord | undefined> {
    // Filtering on _id alone: FerretDB pushes only that shape down to its storage.
    const doc = await this.calls.guard(() => this.models.records.findOne({ _id: id }).lean());
    return doc?.state === 'live' ? toStored(doc) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<StoredRecord[]> {
    if (ids.length === 0) return [];
    const docs = await this.calls.guard(() =>
      this.models.records.find({ _id: { $in: [...new Set(ids)] } }).lean(),
    );
    const byId = new Map(docs.filter((d) => d.state === 'live').map((d) => [d._id, d]));
    return ids.flatMap((id) => {
      const doc = byId.get(id);
      return doc ? [toStored(doc)] : [];
    });
  }

  async getMarcMany(ids: readonly string[]): Promise<StoredMarc[]> {
    if (ids.length === 0) return [];
    // The projection leaves the document (as large as the MARC) on the server.
    const docs = await this.calls.guard(() =>
      this.models.records.find({ _id: { $in: [...new Set(ids)] } }, { marc: 1, state: 1 }).lean(),
    );
    const byId = new Map(docs.filter((d) => d.state === 'live').map((d) => [d._id, d]));
    return ids.flatMap((id) => {
      const marc = byId.get(id)?.marc;
      return marc === undefined ? [] : [{ id, record: recordFromMarcInJson(JSON.parse(marc)).record }];
    });
  }

  async getTombstone(id: string): Promise<Tombstone | undefined> {
    const doc = await this.calls.guard(() => this.models.records.findOne({ _id: id }).lean());
    return doc?.state === 'deleted' ? toTombstone(doc) : undefined;
  }

  async findIds(kind: IdentifierKind, values: readonly string[]): Promise<Map<string, string[]>> {
    const wanted = new Map([...new Set(values)].map((v) => [identifierKey(kind, v), v]));
    if (wanted.size === 0) return new Map();
    const docs = await this.calls.guard(() =>
      this.models.records
        .find({ identifiers: { $in: [...wanted.keys()] } }, { state: 1, identifiers: 1 })
        .lean(),
    );
    const found = new Map<string, string[]>();
    for (const doc of docs) {
      if (doc.state !== 'live') continue;
      for (const key of doc.identifiers ?? []) {
        const value = wanted.get(key);
        if (value !== undefined) found.set(value, [...(found.get(value) ?? []), doc._id]);
      }
    }
    // In the order asked, ids sorted, as the embedded store answers.
    const out = new Map<string, string[]>();
    for (const value of wanted.values()) {
      const ids = found.get(value);
      if (ids) out.set(value, ids.sort());
    }
    return out;
  }

  async upsertMany(inputs: readonly RecordInput[]): Promise<UpsertOutcome[]> {
    return this.calls.serially(() =>
      this.writeInOrder(inputs, (input) => input.document.id, planUpserts, { documentHashes: true }),
    );
  }

  async deleteMany(ids: readonly string[]): Promise<DeleteOutcome[]> {
    return this.calls.serially(() =>
      this.writeInOrder(ids, (id) => id, planDeletes, { documentHashes: false }),
    );
  }

  async count(): Promise<number> {
    return this.calls.guard(() => this.models.records.countDocuments({ state: 'live' }));
  }

  async changes(options: { since?: string; after?: string; limit: number }): Promise<ChangePage> {
    const filter: Record<string, unknown> = { seq: { $gt: parseCursor(options.after) } };
    if (options.since !== undefined) filter.changedAt = { $gte: parseSince(options.since) };
    const docs = await this.calls.guard(() =>
      this.models.records
        .find(filter)
        .sort({ seq: 1 })
        .limit(options.limit + 1)
        .lean(),
    );
    const page = docs.slice(0, options.limit);
    const changes: ChangePage['changes'] = page.map((doc) =>
      doc.state === 'live'
        ? { kind: 'record', record: toStored(doc), cursor: String(doc.seq) }
        : { kind: 'deleted', tombstone: toTombstone(doc), cursor: String(doc.seq) },
    );
    const last = page[page.length - 1];
    return docs.length > options.limit && last ? { changes, next: String(last.seq) } : { changes };
  }

  async recordsById(options: { after?: string; limit: number }): Promise<RecordPage> {
    // _id compares as binary (no collation), which is UTF-8 byte order, as in the embedded store.
    const filter = options.after === undefined ? {} : { _id: { $gt: options.after } };
    const docs = await this.calls.guard(() =>
      this.models.records
        .find(filter, { state: 1, marc: 1 })
        .sort({ _id: 1 })
        .limit(options.limit + 1)
        .lean(),
    );
    const page = docs.slice(0, options.limit);
    // Tombstones are skipped after the read: filtering on `state` too would keep FerretDB from
    // pushing the _id range down to its storage.
    const records = page
      .filter((doc) => doc.state === 'live')
      .map((doc) => ({ id: doc._id, record: recordFromMarcInJsonText(doc.marc ?? '{}') }));
    const last = page[page.length - 1];
    return docs.length > options.limit && last ? { records, next: last._id } : { records };
  }

  async changeCount(): Promise<number> {
    // Tombstones live in the same collection as the records: every document is one entry.
    return this.calls.guard(() => this.models.records.estimatedDocumentCount());
  }

  async pendingIndexWork(options: { limit: number; after?: string }): Promise<PendingIndexPage> {
    return this.calls.guard(() => this.outbox.page(options.limit, options.after));
  }

  async markPending(ids: readonly string[]): Promise<string[]> {
    return this.calls.guard(() => this.outbox.markPending(ids));
  }

  async markIndexed(items: readonly { id: string; version: number }[]): Promise<void> {
    return this.calls.guard(() => this.outbox.mark(items));
  }

  async pendingIndexCount(): Promise<number> {
    return this.calls.guard(() => this.outbox.count());
  }

  async close(): Promise<void> {
    // The connection is the caller's, and may serve other stores.
  }

  /**
   * Reads the heads of the batch's ids, plans every input against them, applies the writes, and
   * plans again, against fresh heads, the inputs of any id another writer changed in between.
   */
  private async writeInOrder<T, O>(
    items: readonly T[],
    idOf: (item: T) => string,
    plan: (items: readonly T[], heads: Map<string, Head>, now: Date) => Plan<O>,
    /** Whether the plan compares documents: deletes do not, so they never read an old one. */
    heads: { documentHashes: boolean },
  ): Promise<O[]> {
    const outcomes: O[] = new Array<O>(items.length);
    let pending = items.map((item, index) => ({ item, index }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        const ids = [...new Set(pending.map((p) => idOf(p.item)))].slice(0, 5).join(', ');
        throw new AppError(
          'store_unavailable',
          `records kept changing under this write (${ids}); try again`,
          {
            server: this.server,
          },
        );
      }
      const read = await this.calls.guard(() =>
        this.readHeads(
          pending.map((p) => idOf(p.item)),
          heads,
        ),
      );
      const planned = plan(
        pending.map((p) => p.item),
        read,
        new Date(),
      );
      const lost = await this.calls.guard(() => applyWrites(this.models, planned.writes));
      pending.forEach((p, i) => {
        if (!lost.has(idOf(p.item))) outcomes[p.index] = planned.outcomes[i] as O;
      });
      pending = pending.filter((p) => lost.has(idOf(p.item)));
    }
    return outcomes;
  }

  private async readHeads(
    ids: readonly string[],
    options: { documentHashes: boolean },
  ): Promise<Map<string, Head>> {
    const docs = await this.models.records
      .find({ _id: { $in: [...new Set(ids)] } }, HEAD_FIELDS)
      .lean<Head[]>();
    if (options.documentHashes) await this.hashLegacyDocuments(docs);
    return new Map(docs.map((d) => [d._id, d]));
  }

  /**
   * Records stored before documents were hashed carry none: their documents are read (only
   * theirs) and hashed, as the hash would have been taken of the same text. Nothing is written
   * back: `unchanged` writes nothing, and the next change stores the hash.
   */
  private async hashLegacyDocuments(heads: Head[]): Promise<void> {
    const legacy = heads.filter((h) => h.state === 'live' && h.documentHash === undefined);
    if (legacy.length === 0) return;
    const docs = await this.models.records
      .find({ _id: { $in: legacy.map((h) => h._id) } }, { document: 1 })
      .lean<{ _id: string; document?: string }[]>();
    const texts = new Map(docs.map((d) => [d._id, d.document ?? '']));
    for (const head of legacy) head.documentHash = documentHash(texts.get(head._id) ?? '');
  }
}

function parseCursor(after: string | undefined): number {
  if (after === undefined) return 0;
  const seq = Number(after);
  if (!/^\d+$/.test(after) || !Number.isSafeInteger(seq)) {
    throw new AppError('invalid_config', `bad change cursor "${after}"`);
  }
  return seq;
}

function parseSince(since: string): Date {
  const at = new Date(since);
  if (Number.isNaN(at.getTime())) throw new AppError('invalid_config', `bad change time "${since}"`);
  return at;
}
