import type { ItemCallNumberScheme } from '../../domain/items/item';
import type { ItemStatus } from '../../domain/items/item-status';

/**
 * The holdings part of a mapping profile: which fields make holdings and items, and which subfield
 * is which. Data, like the rest of the profile (docs/items.md, "Where items come from"); compiled
 * and checked once by `compileHoldings`, which names a bad rule.
 */
export interface HoldingsProfile {
  /** What a field leaves out. */
  readonly defaults?: HoldingsDefaults;
  /** In any order; a record's fields are read in record order. */
  readonly fields: readonly HoldingsFieldRule[];
}

export interface HoldingsDefaults {
  /** Library code when a field names none (`MAIN`). */
  readonly library?: string;
  /** Shelving location code when a field names none (`STACKS`). */
  readonly shelf?: string;
  /** Item type when a field names none (`book`). */
  readonly itemType?: string;
}

/**
 * What one field makes:
 * - `holding` (852): a holding, and an item for each barcode it carries;
 * - `item` (952, 949): one item, standing on its own;
 * - `holdingItem` (876–878): one item of the holding it links to (by `$8`, else the 852 before it).
 */
export type HoldingsFieldKind = 'holding' | 'item' | 'holdingItem';

/**
 * What a subfield means. Single values take the first subfield present of those listed (`"ba"`:
 * `$b`, else `$a`); `callNumber`, `itemPart` and the notes take every one listed, in field order.
 */
export const HOLDINGS_ROLES = [
  'library',
  'shelf',
  'callNumber',
  'itemPart',
  'prefix',
  'volume',
  'copy',
  'barcode',
  'itemType',
  'publicNote',
  'staffNote',
  'scheme',
  'status',
  'withdrawn',
  'lost',
  'damaged',
  'notForLoan',
  'useRestriction',
] as const;
export type HoldingsRole = (typeof HOLDINGS_ROLES)[number];

export interface HoldingsFieldRule {
  /** Shown in load errors and problems; defaults to `<tag> holdings`. */
  readonly name?: string;
  /** Three characters (`852`, `952`, `949`, `876`). */
  readonly tag: string;
  readonly kind: HoldingsFieldKind;
  /** Where an item says it came from (`ItemSource`); the tag when it is one (852, 952, 949). */
  readonly source?: '852' | '952' | '949';
  /** Role → subfield codes, e.g. `{ "barcode": "p", "library": "ba" }`. */
  readonly subfields: Readonly<Partial<Record<HoldingsRole, string>>>;
  /** How the call-number scheme is known; `guess` when absent (LC- or Dewey-shaped, else other). */
  readonly scheme?: SchemeRule;
  /** Values of the `status` subfield (compared without regard to case) → item status. */
  readonly statusValues?: Readonly<Record<string, ItemStatus>>;
  /** Values of the `lost` subfield that mean another status than `lost` (Koha's 952 $1: 4 is missing). */
  readonly lostValues?: Readonly<Record<string, ItemStatus>>;
  /** Values of the `useRestriction` subfield (any case) that mean not for loan. */
  readonly notForLoanValues?: readonly string[];
}

/**
 * `lc`, `dewey`, `other`: always that; `guess`: by the call number's shape; or read from the first
 * indicator or from the `scheme` subfield through `values` (any case), else `otherwise`.
 */
export type SchemeRule =
  | ItemCallNumberScheme
  | 'guess'
  | {
      readonly from: 'ind1' | 'subfield';
      readonly values: Readonly<Record<string, ItemCallNumberScheme>>;
      readonly otherwise?: ItemCallNumberScheme | 'guess';
    };
