import type { Backends } from '../backends/backends';
import type { CirculationStore } from '../circulation/port';
import type { Patron, PatronFields } from '../domain/patrons/patron';
import { AppError } from '../errors/app-error';
import { patronHasLoans } from '../patrons/patron-errors';
import type { PatronPage, PatronQuery, PatronStore } from '../patrons/port';
import { isVersionConflict, matches, type IfMatch } from './items.service';
import { anonymisedEvent, patronEvent, type PatronEventKind } from './patron-events';
import {
  changesTo,
  dayFrom,
  invalidPatron,
  newPatronFrom,
  patchedFields,
  type NewPatronInput,
  type PatronPatchInput,
  type PatronRules,
} from './patron-input';

/** What the service needs: the patron store, and circulation's records when they are there. */
export interface PatronsBackends {
  patrons: PatronStore;
  /** Loans, holds and events that name patrons by id: the patron events, unlinked on anonymisation. */
  circulation?: Pick<CirculationStore, 'unlinkPatron' | 'appendEvent'>;
  /** The backends' unit of work, for writes that touch both. */
  atomically?<T>(work: () => Promise<T>): Promise<T>;
}

/** The patron store, circulation's records and the unit of work that spans them. */
export function patronsBackendsOf(backends: Backends): PatronsBackends {
  return {
    patrons: backends.patrons,
    circulation: backends.circulation,
    atomically: (work) => backends.atomically(work),
  };
}

/**
 * How staff look for patrons (docs/patrons.md, "Finding patrons"): `q` is a card barcode when one
 * matches exactly, an email when it holds `@`, else the start of a name; or one explicit field.
 */
export interface PatronSearch {
  q?: string;
  barcode?: string;
  email?: string;
  name?: string;
  limit: number;
  after?: string;
}

/** A card renewed without a date runs this long from its expiry, or from today if it has lapsed. */
export const DEFAULT_RENEWAL_MONTHS = 12;

/**
 * Patrons as the desk and migrations use them: register, read, find, correct (a merge patch with
 * If-Match as items have), renew the card, block and unblock, anonymise. Every write is one
 * compare-and-set on the patron's version (PatronStore). `by` is the API key id, never a person.
 * Nothing here puts a patron's personal data into an error's message or details.
 */
