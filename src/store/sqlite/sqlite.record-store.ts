import type { Database, Statement } from 'better-sqlite3';
import { storedDocument } from '../../domain/catalog-document';
import { AppError } from '../../errors/app-error';
import { recordFromMarcInJson } from '../../marc/readers/mij-record';
import type {
  ChangePage,
  DeleteOutcome,
  IdentifierKind,
  PendingIndexPage,
  RecordInput,
  RecordStore,
  StoredMarc,
  StoredRecord,
  Tombstone,
  UpsertOutcome,
} from '../port';
import { documentFormOf, marcFormOf } from '../record-forms';
import { documentHash } from '../unchanged-hash';
import { SqliteIndexOutbox } from './index-outbox';
import { migrateStore } from './schema';

interface RecordRow {
  rowid: number;
  id: string;
  control_number: string | null;
  marc: string;
  document: string;
  version: number;
  content_hash: string;
  /** NULL on rows written before schema version 3; undefined when read through an older schema. */
  document_hash?: string | null;
  created_at: string;
  updated_at: string;
}

interface Head {
  rowid: number;
  version: number;
  content_hash: string;
  document_hash: string | null;
  /** The document itself, read only for a row that has no document_hash (stored before version 3). */
  legacy_document?: string | null;
}

interface Heads {
  live: Map<string, Head>;
  /** Version of the tombstone, for ids with no live row. */
  tombs: Map<string, number>;
}

/**
 * Values to look up in one statement through a JSON list, and the few to look up one by one: a
 * string with a lone surrogate would not survive the trip through SQLite's JSON as it survives
 * being bound directly, so it is never sent that way.
 */
function splitForJson(values: readonly string[]): { listed: string[]; single: string[] } {
  const listed: string[] = [];
  const single: string[] = [];
  for (const v of new Set(values)) (/[\ud800-\udfff]/.test(v) ? single : listed).push(v);
  return { listed, single };
}

interface TombstoneRow {
  id: string;
  control_number: string | null;
  version: number;
  deleted_at: string;
}

export interface SqliteRecordStoreOptions {
  /**
   * Whether writes leave their records pending for the index (the outbox); default true. The
   * embedded backends turn it off: their FTS5 index commits in the same transaction as the store,
   * so there is never anything to catch up, and the flag stays NULL at no cost to the ingest.
   */
  indexOutbox?: boolean;
}

/**
 * The embedded record store: one SQLite file shared with the FTS5 search index, so one
 * transaction can cover both (the ingest holds it around a batch). Every method runs its writes
 * in a transaction of its own, or in a savepoint when the caller already holds one.
 */
export function createSqliteRecordStore(db: Database, options: SqliteRecordStoreOptions = {}): RecordStore {
  migrateStore(db);
  return new SqliteRecordStore(db, options.indexOutbox ?? true);
}

class SqliteRecordStore implements RecordStore {
  private readonly q: ReturnType<typeof prepare>;
  private readonly outbox: SqliteIndexOutbox;
  /** What a write stores in `index_pending`: 1 (wait for the index) or NULL (nothing to wait for). */
  private readonly pending: 1 | null;

  constructor(
    private readonly db: Database,
    indexOutbox: boolean,
  ) {
    this.q = prepare(db);
    this.outbox = new SqliteIndexOutbox(db);
    this.pending = indexOutbox ? 1 : null;
  }

  async get(id: string): Promise<StoredRecord | undefined> {
    const row = this.q.byId.get(id) as RecordRow | undefined;
    return row && toStored(row);
  }

