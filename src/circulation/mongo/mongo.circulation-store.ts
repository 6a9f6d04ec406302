import type { Connection } from 'mongoose';
import type { CirculationEvent } from '../../domain/circulation/circulation-event';
import { isActiveHold, type Hold } from '../../domain/circulation/hold';
import type { CirculationIntent } from '../../domain/circulation/intent';
import type { Loan } from '../../domain/circulation/loan';
import { barcodeKey } from '../../domain/items/item';
import { encodeCursor } from '../circulation-cursor';
import {
  createdHold,
  fieldChanges,
  holdAlreadyPlaced,
  holdExists,
  holdVersionConflict,
} from '../hold-changes';
import type { CirculationStore, EventQuery, HoldFields, Page, Paged } from '../port';
import {
  activeKeyOf,
  closedLoanDoc,
  eventDoc,
  holdDoc,
  intentDoc,
  ownKeyOf,
  toEvent,
  toHold,
  toIntent,
  toLoan,
} from './circulation-doc.mapper';
import {
  ACTIVE,
  and,
  before,
  eventsFilter,
  NEWEST_EVENTS,
  NEWEST_RETURNS,
  PLACED_ORDER,
} from './circulation-queries';
import {
  circulationModels,
  type CirculationModels,
  type ClosedLoanDoc,
  type EventDoc,
  type HoldDoc,
  type IntentDoc,
} from './circulation.schema';
import { describeServer, isDuplicateKey, unavailableOrAsIs } from '../../connections/mongo-kit/driver-errors';
import { StoreCalls } from '../../connections/mongo-kit/store-calls';

/**
 * The scale-out circulation store on MongoDB (FerretDB in tests), through mongoose: collections
 * `closed_loans`, `holds`, `circulation_events` and `circulation_intents` in the connection's
 * database (circulation.schema.ts). Every write is one single-document write, idempotent or a
 * compare-and-set. Waits for the connection, then creates the database indexes (idempotent). The
 * connection stays the caller's: close() does not close it.
 */
export async function createMongoCirculationStore(connection: Connection): Promise<CirculationStore> {
  const store = new MongoCirculationStore(circulationModels(connection), describeServer(connection));
  await store.open(connection);
  return store;
}

class MongoCirculationStore implements CirculationStore {
  /** Writes one at a time, reads and writes with driver errors translated (StoreCalls). */
  private readonly calls: StoreCalls;

  constructor(
    private readonly models: CirculationModels,
    server: string,
  ) {
    this.calls = new StoreCalls((err) => unavailableOrAsIs(err, 'circulation store', server));
  }

  async open(connection: Connection): Promise<void> {
    await this.calls.guard(async () => {
      await connection.asPromise();
      await this.fillActiveKeys();
      for (const model of Object.values(this.models)) await model.createIndexes();
    });
  }

  async putClosedLoan(loan: Loan): Promise<void> {
    const doc = closedLoanDoc(loan);
    await this.calls.serially(() =>
      this.models.closedLoans.replaceOne({ _id: doc._id }, doc, { upsert: true }),
    );
  }

  async closedLoan(id: string): Promise<Loan | undefined> {
    const doc = await this.calls.guard(() =>
      this.models.closedLoans.findOne({ _id: id }).lean<ClosedLoanDoc>(),
    );
    return doc ? toLoan(doc) : undefined;
  }

  async closedLoansOfPatron(patronId: string, page: Page): Promise<Paged<Loan>> {
    return this.loanPage({ patronId }, page);
  }

  async closedLoansOfItem(itemBarcode: string, page: Page): Promise<Paged<Loan>> {
    return this.loanPage({ itemKey: barcodeKey(itemBarcode) }, page);
  }

  async createHold(hold: Omit<Hold, 'version' | 'updatedAt'>, at: string): Promise<Hold> {
    const created = createdHold(hold, at);
    return this.calls.serially(async () => {
      try {
        await this.models.holds.insertMany([holdDoc(created)], { lean: true });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // FerretDB's duplicate key error names no index: the two unique keys are told apart by reading.
        if (await this.readHold(created.id)) throw holdExists(created.id);
        throw await this.activeHoldClash(err, created);
      }
      return created;
    });
  }

  async hold(id: string): Promise<Hold | undefined> {
    return this.calls.guard(() => this.readHold(id));
  }

