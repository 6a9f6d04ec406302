import type { ItemLocation } from '../items/item';

/**
 * A loan: one item lent to one patron. While open it lives on the item (`Item.loan`): an item is on
 * loan exactly when it holds one, so "a loan exists if and only if its item says checked-out with
 * that loan" holds by construction on every backend (docs/circulation.md). When the item comes
 * back the closed loan goes to the loan history, unlinked from the patron unless they keep it.
 */
export interface Loan {
  /** A UUID made at check-out (or the offline file's line id), the key of every step. */
  id: string;
  itemBarcode: string;
  recordId: string;
  /** Absent once unlinked: returned by a patron who keeps no history, or the patron anonymised. */
  patronId?: string;
  /** The patron's type at check-out: statistics survive unlinking. */
  patronType: string;
  /** The library that lent it (the item's library, or the bookmobile's). */
  library: string;
  /** Where it was lent from when not the item's own shelf: the bookmobile's location. */
  location?: ItemLocation;
  /** ISO 8601 instants. */
  checkedOutAt: string;
  dueAt: string;
  renewals: number;
  /** Set on the closed loan in the history. */
  returnedAt?: string;
  /** Present when staff overrode refusals to make or renew this loan. */
  overrides?: LoanOverride[];
  /** The API key id (or `offline`, `import`, `samples`: the sample desk) that lent it. */
  by?: string;
}

export interface LoanOverride {
  /** The refusal codes overridden: `patron_limit_reached`, `item_on_hold`, … */
  codes: string[];
  reason: string;
  at: string;
  by?: string;
}

/**
 * The same loan with its absent parts left out at every level and its arrays copied: what an
 * adapter writes and reads back, so a loan reads back exactly as written on every backend even
 * where storage gives null for a part never set.
 */
export function compactLoan(loan: Loan): Loan {
  return {
    id: loan.id,
    itemBarcode: loan.itemBarcode,
    recordId: loan.recordId,
    ...(present(loan.patronId) && { patronId: loan.patronId }),
    patronType: loan.patronType,
    library: loan.library,
    ...(present(loan.location) && {
      location: { library: loan.location.library, shelf: loan.location.shelf },
    }),
    checkedOutAt: loan.checkedOutAt,
    dueAt: loan.dueAt,
    renewals: loan.renewals,
    ...(present(loan.returnedAt) && { returnedAt: loan.returnedAt }),
    ...(present(loan.overrides) && {
      overrides: loan.overrides.map((o) => ({
        codes: [...o.codes],
        reason: o.reason,
        at: o.at,
        ...(present(o.by) && { by: o.by }),
      })),
    }),
    ...(present(loan.by) && { by: loan.by }),
  };
}

function present<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
