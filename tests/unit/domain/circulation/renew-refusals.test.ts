import {
  renewedDueAt,
  renewRefusals,
  type RenewInput,
} from '../../../../src/domain/circulation/renew-refusals';
import { hold, item, patron, policy, TODAY } from './circulation-fixtures';

function input(fields: Partial<RenewInput> = {}): RenewInput {
  return {
    patron: patron(),
    item: item(),
    loan: { renewals: 0, library: 'MAIN', dueAt: '2026-12-03T23:59:59.999Z' },
    today: TODAY,
    holds: [],
    policy,
    ...fields,
  };
}

const codes = (fields: Partial<RenewInput> = {}): string[] => renewRefusals(input(fields)).map((r) => r.code);

describe('renewal refusals', () => {
  test('when the loan has renewals left and nobody waits, then nothing refuses it', () => {
    expect(codes()).toEqual([]);
  });

  test('when the rule’s renewals are used up, then renewal_limit, overridable', () => {
    expect(renewRefusals(input({ loan: { renewals: 1, library: 'MAIN', dueAt: TODAY } }))).toEqual([
      expect.objectContaining({
        code: 'renewal_limit',
        overridable: true,
        details: { barcode: 'B1', renewals: 1, limit: 1 },
      }),
    ]);
  });

  test('when another patron waits on the record or on this item, then item_on_hold', () => {
    expect(codes({ holds: [hold()] })).toEqual(['item_on_hold']);
    expect(codes({ holds: [hold({ itemBarcode: 'B1' })] })).toEqual(['item_on_hold']);
  });

  test('when the only holds are the patron’s own, for another item, or no longer wanted, then renewal goes ahead', () => {
    expect(
      codes({
        holds: [
          hold({ patronId: 'p-1' }),
          hold({ itemBarcode: 'B2' }),
          hold({ notNeededAfter: '2026-12-01' }),
          hold({ status: 'on-hold-shelf', trappedItem: 'B9' }),
        ],
      }),
    ).toEqual([]);
  });

  test('when the patron is blocked or their card expired, then those refuse it too', () => {
    expect(codes({ patron: patron({ block: { reason: 'x', at: TODAY }, expiry: '2026-01-01' }) })).toEqual([
      'patron_blocked',
      'patron_expired',
    ]);
  });
});

describe('the renewed due date', () => {
  test('when a loan is renewed, then a whole period is counted from now, not from the old due date', () => {
    // Renewed on Wednesday 2 December: 21 days on is Wednesday 23 December.
    expect(renewedDueAt(input(), '2026-12-02T15:00:00Z')).toBe('2026-12-23T23:59:59.999Z');
  });

  test('when the rules now give less than the loan already has, then the old due date stands', () => {
    const late = { renewals: 0, library: 'MAIN', dueAt: '2027-06-01T23:59:59.999Z' };

    expect(renewedDueAt(input({ loan: late }), '2026-12-02T15:00:00Z')).toBe(late.dueAt);
  });
});