  async holdQueue(recordId: string): Promise<Hold[]> {
    const docs = await this.calls.guard(() =>
      this.models.holds.find({ recordId, status: ACTIVE }).sort(PLACED_ORDER).lean<HoldDoc[]>(),
    );
    return docs.map(toHold);
  }

  async holdsOfPatron(patronId: string, options: { includeEnded?: boolean } = {}): Promise<Hold[]> {
    const filter = options.includeEnded ? { patronId } : { patronId, status: ACTIVE };
    const docs = await this.calls.guard(() =>
      this.models.holds.find(filter).sort(PLACED_ORDER).lean<HoldDoc[]>(),
    );
    const holds = docs.map(toHold);
    return [...holds.filter(isActiveHold), ...holds.filter((h) => !isActiveHold(h))];
  }

  /**
   * One findOneAndUpdate on `{ _id, version }`: the changed fields set or unset and the version
   * moved on in one atomic write. When it matches nothing, a read tells unknown from moved on.
   */
  async updateHold(id: string, fields: HoldFields, ifVersion: number, at: string): Promise<Hold | undefined> {
    const $set: Record<string, unknown> = { updatedAt: at };
    const $unset: Record<string, 1> = {};
    for (const [key, value] of fieldChanges(fields)) {
      if (value === null) $unset[key] = 1;
      else $set[key] = value;
    }
    const update = { $set, $inc: { version: 1 }, ...(Object.keys($unset).length > 0 && { $unset }) };
    return this.calls.serially(async () => {
      const status = fields.status;
      let next: Hold | undefined;
      if (status !== undefined) {
        // The key moves with the status; an active one needs the patron and record, which never change.
        next = isActiveHold({ status }) ? await this.readHold(id) : undefined;
        $set.activeKey = next ? activeKeyOf({ ...next, status }) : ownKeyOf(id);
      }
      let doc: HoldDoc | null;
      try {
        doc = await this.models.holds
          .findOneAndUpdate({ _id: id, version: ifVersion }, update, { returnDocument: 'after' })
          .lean<HoldDoc>();
      } catch (err) {
        if (!next) throw err;
        throw await this.activeHoldClash(err, { ...next, status: status! });
      }
      if (doc) return toHold(doc);
      const now = await this.readHold(id);
      if (!now) return undefined;
      throw holdVersionConflict(now, ifVersion);
    });
  }

  async expiringHolds(today: string, limit: number): Promise<Hold[]> {
    const filter = {
      $or: [
        { status: 'on-hold-shelf' as const, shelfExpiresAt: { $lt: today } },
        { status: 'waiting' as const, notNeededAfter: { $lt: today } },
      ],
    };
    const docs = await this.calls.guard(() =>
      this.models.holds.find(filter).sort(PLACED_ORDER).limit(limit).lean<HoldDoc[]>(),
    );
    return docs.map(toHold);
  }

  async appendEvent(event: CirculationEvent): Promise<void> {
    const doc = eventDoc(event);
    await this.calls.serially(async () => {
      try {
        await this.models.events.insertMany([doc], { lean: true });
      } catch (err) {
        // The same id again is the same step repeated: the first one stands.
        if (!isDuplicateKey(err)) throw err;
      }
    });
  }

  async event(id: string): Promise<CirculationEvent | undefined> {
    const doc = await this.calls.guard(() => this.models.events.findOne({ _id: id }).lean<EventDoc>());
    return doc ? toEvent(doc) : undefined;
  }

  async events(query: EventQuery): Promise<Paged<CirculationEvent>> {
    const filter = eventsFilter(query);
    const docs = await this.calls.guard(() =>
      this.models.events
        .find(filter)
        .sort(NEWEST_EVENTS)
        .limit(query.limit + 1)
        .lean<EventDoc[]>(),
    );
    const page = docs.slice(0, query.limit);
    const last = page[page.length - 1];
    const entries = page.map(toEvent);
    return docs.length > query.limit && last
      ? { entries, next: encodeCursor('events', { at: last.at, id: last._id }) }
      : { entries };
  }

