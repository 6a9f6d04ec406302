import type { Hold } from '../../domain/circulation/hold';
import type { Loan } from '../../domain/circulation/loan';
import { locationCode, type Item } from '../../domain/items/item';
import { displayCallNumber } from '../../domain/items/availability';
import type { Patron } from '../../domain/patrons/patron';
import type { CheckinResult } from '../../services/circulation-checkin';
import type { components } from '../openapi.generated';

type LoanJson = components['schemas']['Loan'];
type HoldJson = components['schemas']['Hold'];
type CirculationItemJson = components['schemas']['CirculationItem'];
type CheckinJson = components['schemas']['CheckinResult'];

/** Patrons by id, to name them by card barcode: the only patron datum a circulation response carries. */
export type PatronNames = ReadonlyMap<string, Pick<Patron, 'barcode'>>;

/** A loan for staff: the patron's id replaced by their card barcode (absent once unlinked). */
export function loanJson(loan: Loan, patrons: PatronNames, now?: string): LoanJson {
  const { patronId, location, overrides, ...rest } = loan;
  const barcode = patronId ? patrons.get(patronId)?.barcode : undefined;
  return {
    ...rest,
    ...(barcode ? { patronBarcode: barcode } : {}),
    ...(location && { location: locationCode(location) }),
    ...(overrides && { overrides: overrides.map((o) => ({ ...o, codes: [...o.codes] })) }),
    ...(now !== undefined && !loan.returnedAt && { overdue: loan.dueAt < now }),
  };
}

export function holdJson(hold: Hold, patrons: PatronNames): HoldJson {
  const { patronId, ...rest } = hold;
  const barcode = patronId ? patrons.get(patronId)?.barcode : undefined;
  return { ...rest, ...(barcode ? { patronBarcode: barcode } : {}) };
}

export function circulationItemJson(item: Item): CirculationItemJson {
  const callNumber = displayCallNumber(item);
  return {
    barcode: item.barcode,
    recordId: item.recordId,
    status: item.status,
    location: locationCode(item.location),
    ...(callNumber !== undefined && { callNumber }),
  };
}

export function checkinJson(result: CheckinResult, patrons: PatronNames): CheckinJson {
  const { hold } = result;
  const holdBarcode = hold?.patronId ? patrons.get(hold.patronId)?.barcode : undefined;
  return {
    checkedIn: result.checkedIn,
    ...(result.action && { action: result.action }),
    status: result.item.status,
    ...(result.toLibrary && { toLibrary: result.toLibrary }),
    ...(hold && {
      hold: {
        id: hold.id,
        pickupLibrary: hold.pickupLibrary,
        status: hold.status,
        ...(hold.shelfExpiresAt && { shelfExpiresAt: hold.shelfExpiresAt }),
        ...(holdBarcode && { patronBarcode: holdBarcode }),
      },
    }),
    ...(result.loan && { loan: loanJson(result.loan, patrons) }),
    ...(result.correctedFrom && { correctedFrom: result.correctedFrom }),
    item: circulationItemJson(result.item),
  };
}