  async getMany(ids: readonly string[]): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    for (const id of ids) {
      const row = this.q.byId.get(id) as RecordRow | undefined;
      if (row) out.push(toStored(row));
    }
    return out;
  }

  async getMarcMany(ids: readonly string[]): Promise<StoredMarc[]> {
    const out: StoredMarc[] = [];
    for (const id of ids) {
      const row = this.q.marcById.get(id) as { id: string; marc: string } | undefined;
      if (row) out.push({ id: row.id, record: recordFromMarcInJson(JSON.parse(row.marc)).record });
    }
    return out;
  }

  async getTombstone(id: string): Promise<Tombstone | undefined> {
    const row = this.q.tombstone.get(id) as TombstoneRow | undefined;
    return row && toTombstone(row);
  }

  async findIds(kind: IdentifierKind, values: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const { listed, single } = splitForJson(values);
    const rows = this.q.findIdsIn.all(kind, JSON.stringify(listed)) as { value: string; id: string }[];
    for (const value of single)
      rows.push(...(this.q.findIds.all(kind, value) as { id: string }[]).map((r) => ({ value, id: r.id })));
    for (const { value, id } of rows) {
      const ids = out.get(value);
      if (ids) ids.push(id);
      else out.set(value, [id]);
    }
    return out;
  }

  async upsertMany(inputs: readonly RecordInput[]): Promise<UpsertOutcome[]> {
    return this.db.transaction(() => {
      const now = new Date().toISOString();
      let seq = this.nextSeq();
      const heads = this.headsOf(inputs.map((i) => i.document.id));
      const outcomes = inputs.map((input) => this.upsertOne(input, heads, now, seq++));
      this.q.setSeq.run(String(seq - 1));
      return outcomes;
    })();
  }

  async deleteMany(ids: readonly string[]): Promise<DeleteOutcome[]> {
    return this.db.transaction(() => {
      const now = new Date().toISOString();
      let seq = this.nextSeq();
      const outcomes = ids.map((id) => this.deleteOne(id, now, seq++));
      this.q.setSeq.run(String(seq - 1));
      return outcomes;
    })();
  }

  async count(): Promise<number> {
    return (this.q.count.get() as { n: number }).n;
  }

  async changes(options: { since?: string; after?: string; limit: number }): Promise<ChangePage> {
    const after = options.after === undefined ? 0 : Number(options.after);
    if (!Number.isInteger(after) || after < 0)
      throw new AppError('invalid_config', `bad change cursor "${options.after}"`);
    const since = options.since ?? '';
    const rows = this.q.changes.all(after, since, after, since, options.limit + 1) as (Omit<
      RecordRow,
      'rowid' | 'updated_at'
    > & { kind: 'r' | 't'; at: string; seq: number })[];
    const page = rows.slice(0, options.limit);
    const changes: ChangePage['changes'] = page.map((r) => {
      const cursor = String(r.seq);
      if (r.kind === 'r')
        return { kind: 'record', record: toStored({ ...r, rowid: 0, updated_at: r.at }), cursor };
      const row = { id: r.id, control_number: r.control_number, version: r.version, deleted_at: r.at };
      return { kind: 'deleted', tombstone: toTombstone(row), cursor };
    });
    const last = page[page.length - 1];
    return rows.length > options.limit && last ? { changes, next: String(last.seq) } : { changes };
  }

  async changeCount(): Promise<number> {
    return (this.q.changeCount.get() as { n: number }).n;
  }

  async pendingIndexWork(options: { limit: number; after?: string }): Promise<PendingIndexPage> {
    return this.outbox.page(options.limit, options.after);
  }

  async markPending(ids: readonly string[]): Promise<string[]> {
    return this.pending === null ? [] : this.outbox.markPending(ids);
  }

  async markIndexed(items: readonly { id: string; version: number }[]): Promise<void> {
    this.outbox.mark(items);
  }

  async pendingIndexCount(): Promise<number> {
    return this.outbox.count();
  }

  async close(): Promise<void> {
    // The connection belongs to whoever opened it (it is shared with the search index).
  }

  private nextSeq(): number {
    return Number((this.q.getSeq.get() as { value: string }).value) + 1;
  }

  /** The live row or tombstone of each id, read for a whole batch at once and kept up to date as it is written. */
  private headsOf(ids: string[]): Heads {
    const { listed, single } = splitForJson(ids);
    const live = this.q.headsIn.all(JSON.stringify(listed)) as (Head & { id: string })[];
    for (const id of single) {
      const row = this.q.headById.get(id) as Head | undefined;
      if (row) live.push({ ...row, id });
    }
    const heads: Heads = { live: new Map(live.map((h) => [h.id, h])), tombs: new Map() };
    const dead = ids.filter((id) => !heads.live.has(id));
    const split = splitForJson(dead);
    const tombs = this.q.tombstonesIn.all(JSON.stringify(split.listed)) as TombstoneRow[];
    for (const id of split.single) {
      const row = this.q.tombstone.get(id) as TombstoneRow | undefined;
      if (row) tombs.push(row);
    }
    for (const t of tombs) heads.tombs.set(t.id, t.version);
    return heads;
  }

  private upsertOne(input: RecordInput, heads: Heads, now: string, seq: number): UpsertOutcome {
    const doc = input.document;
    const existing = heads.live.get(doc.id);
    const tomb = existing ? undefined : heads.tombs.get(doc.id);
    const current = existing?.version ?? tomb;
    if (input.ifVersion !== undefined && input.ifVersion !== (existing ? existing.version : 0)) {
      throw new AppError(
        'version_conflict',
        `record ${doc.id} is at version ${existing?.version ?? 0}, not ${input.ifVersion}`,
        {
          id: doc.id,
          version: existing?.version ?? 0,
        },
      );
    }
    const { json: marc, hash } = marcFormOf(input);
    const form = documentFormOf(input);
    if (existing && existing.content_hash === hash && documentHashOf(existing) === form.hash)
      return { id: doc.id, outcome: 'unchanged', version: existing.version };
    const { json, identifiers } = form;
    const version = (current ?? 0) + 1;
    let rowid: number;
    if (existing) {
      const cn = doc.controlNumber ?? null;
      this.q.update.run(cn, marc, json, version, hash, form.hash, now, seq, this.pending, existing.rowid);
      this.q.deleteIdentifiers.run(existing.rowid);
      rowid = existing.rowid;
    } else {
      if (tomb !== undefined) this.q.deleteTombstone.run(doc.id);
      rowid = Number(
        this.q.insert.run(
          doc.id,
          doc.controlNumber ?? null,
          marc,
          json,
          version,
          hash,
          form.hash,
          now,
          now,
          seq,
          this.pending,
        ).lastInsertRowid,
      );
    }
    for (const [kind, value] of identifiers) this.q.insertIdentifier.run(kind, value, rowid);
    heads.live.set(doc.id, { rowid, version, content_hash: hash, document_hash: form.hash });
    heads.tombs.delete(doc.id);
    return { id: doc.id, outcome: existing ? 'updated' : 'created', version };
  }

  private deleteOne(id: string, now: string, seq: number): DeleteOutcome {
    const existing = this.q.deleteHead.get(id) as
      { rowid: number; version: number; control_number: string | null } | undefined;
    if (!existing) return { id, outcome: 'not_found' };
    const version = existing.version + 1;
    this.q.deleteIdentifiers.run(existing.rowid);
    this.q.deleteRecord.run(existing.rowid);
    this.q.insertTombstone.run(id, existing.control_number, version, now, seq, this.pending);
    return { id, outcome: 'deleted', version };
  }
}

