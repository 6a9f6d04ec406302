import { mongo } from 'mongoose';
import { AppError } from '../../errors/app-error';
import type { PendingIndexPage } from '../port';
import type { IndexAckDoc, StoreModels } from './record.schema';
import { reserveSeqs } from './record-write.runner';
import { gapFilter, gapsOf, mergeRanges, runsOf, type SeqGap, type SeqRange } from './seq-ranges';

const DUPLICATE_KEY = 11000;
/** Range documents kept before they are merged into fewer. */
const COMPACT_ABOVE = 32;
/** Empty gaps looked into per compaction (each is one count). */
const GAPS_PER_COMPACTION = 8;
/**
 * A gap whose seqs were all handed out at least this long ago, and which holds no record, is
 * closed: a writer that reserved seqs and died (or lost a race and re-stamped) leaves such holes.
 * The one assumption: no write lands more than an hour after reserving its seq.
 */
const SETTLED_MS = 60 * 60 * 1000;

/**
 * The MongoDB store's outbox. A record is pending while its seq (stamped by the record's own
 * single-document write) lies outside every confirmed range; confirming inserts a small range
 * document instead of writing each record again (on FerretDB, every conditional write scans the
 * collection: 40 ms a record at 3,000 records, measured). Ranges stay few: each batch's seqs are
 * one block, and past COMPACT_ABOVE documents they are merged.
 */
export class MongoIndexOutbox {
  constructor(private readonly models: StoreModels) {}

  async page(limit: number, after: string | undefined): Promise<PendingIndexPage> {
    const filter = gapFilter(await this.gaps(), parseCursor(after));
    const docs = await this.models.records
      .find(filter, { state: 1, version: 1, seq: 1 })
      .sort({ seq: 1 })
      .limit(limit + 1)
      .lean();
    const page = docs.slice(0, limit);
    const items = page.map((d) => ({ id: d._id, version: d.version, deleted: d.state === 'deleted' }));
    const last = page[page.length - 1];
    return docs.length > limit && last ? { items, next: String(last.seq) } : { items };
  }

  async count(): Promise<number> {
    return this.models.records.countDocuments(gapFilter(await this.gaps(), 0));
  }

  /** Confirms the seq each record has now, when its version is the one indexed. */
  async mark(items: readonly { id: string; version: number }[]): Promise<void> {
    if (items.length === 0) return;
    const wanted = new Map(items.map((i) => [i.id, i.version]));
    const heads = await this.models.records
      .find({ _id: { $in: [...wanted.keys()] } }, { version: 1, seq: 1 })
      .lean();
    const seqs = heads.filter((h) => wanted.get(h._id) === h.version).map((h) => h.seq);
    const at = new Date();
    await this.insertRanges(runsOf(seqs).map((r) => ({ ...r, at })));
    await this.compactIfMany();
  }

  /**
   * Pending again: a fresh seq, outside every confirmed range, stamped on each live record not
   * pending already by a write to its own document (conditional on the seq read, so a record
   * written meanwhile keeps its newer stamp, pending anyway). The version and `changedAt` stay;
   * the record moves to the end of the change feed, as after any write. Returns the ids stamped.
   */
  async markPending(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const heads = await this.models.records
      .find({ _id: { $in: [...new Set(ids)] }, state: 'live' }, { seq: 1 })
      .sort({ seq: 1 })
      .lean();
    const gaps = await this.gaps();
    const confirmed = heads.filter(
      (h) => !gaps.some((g) => h.seq > g.after && (g.before === undefined || h.seq < g.before)),
    );
    if (confirmed.length === 0) return [];
    const first = await reserveSeqs(this.models, confirmed.length);
    await this.models.records.bulkWrite(
      confirmed.map((head, i) => ({
        updateOne: { filter: { _id: head._id, seq: head.seq }, update: { $set: { seq: first + i } } },
      })),
      { ordered: false },
    );
    return confirmed.map((h) => h._id);
  }

  private async ranges(): Promise<SeqRange[]> {
    return this.models.indexAcks.find({}, { lo: 1, hi: 1, at: 1 }).lean();
  }

  private async gaps(): Promise<SeqGap[]> {
    return gapsOf(mergeRanges(await this.ranges()));
  }

  /** Duplicates (the same run confirmed twice, two compactions at once) are already there. */
  private async insertRanges(ranges: readonly SeqRange[]): Promise<void> {
    if (ranges.length === 0) return;
    const docs: IndexAckDoc[] = ranges.map((r) => ({ _id: `${r.lo}-${r.hi}`, lo: r.lo, hi: r.hi, at: r.at }));
    try {
      await this.models.indexAcks.insertMany(docs, { ordered: false, lean: true });
    } catch (err) {
      if (!(err instanceof mongo.MongoBulkWriteError)) throw err;
      const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
      if (errors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
    }
  }

  /**
   * Merged ranges are inserted before the pieces they cover are deleted, so the confirmed set
   * only grows, whatever another process compacts at the same time.
   */
  private async compactIfMany(): Promise<void> {
    const docs = await this.models.indexAcks.find({}).lean();
    if (docs.length <= COMPACT_ABOVE) return;
    const merged = mergeRanges([...docs, ...(await this.settledGaps(mergeRanges(docs)))]);
    await this.insertRanges(merged);
    const kept = new Set(merged.map((r) => `${r.lo}-${r.hi}`));
    const covered = docs.map((d) => d._id).filter((id) => !kept.has(id));
    if (covered.length > 0) await this.models.indexAcks.deleteMany({ _id: { $in: covered } });
  }

  /** Gaps below a range confirmed over SETTLED_MS ago that hold no record: closed as ranges. */
  private async settledGaps(merged: readonly SeqRange[]): Promise<SeqRange[]> {
    const settledBefore = Date.now() - SETTLED_MS;
    const closed: SeqRange[] = [];
    const candidates = merged
      .map((range, i) => ({ range, below: i === 0 ? 0 : (merged[i - 1] as SeqRange).hi }))
      .filter(({ range, below }) => range.lo > below + 1 && range.at.getTime() < settledBefore)
      .slice(0, GAPS_PER_COMPACTION);
    for (const { range, below } of candidates) {
      const seq = { $gt: below, $lt: range.lo };
      if (!(await this.models.records.findOne({ seq }, { _id: 1 }).lean()))
        closed.push({ lo: below + 1, hi: range.lo - 1, at: range.at });
    }
    return closed;
  }
}

function parseCursor(after: string | undefined): number {
  if (after === undefined) return 0;
  const seq = Number(after);
  if (!/^\d+$/.test(after) || !Number.isSafeInteger(seq)) {
    throw new AppError('invalid_config', `bad pending-work cursor "${after}"`);
  }
  return seq;
}
