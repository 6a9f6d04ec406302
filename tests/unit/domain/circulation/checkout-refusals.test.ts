import { checkoutRefusals, type CheckoutInput } from '../../../../src/domain/circulation/checkout-refusals';
import { settleRefusals } from '../../../../src/domain/circulation/refusal';
import { AppError } from '../../../../src/errors/app-error';
import { hold, item, patron, policy, TODAY } from './circulation-fixtures';

function input(fields: Partial<CheckoutInput> = {}): CheckoutInput {
  return { patron: patron(), item: item(), library: 'MAIN', today: TODAY, holds: [], policy, ...fields };
}

const codes = (fields: Partial<CheckoutInput> = {}): string[] =>
  checkoutRefusals(input(fields)).map((r) => r.code);

describe('check-out refusals', () => {
  test('when a patron in good standing borrows a book on the shelf, then nothing refuses it', () => {
    expect(codes()).toEqual([]);
    expect(codes({ item: item({ status: 'reshelving' }) })).toEqual([]);
  });

  test('when the patron is blocked, then patron_blocked, which no override lifts', () => {
    const refusals = checkoutRefusals(input({ patron: patron({ block: { reason: 'fines', at: TODAY } }) }));

    expect(refusals).toEqual([
      { code: 'patron_blocked', overridable: false, message: 'the patron is blocked', details: {} },
    ]);
  });

  test('when the patron was anonymised, then patron_blocked: nobody is left to lend to', () => {
    expect(codes({ patron: patron({ anonymisedAt: '2026-11-01T00:00:00Z' }) })).toEqual(['patron_blocked']);
  });

  test('when the card expired before today, then patron_expired; on its last day it is still valid', () => {
    expect(codes({ patron: patron({ expiry: '2026-12-01' }) })).toEqual(['patron_expired']);
    expect(codes({ patron: patron({ expiry: TODAY }) })).toEqual([]);
  });

  test('when the patron has as many loans as the rule allows, then patron_limit_reached with the limit', () => {
    const refusals = checkoutRefusals(input({ patron: patron({ openLoans: ['l1', 'l2', 'l3'] }) }));

    expect(refusals).toEqual([
      expect.objectContaining({
        code: 'patron_limit_reached',
        overridable: true,
        details: { onLoan: 3, limit: 3 },
      }),
    ]);
    expect(codes({ patron: patron({ openLoans: ['l1', 'l2'] }) })).toEqual([]);
  });

  test.each(['checked-out', 'in-transit', 'missing', 'withdrawn', 'in-repair'] as const)(
    'when the item is %s, then item_not_available with its status, not overridable',
    (status) => {
      expect(checkoutRefusals(input({ item: item({ status }) }))).toEqual([
        expect.objectContaining({
          code: 'item_not_available',
          overridable: false,
          details: { barcode: 'B1', status },
        }),
      ]);
    },
  );

  test('when the item’s type never circulates or its holdings say not for loan, then item_not_loanable', () => {
    expect(codes({ item: item({ itemType: 'reference-only' }) })).toEqual(['item_not_loanable']);
    expect(checkoutRefusals(input({ item: item({ notForLoan: true }) }))).toEqual([
      expect.objectContaining({
        code: 'item_not_loanable',
        overridable: true,
        details: { barcode: 'B1', itemType: 'book', notForLoan: true },
      }),
    ]);
  });

  test('when the item is trapped for another patron, then item_on_hold naming the hold', () => {
    const trapped = { holdId: 'h-x', patronId: 'p-2', pickupLibrary: 'MAIN', shelfExpiresAt: '2026-12-09' };
    const onShelf = item({ status: 'on-hold-shelf' as never, trappedHold: trapped });

    expect(checkoutRefusals(input({ item: onShelf }))).toEqual([
      expect.objectContaining({
        code: 'item_on_hold',
        overridable: true,
        details: { barcode: 'B1', holdId: 'h-x' },
      }),
    ]);
    expect(codes({ item: onShelf, patron: patron({ id: 'p-2' }) })).toEqual([]);
  });

  test('when another patron waits for this very item, then item_on_hold; a hold on the record does not stop it', () => {
    const onItem = hold({ itemBarcode: 'b1' });

    expect(codes({ holds: [onItem] })).toEqual(['item_on_hold']);
    expect(codes({ holds: [hold()] })).toEqual([]);
    expect(codes({ holds: [hold({ itemBarcode: 'B1', patronId: 'p-1' })] })).toEqual([]);
    expect(codes({ holds: [hold({ itemBarcode: 'B1', notNeededAfter: '2026-12-01' })] })).toEqual([]);
  });

  test('when no rule covers the loan, then loan_rule_missing naming the three values, not overridable', () => {
    const refusals = checkoutRefusals(
      input({ patron: patron({ patronType: 'child' }), item: item({ itemType: 'dvd' }) }),
    );

    expect(refusals).toEqual([
      expect.objectContaining({
        code: 'loan_rule_missing',
        overridable: false,
        details: { patronType: 'child', itemType: 'dvd', library: 'MAIN' },
      }),
    ]);
  });

  test('when several things stand in the way, then every one is listed, patron first', () => {
    expect(
      codes({
        patron: patron({ block: { reason: 'x', at: TODAY }, expiry: '2020-01-01' }),
        item: item({ status: 'checked-out', notForLoan: true }),
      }),
    ).toEqual(['patron_blocked', 'patron_expired', 'item_not_available', 'item_not_loanable']);
  });
});

describe('settling refusals', () => {
  const limit = checkoutRefusals(
    input({ patron: patron({ openLoans: ['a', 'b', 'c'], expiry: '2020-01-01' }) }),
  );
  const blocked = checkoutRefusals(input({ patron: patron({ block: { reason: 'x', at: TODAY } }) }));

  test('when there are none, then nothing is overridden', () => {
    expect(settleRefusals([])).toEqual([]);
  });

  test('when there is no override, then the first refusal is thrown, naming them all', () => {
    expect(() => settleRefusals(limit)).toThrow(
      expect.objectContaining({
        code: 'patron_expired',
        details: {
          refusals: [
            expect.objectContaining({ code: 'patron_expired' }),
            expect.objectContaining({ code: 'patron_limit_reached', limit: 3 }),
          ],
        },
      }) as AppError,
    );
    expect(() => settleRefusals(limit, { reason: '  ' })).toThrow(AppError);
  });

  test('when staff override with a reason, then the overridable codes are returned to record', () => {
    expect(settleRefusals(limit, { reason: 'Course pack, agreed by the head librarian' })).toEqual([
      'patron_expired',
      'patron_limit_reached',
    ]);
  });

  test('when a refusal cannot be overridden, then checkout_override_refused names it', () => {
    expect(() => settleRefusals([...limit, ...blocked], { reason: 'please' })).toThrow(
      expect.objectContaining({
        code: 'checkout_override_refused',
        details: expect.objectContaining({ codes: ['patron_blocked'] }),
      }) as AppError,
    );
  });
});