/** Heads carry the document only where no hash of it was stored: rows from before schema version 3. */
const LEGACY_DOCUMENT = 'CASE WHEN document_hash IS NULL THEN document END AS legacy_document';

/**
 * The stored document's hash; a row stored before there were document hashes is hashed from its
 * JSON text, which is exactly what the hash would have been taken of.
 */
function documentHashOf(head: Head): string {
  return head.document_hash ?? documentHash(head.legacy_document ?? '');
}

function prepare(db: Database) {
  const s = (sql: string): Statement => db.prepare(sql);
  return {
    byId: s('SELECT * FROM records WHERE id = ?'),
    // The MARC column comes before the document in the row: reading it leaves the document's pages unread.
    marcById: s('SELECT id, marc FROM records WHERE id = ?'),
    headById: s(`SELECT rowid, version, content_hash, document_hash, ${LEGACY_DOCUMENT}
      FROM records WHERE id = ?`),
    deleteHead: s('SELECT rowid, version, control_number FROM records WHERE id = ?'),
    tombstone: s('SELECT * FROM tombstones WHERE id = ?'),
    headsIn: s(
      `SELECT id, rowid, version, content_hash, document_hash, ${LEGACY_DOCUMENT}
       FROM records WHERE id IN (SELECT value FROM json_each(?))`,
    ),
    tombstonesIn: s('SELECT * FROM tombstones WHERE id IN (SELECT value FROM json_each(?))'),
    findIdsIn: s(
      `SELECT i.value, r.id FROM identifiers i JOIN records r ON r.rowid = i.record_rowid
       WHERE i.kind = ? AND i.value IN (SELECT value FROM json_each(?)) ORDER BY i.value, r.id`,
    ),
    findIds: s(
      'SELECT r.id FROM identifiers i JOIN records r ON r.rowid = i.record_rowid WHERE i.kind = ? AND i.value = ? ORDER BY r.id',
    ),
    insert: s(
      'INSERT INTO records (id, control_number, marc, document, version, content_hash, document_hash, created_at, updated_at, seq, index_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    update: s(
      'UPDATE records SET control_number = ?, marc = ?, document = ?, version = ?, content_hash = ?, document_hash = ?, updated_at = ?, seq = ?, index_pending = ? WHERE rowid = ?',
    ),
    deleteRecord: s('DELETE FROM records WHERE rowid = ?'),
    insertIdentifier: s('INSERT OR IGNORE INTO identifiers (kind, value, record_rowid) VALUES (?, ?, ?)'),
    deleteIdentifiers: s('DELETE FROM identifiers WHERE record_rowid = ?'),
    insertTombstone: s(
      'INSERT INTO tombstones (id, control_number, version, deleted_at, seq, index_pending) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET control_number = excluded.control_number, version = excluded.version, deleted_at = excluded.deleted_at, seq = excluded.seq, index_pending = excluded.index_pending',
    ),
    deleteTombstone: s('DELETE FROM tombstones WHERE id = ?'),
    count: s('SELECT count(*) AS n FROM records'),
    getSeq: s(`SELECT value FROM store_meta WHERE key = 'seq'`),
    setSeq: s(`UPDATE store_meta SET value = ? WHERE key = 'seq'`),
    // Whole rows in one statement, merged from the two seq indexes: a harvest page reads each
    // row once instead of finding it again by id.
    changes: s(
      `SELECT 'r' AS kind, id, control_number, marc, document, version, content_hash, document_hash,
              created_at, updated_at AS at, seq
       FROM records WHERE seq > ? AND updated_at >= ?
       UNION ALL SELECT 't', id, control_number, NULL, NULL, version, NULL, NULL, NULL, deleted_at, seq
       FROM tombstones WHERE seq > ? AND deleted_at >= ?
       ORDER BY seq LIMIT ?`,
    ),
    changeCount: s('SELECT (SELECT count(*) FROM records) + (SELECT count(*) FROM tombstones) AS n'),
  };
}

function toStored(row: RecordRow): StoredRecord {
  const stored: StoredRecord = {
    id: row.id,
    record: recordFromMarcInJson(JSON.parse(row.marc)).record,
    document: storedDocument(JSON.parse(row.document)),
    version: row.version,
    contentHash: row.content_hash,
    documentHash: row.document_hash ?? documentHash(row.document),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.control_number !== null) stored.controlNumber = row.control_number;
  return stored;
}

function toTombstone(row: TombstoneRow): Tombstone {
  const t: Tombstone = { id: row.id, version: row.version, deletedAt: row.deleted_at };
  if (row.control_number !== null) t.controlNumber = row.control_number;
  return t;
}