  /**
   * One updateMany per collection: each document's `$unset` is atomic, and the whole is
   * idempotent (a repeat finds nothing left to unlink). A hold's version moves on, as on every
   * change of it, so a compare-and-set read before the unlink fails rather than acts on it.
   */
  async unlinkPatron(patronId: string): Promise<number> {
    const unset = { $unset: { patronId: 1 } };
    return this.calls.serially(async () => {
      const loans = await this.models.closedLoans.updateMany({ patronId }, unset);
      // One write per hold: each active one's key names the patron, and becomes the hold's own.
      let holds = 0;
      for (const { _id } of await this.models.holds.find({ patronId }, { _id: 1 }).lean<HoldDoc[]>()) {
        const update = { ...unset, $set: { activeKey: ownKeyOf(_id) }, $inc: { version: 1 } };
        const done = await this.models.holds.updateOne({ _id, patronId }, update);
        holds += done.modifiedCount;
      }
      const events = await this.models.events.updateMany({ patronId }, unset);
      return loans.modifiedCount + holds + events.modifiedCount;
    });
  }

  async unlinkLoan(loanId: string): Promise<number> {
    return this.calls.serially(async () => {
      const events = await this.models.events.updateMany(
        { loanId, patronId: { $exists: true } },
        { $unset: { patronId: 1 } },
      );
      return events.modifiedCount;
    });
  }

  async putIntent(intent: CirculationIntent): Promise<void> {
    const doc = intentDoc(intent);
    await this.calls.serially(() => this.models.intents.replaceOne({ _id: doc._id }, doc, { upsert: true }));
  }

  async pendingIntents(startedBefore: string): Promise<CirculationIntent[]> {
    const docs = await this.calls.guard(() =>
      this.models.intents
        .find({ startedAt: { $lt: startedBefore } })
        .sort({ startedAt: 1, _id: 1 })
        .lean<IntentDoc[]>(),
    );
    return docs.map(toIntent);
  }

  async deleteIntent(id: string): Promise<void> {
    await this.calls.serially(() => this.models.intents.deleteOne({ _id: id }));
  }

  async close(): Promise<void> {
    // The connection is the caller's, and may serve other stores.
  }

  private async loanPage(match: Record<string, string>, page: Page): Promise<Paged<Loan>> {
    const filter = and([match, ...(page.after ? [before('loans', 'returnedAt', page.after)] : [])]);
    const docs = await this.calls.guard(() =>
      this.models.closedLoans
        .find(filter)
        .sort(NEWEST_RETURNS)
        .limit(page.limit + 1)
        .lean<ClosedLoanDoc[]>(),
    );
    const entries = docs.slice(0, page.limit);
    const last = entries[entries.length - 1];
    const loans = entries.map(toLoan);
    return docs.length > page.limit && last
      ? { entries: loans, next: encodeCursor('loans', { at: last.returnedAt, id: last._id }) }
      : { entries: loans };
  }

  /**
   * The unique `active_hold` index refused `hold`: `hold_already_placed` naming the patron's active
   * hold on the record. MongoDB says E11000; FerretDB 1.24 says so for an insert, but for an update
   * passes its SQLite backend's "UNIQUE constraint failed". Anything else is returned as it is.
   */
  private async activeHoldClash(err: unknown, hold: Hold): Promise<unknown> {
    const message = (err as { message?: unknown } | null)?.message;
    const unique =
      isDuplicateKey(err) || (typeof message === 'string' && message.includes('UNIQUE constraint failed'));
    if (!unique || !isActiveHold(hold)) return err;
    const doc = await this.models.holds.findOne({ activeKey: activeKeyOf(hold) }).lean<HoldDoc>();
    return doc ? holdAlreadyPlaced(toHold(doc)) : err;
  }

  /**
   * Holds written before `activeKey` existed get theirs before the unique index is made (an index
   * over duplicates would fail). Two active holds of one patron on one record, which the old read
   * check let through, keep apart: the later one is keyed by its own id.
   */
  private async fillActiveKeys(): Promise<void> {
    const missing = await this.models.holds
      .find({ activeKey: { $exists: false } })
      .sort(PLACED_ORDER)
      .lean<HoldDoc[]>();
    for (const doc of missing) {
      const hold = toHold(doc);
      let key = activeKeyOf(hold);
      if (await this.models.holds.exists({ activeKey: key })) key = ownKeyOf(hold.id);
      await this.models.holds.updateOne({ _id: doc._id }, { $set: { activeKey: key } });
    }
  }

  private async readHold(id: string): Promise<Hold | undefined> {
    const doc = await this.models.holds.findOne({ _id: id }).lean<HoldDoc>();
    return doc ? toHold(doc) : undefined;
  }
}
