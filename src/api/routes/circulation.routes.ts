import type { RequestHandler, Response } from 'express';
import type { Loan } from '../../domain/circulation/loan';
import type { LocationDirectory } from '../../domain/items/locations';
import { AppError } from '../../errors/app-error';
import type { CirculationService } from '../../services/circulation.service';
import { knownLocation } from '../../services/item-input';
import type { components } from '../openapi.generated';
import {
  checkinJson,
  circulationItemJson,
  holdJson,
  loanJson,
  type PatronNames,
} from '../presenters/circulation.presenter';
import type { AuthContext } from '../security/security.types';
import { bodyOf, pathOf, queryOf, type RouteKit } from './route-kit';

type CheckoutBody = components['schemas']['CheckoutBody'];
type CheckinBody = components['schemas']['CheckinBody'];
type RenewBody = components['schemas']['RenewBody'];
type HoldBody = components['schemas']['HoldBody'];

/** The circulation desk over HTTP (docs/circulation.md): thin; the rules are CirculationService's. */
export function circulationRoutes(
  kit: RouteKit,
  circulation: CirculationService,
  locations: LocationDirectory,
  parseJson: RequestHandler,
): void {
  kit.add(
    'checkOut',
    async (_req, res) => {
      const body = bodyOf<CheckoutBody>(res);
      const result = await circulation.checkOut({
        itemBarcode: body.itemBarcode,
        patronBarcode: body.patronBarcode,
        ...(body.location !== undefined && { location: knownLocation(body.location, locations) }),
        ...(body.override && { override: body.override }),
        by: keyIdOf(res),
      });
      const names = new Map([[result.patron.id, result.patron]]);
      res.status(201).json({
        loan: loanJson(result.loan, names),
        dueAt: result.loan.dueAt,
        item: circulationItemJson(result.item),
        ...(result.hold && { hold: holdJson(result.hold, names) }),
      });
    },
    parseJson,
  );

  kit.add(
    'checkIn',
    async (_req, res) => {
      const body = bodyOf<CheckinBody>(res);
      const library = body.library === undefined ? undefined : knownLibrary(body.library, locations);
      const result = await circulation.checkIn({
        itemBarcode: body.itemBarcode,
        ...(library !== undefined && { library }),
        by: keyIdOf(res),
      });
      const names = await circulation.patronsById(
        [result.loan?.patronId, result.hold?.patronId].filter((id): id is string => id !== undefined),
      );
      res.json(checkinJson(result, names));
    },
    parseJson,
  );

  const renewed = async (res: Response, target: { loanId: string } | { itemBarcode: string }) => {
    const body = bodyOf<RenewBody | undefined>(res);
    const result = await circulation.renew({
      ...target,
      ...(body?.override && { override: body.override }),
      by: keyIdOf(res),
    });
    const names = await circulation.patronsById(result.loan.patronId ? [result.loan.patronId] : []);
    res.json({
      loan: loanJson(result.loan, names),
      dueAt: result.loan.dueAt,
      item: circulationItemJson(result.item),
    });
  };
  kit.add('renewLoan', (_req, res) => renewed(res, { loanId: pathOf(res, 'renewLoan').id }), parseJson);
  kit.add(
    'renewItem',
    (_req, res) => renewed(res, { itemBarcode: pathOf(res, 'renewItem').barcode }),
    parseJson,
  );

  kit.add(
    'placeHold',
    async (_req, res) => {
      const body = bodyOf<HoldBody>(res);
      if ((body.recordId === undefined) === (body.itemBarcode === undefined)) {
        throw new AppError(
          'invalid_circulation_request',
          'a hold names a record (recordId) or one item (itemBarcode): one of the two',
          { fields: ['recordId', 'itemBarcode'] },
        );
      }
      const hold = await circulation.placeHold({
        patronBarcode: body.patronBarcode,
        ...(body.recordId !== undefined && { recordId: body.recordId }),
        ...(body.itemBarcode !== undefined && { itemBarcode: body.itemBarcode }),
        pickupLibrary: knownLibrary(body.pickupLibrary, locations),
        ...(body.notNeededAfter !== undefined && { notNeededAfter: body.notNeededAfter }),
        by: keyIdOf(res),
      });
      const names = await circulation.patronsById(hold.patronId ? [hold.patronId] : []);
      res
        .status(201)
        .location(`/circulation/holds/${encodeURIComponent(hold.id)}`)
        .json(holdJson(hold, names));
    },
    parseJson,
  );

  kit.add('cancelHold', async (_req, res) => {
    const { id } = pathOf(res, 'cancelHold');
    const { reason } = queryOf(res, 'cancelHold');
    const hold = await circulation.cancelHold(id, {
      ...(reason !== undefined && { reason }),
      by: keyIdOf(res),
    });
    const names = await circulation.patronsById(hold.patronId ? [hold.patronId] : []);
    res.json(holdJson(hold, names));
  });

  kit.add('expireHolds', async (_req, res) => {
    const { date } = queryOf(res, 'expireHolds');
    const holds = await circulation.expireHolds(date);
    const names = await circulation.patronsById(holds.flatMap((h) => h.patronId ?? []));
    res.json({ holds: holds.map((h) => holdJson(h, names)) });
  });

  kit.add('listOverdueLoans', async (_req, res) => {
    const q = queryOf(res, 'listOverdueLoans');
    const page = await circulation.overdue({
      ...(q.library !== undefined && { library: q.library }),
      ...(q.date !== undefined && { day: q.date }),
      limit: q.limit ?? 100,
      ...(q.cursor !== undefined && { after: q.cursor }),
    });
    res.json(await loanPageJson(circulation, page));
  });

  kit.add('listLoansDue', async (_req, res) => {
    const q = queryOf(res, 'listLoansDue');
    const page = await circulation.loansDue({
      ...(q.library !== undefined && { library: q.library }),
      ...(q.from !== undefined && { from: q.from }),
      ...(q.to !== undefined && { to: q.to }),
      limit: q.limit ?? 100,
      ...(q.cursor !== undefined && { after: q.cursor }),
    });
    res.json(await loanPageJson(circulation, page));
  });
}

export async function loansJson(
  circulation: CirculationService,
  loans: readonly Loan[],
): Promise<components['schemas']['Loan'][]> {
  const names: PatronNames = await circulation.patronsById(loans.flatMap((l) => l.patronId ?? []));
  const now = new Date().toISOString();
  return loans.map((loan) => loanJson(loan, names, now));
}

async function loanPageJson(
  circulation: CirculationService,
  page: { loans: Loan[]; next?: string },
): Promise<components['schemas']['LoanPage']> {
  return { loans: await loansJson(circulation, page.loans), ...(page.next && { nextCursor: page.next }) };
}

/** A library code the locations file lists; `invalid_location` naming the known ones otherwise. */
function knownLibrary(text: string, locations: LocationDirectory): string {
  const code = text.trim().toUpperCase();
  if (locations.list().some((library) => library.code === code)) return code;
  const known = locations.list().map((library) => library.code);
  throw new AppError(
    'invalid_location',
    `library ${code} is not in the locations file; use one of ${known.join(', ')}`,
    {
      library: code,
    },
  );
}

/** The API key that asks, for loans, holds and events; absent without the security module (tests). */
export function keyIdOf(res: Response): string | undefined {
  return (res.locals.auth as AuthContext | undefined)?.key?.id;
}