export class PatronsService {
  constructor(
    private readonly backends: PatronsBackends,
    private readonly rules: PatronRules,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  async register(input: NewPatronInput, by?: string): Promise<Patron> {
    const patron = newPatronFrom(input, this.rules);
    return this.atomically(async () => {
      const created = await this.backends.patrons.create(patron, this.now());
      await this.log('patron-registered', created, by);
      return created;
    });
  }

  async get(barcode: string): Promise<Patron> {
    const patron = await this.backends.patrons.get(barcode);
    if (!patron) throw notFound();
    return patron;
  }

  async find(search: PatronSearch): Promise<PatronPage> {
    const given = (['q', 'barcode', 'email', 'name'] as const).filter((k) => search[k] !== undefined);
    if (given.length > 1)
      throw new AppError(
        'invalid_parameter',
        `give one of q, barcode, email or name, not ${given.join(' and ')}`,
        {
          parameter: given[1],
        },
      );
    const page = { limit: search.limit, ...(search.after !== undefined && { after: search.after }) };
    const q = search.q?.trim();
    if (q === undefined || q === '') return this.backends.patrons.find({ ...page, ...explicit(search) });
    if (q.includes('@')) return this.backends.patrons.find({ ...page, email: q });
    // A scanned card is the common case at the desk; a later page is always the name search's.
    if (search.after === undefined) {
      const byCard = await this.backends.patrons.get(q);
      if (byCard) return { patrons: [byCard] };
    }
    return this.backends.patrons.find({ ...page, namePrefix: q });
  }

  /**
   * A merge patch. With If-Match, only to the versions it names (412 `version_conflict`
   * otherwise); without, to the version read, read again once if another write came between.
   * A patch that changes nothing writes nothing.
   */
  async patch(barcode: string, patch: PatronPatchInput, ifMatch?: IfMatch): Promise<Patron> {
    return this.change(barcode, ifMatch, (current) => patchedFields(current, patch, this.rules));
  }

  /** The card's new last day: `expiry` as given (not in the past), else DEFAULT_RENEWAL_MONTHS on. */
  async renew(barcode: string, expiry?: string, ifMatch?: IfMatch): Promise<Patron> {
    const today = this.now().slice(0, 10);
    const asked = expiry === undefined ? undefined : dayFrom(expiry, 'expiry');
    if (asked !== undefined && asked < today)
      throw invalidPatron('expiry', 'a card is renewed to today or later');
    return this.change(barcode, ifMatch, (current) => {
      const from = current.expiry > today ? current.expiry : today;
      return changesTo(current, { expiry: asked ?? addMonths(from, DEFAULT_RENEWAL_MONTHS) });
    });
  }

  /** Blocked with a reason (no check-out, renewal or hold); blocking again replaces the reason. */
  async block(barcode: string, reason: string, by?: string, ifMatch?: IfMatch): Promise<Patron> {
    const why = reason.trim();
    if (why === '') throw invalidPatron('reason', 'a block needs a reason');
    return this.change(
      barcode,
      ifMatch,
      (current) =>
        current.block?.reason === why ? {} : { block: { reason: why, at: this.now(), ...(by && { by }) } },
      { kind: 'patron-blocked', by },
    );
  }

  /** Unblocked; a patron who is not blocked stays as they are. */
  async unblock(barcode: string, ifMatch?: IfMatch, by?: string): Promise<Patron> {
    return this.change(barcode, ifMatch, (current) => (current.block ? { block: null } : {}), {
      kind: 'patron-unblocked',
      by,
    });
  }

  /**
   * Removes the patron's identity for good (docs/patrons.md, "Anonymising"): refused with
   * `patron_has_loans` while loans are open. Circulation's records are unlinked before the patron
   * loses the barcode it is found by, so a failure half-way can be retried with the same request;
   * and once more after, for an event written in between. Loan counts stay, for statistics.
   */
  async anonymise(barcode: string, by?: string): Promise<Patron> {
    const patron = await this.get(barcode);
    if (patron.openLoans.length > 0) throw patronHasLoans(patron);
    const unlink = async () => {
      await this.backends.circulation?.unlinkPatron(patron.id);
    };
    // One transaction on the embedded default; elsewhere each step is idempotent, so a retry mends.
    return this.atomically(async () => {
      await unlink();
      const done = await this.backends.patrons.anonymise(patron.id, this.now());
      if (!done) throw notFound();
      await unlink();
      await this.backends.circulation?.appendEvent(anonymisedEvent(done, this.now(), by));
      return done;
    });
  }

  /** An event in circulation's log, where the backends keep one. */
  private async log(kind: PatronEventKind, patron: Patron, by: string | undefined): Promise<void> {
    await this.backends.circulation?.appendEvent(patronEvent(kind, patron, this.now(), by));
  }

  private atomically<T>(work: () => Promise<T>): Promise<T> {
    return this.backends.atomically ? this.backends.atomically(work) : work();
  }

  /** Reads, works out the fields, writes on the version read; one fresh read after a lost race. */
  private async change(
    barcode: string,
    ifMatch: IfMatch | undefined,
    fieldsFor: (current: Patron) => PatronFields,
    event?: { kind: PatronEventKind; by: string | undefined },
  ): Promise<Patron> {
    let current = await this.get(barcode);
    for (let attempt = 0; ; attempt++) {
      if (ifMatch && !matches(ifMatch, current.version)) throw stale(current, ifMatch);
      const fields = fieldsFor(current);
      if (Object.keys(fields).length === 0) return current;
      try {
        const from = current;
        return await this.atomically(async () => {
          const updated = await this.backends.patrons.update(from.id, fields, from.version, this.now());
          if (!updated) throw notFound();
          if (event) await this.log(event.kind, updated, event.by);
          return updated;
        });
      } catch (err) {
        if (!isVersionConflict(err)) throw err;
        // Our own 412, not the store's: its details carry the whole patron.
        current = await this.get(barcode);
        const pinned = ifMatch !== undefined && !('any' in ifMatch);
        if (pinned || attempt > 0) throw stale(current, ifMatch);
      }
    }
  }
}

function explicit(search: PatronSearch): Partial<PatronQuery> {
  if (search.barcode !== undefined) return { barcode: search.barcode.trim() };
  if (search.email !== undefined) return { email: search.email.trim() };
  if (search.name !== undefined) return { namePrefix: search.name.trim() };
  return {};
}

/** `YYYY-MM-DD` plus whole months, clamped to the month's last day (31 January + 1 month → 28/29 February). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, last));
  return target.toISOString().slice(0, 10);
}

/** No barcode in the message: the problem's path already has it, and messages get logged. */
export function notFound(): AppError {
  return new AppError('patron_not_found', 'no patron has that card barcode');
}

function stale(patron: Patron, ifMatch: IfMatch | undefined): AppError {
  const asked = !ifMatch
    ? 'the version read'
    : 'any' in ifMatch
      ? '*'
      : ifMatch.versions.map((v) => `"v${v}"`).join(', ');
  return new AppError(
    'version_conflict',
    `the patron is at version ${patron.version}; the change was for ${asked}`,
    {
      id: patron.id,
      version: patron.version,
    },
  );
}
