import type { Model } from 'mongoose';
import type { Patron, PatronFields } from '../../domain/patrons/patron';
import { AppError } from '../../errors/app-error';
import { anonymisedPatron, updatedPatron } from '../patron-changes';
import {
  patronAnonymisedError,
  patronBarcodeTaken,
  patronHasLoans,
  patronVersionConflict,
} from '../patron-errors';
import { isDuplicateKey } from '../../connections/mongo-kit/driver-errors';
import { patronDoc, toPatron } from './patron-doc.mapper';
import type { PatronDoc } from './patron.schema';

/** anonymise, which holds to no version, reads again after a lost race this many times. */
const MAX_ATTEMPTS = 5;

const AFTER = { returnDocument: 'after' } as const;

/**
 * The store's writes, each one single-document write that MongoDB applies atomically: an insert
 * (the unique `_id` and barcode key refuse a second), or a find-and-modify conditioned on the
 * version read (a compare-and-set). addLoan and removeLoan are update operators on the loan list
 * itself, so a check-out's place is taken or let go of in the one write that checks for it.
 */
export class PatronWrites {
  constructor(private readonly patrons: Model<PatronDoc>) {}

  async create(created: Patron): Promise<Patron> {
    try {
      await this.patrons.insertMany([patronDoc(created)], { lean: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      throw await this.takenError(created, true);
    }
    return created;
  }

  async update(id: string, fields: PatronFields, ifVersion: number, at: string): Promise<Patron | undefined> {
    const current = await this.read(id);
    if (!current) return undefined;
    if (current.anonymisedAt !== undefined) throw patronAnonymisedError(current);
    if (current.version !== ifVersion) throw patronVersionConflict(current, ifVersion);
    const next = updatedPatron(current, fields, at);
    return (await this.replace(next, { version: ifVersion })) ?? this.lostTo(id, ifVersion);
  }

  async addLoan(id: string, loanId: string, ifVersion: number, at: string): Promise<Patron | undefined> {
    const doc = await this.patrons
      .findOneAndUpdate(
        { _id: id, version: ifVersion, openLoans: { $ne: loanId }, anonymisedAt: { $exists: false } },
        { $addToSet: { openLoans: loanId }, $inc: { loanCount: 1, version: 1 }, $set: { updatedAt: at } },
        AFTER,
      )
      .lean<PatronDoc>();
    if (doc) return toPatron(doc);
    // Why the write matched nothing, from the patron as it now is.
    const current = await this.read(id);
    if (!current) return undefined;
    if (current.openLoans.includes(loanId)) return current;
    if (current.anonymisedAt !== undefined) throw patronAnonymisedError(current);
    throw patronVersionConflict(current, ifVersion);
  }

  async removeLoan(id: string, loanId: string, at: string, uncount: boolean): Promise<Patron | undefined> {
    const doc = await this.patrons
      .findOneAndUpdate(
        { _id: id, openLoans: loanId },
        {
          $pull: { openLoans: loanId },
          $inc: uncount ? { version: 1, loanCount: -1 } : { version: 1 },
          $set: { updatedAt: at },
        },
        AFTER,
      )
      .lean<PatronDoc>();
    // Not there (or never lent): nothing to let go of, the patron as it is.
    return doc ? toPatron(doc) : this.read(id);
  }

  async anonymise(id: string, at: string): Promise<Patron | undefined> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await this.read(id);
      if (!current || current.anonymisedAt !== undefined) return current;
      if (current.openLoans.length > 0) throw patronHasLoans(current);
      // The version alone guards it: a loan added since moved the version on.
      const done = await this.replace(anonymisedPatron(current, at), { version: current.version });
      if (done) return done;
    }
    throw new AppError('store_unavailable', `patron ${id} kept changing while being anonymised; try again`);
  }

  /** `next` written over the document if it still matches `condition`; undefined if it did not. */
  private async replace(next: Patron, condition: { version: number }): Promise<Patron | undefined> {
    try {
      const doc = await this.patrons
        .findOneAndReplace({ _id: next.id, ...condition }, patronDoc(next), AFTER)
        .lean<PatronDoc>();
      return doc ? toPatron(doc) : undefined;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      throw await this.takenError(next, false);
    }
  }

  /** A compare-and-set that matched nothing: the patron is gone, or moved on from `ifVersion`. */
  private async lostTo(id: string, ifVersion: number): Promise<undefined> {
    const now = await this.read(id);
    if (!now) return undefined;
    throw patronVersionConflict(now, ifVersion);
  }

  /** A duplicate key as `patron_barcode_taken`, naming who holds the id (on insert) or the barcode. */
  private async takenError(patron: Patron, inserting: boolean): Promise<AppError> {
    if (inserting && (await this.read(patron.id))) return patronBarcodeTaken('id', patron.id);
    const key = patronDoc(patron).barcodeKey;
    const holder =
      key === undefined ? null : await this.patrons.findOne({ barcodeKey: key }).lean<PatronDoc>();
    return patronBarcodeTaken('barcode', holder?._id);
  }

  private async read(id: string): Promise<Patron | undefined> {
    const doc = await this.patrons.findOne({ _id: id }).lean<PatronDoc>();
    return doc ? toPatron(doc) : undefined;
  }
}
