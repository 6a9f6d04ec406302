import { displayCallNumber } from '../../domain/items/availability';
import type { Loan } from '../../domain/circulation/loan';
import type { Item, ItemLocation } from '../../domain/items/item';
import type { LocationDirectory } from '../../domain/items/locations';
import type { TransferReport } from '../../services/item-transfer';
import type { components } from '../openapi.generated';

type ItemJson = components['schemas']['Item'];
type ItemLocationJson = components['schemas']['ItemLocation'];
type ItemLoanJson = components['schemas']['ItemLoan'];
type LocationListJson = components['schemas']['LocationList'];
type TransferJson = components['schemas']['TransferResult'];

/**
 * Who is looking decides what an item shows: staff notes, the status history (which names API key
 * ids), the loan beyond its due date and the trapped hold (which name a patron) are for staff keys
 * only; anonymous callers and reader keys (a public front end speaking for patrons) never see them.
 */
export interface ItemAudience {
  staff: boolean;
}

export function itemJson(item: Item, locations: LocationDirectory, audience: ItemAudience): ItemJson {
  const body: ItemJson = {
    barcode: item.barcode,
    recordId: item.recordId,
    location: locationJson(item.location, locations),
    itemType: item.itemType,
    status: item.status,
    notForLoan: item.notForLoan,
    publicNotes: item.publicNotes,
    source: item.source,
    version: item.version,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
  if (item.holdingId !== undefined) body.holdingId = item.holdingId;
  if (item.callNumber) {
    const { value, scheme, prefix, volume, copy, shelfKey } = item.callNumber;
    body.callNumber = { value, scheme, shelfKey, display: displayCallNumber(item) ?? value };
    if (prefix) body.callNumber.prefix = prefix;
    if (volume) body.callNumber.volume = volume;
    if (copy) body.callNumber.copy = copy;
  }
  if (item.loan) body.loan = loanJson(item.loan, locations, audience);
  if (audience.staff) {
    body.staffNotes = item.staffNotes;
    body.history = item.history.map((h) => ({ ...h }));
    if (item.trappedHold) body.trappedHold = { ...item.trappedHold };
  }
  return body;
}

/**
 * That it is on loan and until when, for anyone; who borrowed it and the rest, for staff. Named
 * field by field: a field Loan gains later shows nowhere until it is added here.
 */
function loanJson(loan: Loan, locations: LocationDirectory, audience: ItemAudience): ItemLoanJson {
  if (!audience.staff) return { dueAt: loan.dueAt };
  const body: ItemLoanJson = {
    dueAt: loan.dueAt,
    id: loan.id,
    patronType: loan.patronType,
    library: loan.library,
    checkedOutAt: loan.checkedOutAt,
    renewals: loan.renewals,
  };
  if (loan.patronId !== undefined) body.patronId = loan.patronId;
  if (loan.location) body.location = locationJson(loan.location, locations);
  if (loan.overrides) body.overrides = loan.overrides.map((o) => ({ ...o, codes: [...o.codes] }));
  if (loan.by !== undefined) body.by = loan.by;
  return body;
}

export function locationJson(location: ItemLocation, locations: LocationDirectory): ItemLocationJson {
  const names = locations.names(location);
  return { code: names.code, library: location.library, shelf: location.shelf, name: names.name };
}

export function locationListJson(locations: LocationDirectory): LocationListJson {
  return {
    libraries: locations.list().map((library) => ({
      code: library.code,
      name: library.name,
      locations: library.locations.map((shelf) => ({
        code: `${library.code}/${shelf.code}`,
        shelf: shelf.code,
        name: shelf.name,
      })),
    })),
  };
}

export function transferJson(report: TransferReport, locations: LocationDirectory): TransferJson {
  return {
    to: locationJson(report.to, locations),
    results: report.results.map((r) => ({ ...r })),
    counts: report.counts,
  };
}

/**
 * The item's version as a strong tag, as records' tags are: `"v3"` for what the public sees,
 * `"v3-staff"` for the staff view, whose bytes differ (a strong tag promises identical bytes).
 * Either names version 3 in If-Match.
 */
export function itemEtag(item: Pick<Item, 'version'>, audience: ItemAudience): string {
  return audience.staff ? `"v${item.version}-staff"` : `"v${item.version}"`;
}
