import type { Loan } from '../circulation/loan';
import type { Item } from './item';
import type { ItemStatus } from './item-status';

/**
 * What a reader can do with a copy now, in DAIA's terms (docs/items.md, "Availability"): use it in
 * the library (`presentation`) and take it home (`loan`). One table for every client: DAIA speaks
 * it as it is, and a display can use it to say "on the shelf, for use in the library only".
 */
export type AccessService = 'presentation' | 'loan';

export type Access =
  | { service: AccessService; available: true; /** On its way back to the shelf. */ delayed?: true }
  | {
      service: AccessService;
      available: false;
      /**
       * It will come back: on loan, when due (the loan's `dueAt`, an ISO 8601 instant); in repair,
       * in transit, on order or on the hold shelf, `unknown`.
       */
      expected?: string;
      /** Why loan is refused while the copy is on the shelf (never a transient state). */
      limitation?: 'not-for-loan';
    };

/** Item types whose copies never leave the building, whatever the holdings flag says. */
export const REFERENCE_ONLY_TYPES: ReadonlySet<string> = new Set(['reference-only', 'reference']);

/** Statuses a copy comes back from by itself: the service is unavailable but expected. */
const RETURNING: ReadonlySet<ItemStatus> = new Set([
  'checked-out',
  'in-transit',
  'in-repair',
  'on-order',
  'in-processing',
  // Trapped for someone else's hold: back for others when the hold is fulfilled or ends.
  'on-hold-shelf',
]);

/**
 * Presentation and loan for one copy. A withdrawn copy has no services at all (it is gone from
 * the collection: summaries count it nowhere and DAIA lists it nowhere); missing and lost copies
 * are unavailable with no expected date, since nobody knows whether they will turn up.
 */
export function itemAccess(
  item: Pick<Item, 'status' | 'itemType' | 'notForLoan'> & { loan?: Pick<Loan, 'dueAt'> },
): Access[] {
  if (item.status === 'withdrawn') return [];
  const loanable = !item.notForLoan && !REFERENCE_ONLY_TYPES.has(item.itemType);
  if (item.status === 'available' || item.status === 'reshelving') {
    const delayed = item.status === 'reshelving' ? { delayed: true as const } : {};
    return [
      { service: 'presentation', available: true, ...delayed },
      loanable
        ? { service: 'loan', available: true, ...delayed }
        : { service: 'loan', available: false, limitation: 'not-for-loan' },
    ];
  }
  // The due date is public (who borrowed it is not): a reader may plan around it.
  const due = item.status === 'checked-out' ? item.loan?.dueAt : undefined;
  const back = RETURNING.has(item.status) ? { expected: due ?? 'unknown' } : {};
  return [
    { service: 'presentation', available: false, ...back },
    loanable
      ? { service: 'loan', available: false, ...back }
      : { service: 'loan', available: false, limitation: 'not-for-loan' },
  ];
}
