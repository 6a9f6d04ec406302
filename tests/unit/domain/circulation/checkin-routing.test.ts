import { checkinRouting, type CheckinInput } from '../../../../src/domain/circulation/checkin-routing';
import { firstEligibleHold } from '../../../../src/domain/circulation/hold-queue';
import { hold, item, policy, TODAY } from './circulation-fixtures';

function input(fields: Partial<CheckinInput> = {}): CheckinInput {
  return {
    item: item({ status: 'checked-out' }),
    library: 'MAIN',
    today: TODAY,
    holds: [],
    policy,
    ...fields,
  };
}

describe('the first eligible hold', () => {
  test('when the queue has holds that cannot take the item, then the first that can is chosen, in queue order', () => {
    const queue = [
      hold({ id: 'ended-trap', status: 'in-transit', trappedItem: 'B7' }),
      hold({ id: 'other-item', itemBarcode: 'B2' }),
      hold({ id: 'stale', notNeededAfter: '2026-12-01' }),
      hold({ id: 'anonymised', patronId: undefined }),
      hold({ id: 'this-item', itemBarcode: 'b1' }),
      hold({ id: 'record' }),
    ];

    expect(firstEligibleHold(queue, 'B1', TODAY)?.id).toBe('this-item');
    expect(firstEligibleHold(queue.slice(0, 4), 'B1', TODAY)).toBeUndefined();
    expect(firstEligibleHold([hold({ id: 'last-day', notNeededAfter: TODAY })], 'B1', TODAY)?.id).toBe(
      'last-day',
    );
  });
});

describe('check-in routing', () => {
  test('when nobody waits and it comes back to its own library, then it is reshelved', () => {
    expect(checkinRouting(input())).toEqual({ to: 'reshelving' });
    expect(checkinRouting(input({ library: 'main' }))).toEqual({ to: 'reshelving' });
  });

  test('when nobody waits and it comes back elsewhere, then it goes home in transit', () => {
    expect(checkinRouting(input({ library: 'BRANCH' }))).toEqual({ to: 'in-transit', toLibrary: 'MAIN' });
  });

  test('when the first eligible hold is picked up here, then the hold shelf, until the rules’ expiry', () => {
    const first = hold({ id: 'h-here', patronId: 'p-9' });

    // 2 December + 7 days is Wednesday 9 December, an open day.
    expect(checkinRouting(input({ holds: [first, hold()] }))).toEqual({
      to: 'on-hold-shelf',
      hold: { holdId: 'h-here', patronId: 'p-9', pickupLibrary: 'MAIN', shelfExpiresAt: '2026-12-09' },
    });
  });

  test('when the first eligible hold is picked up elsewhere, then in transit to that library', () => {
    const first = hold({ id: 'h-there', patronId: 'p-9', pickupLibrary: 'branch' });

    expect(checkinRouting(input({ holds: [first] }))).toEqual({
      to: 'in-transit',
      toLibrary: 'BRANCH',
      hold: { holdId: 'h-there', patronId: 'p-9', pickupLibrary: 'BRANCH' },
    });
  });

  test('when an item in transit for a hold arrives at the pickup library, then it goes on the hold shelf', () => {
    const trapped = { holdId: 'h-t', patronId: 'p-9', pickupLibrary: 'BRANCH' };
    const arriving = item({ status: 'in-transit', trappedHold: trapped });
    const active = hold({ id: 'h-t', status: 'in-transit', trappedItem: 'B1', pickupLibrary: 'BRANCH' });

    expect(checkinRouting(input({ item: arriving, library: 'BRANCH', holds: [hold(), active] }))).toEqual({
      to: 'on-hold-shelf',
      hold: { ...trapped, shelfExpiresAt: '2026-12-09' },
    });
    // Scanned at a library on the way: on it goes.
    expect(checkinRouting(input({ item: arriving, library: 'MAIN', holds: [active] }))).toEqual({
      to: 'in-transit',
      toLibrary: 'BRANCH',
      hold: trapped,
    });
  });

  test('when the hold an item travelled for has ended, then it goes to the next hold, or home', () => {
    const trapped = { holdId: 'h-gone', patronId: 'p-9', pickupLibrary: 'BRANCH' };
    const arriving = item({ status: 'in-transit', trappedHold: trapped });

    expect(checkinRouting(input({ item: arriving, library: 'BRANCH' }))).toEqual({
      to: 'in-transit',
      toLibrary: 'MAIN',
    });
    expect(
      checkinRouting(
        input({
          item: arriving,
          library: 'BRANCH',
          holds: [hold({ id: 'h-next', pickupLibrary: 'BRANCH' })],
        }),
      ),
    ).toMatchObject({
      to: 'on-hold-shelf',
      hold: { holdId: 'h-next' },
    });
  });

  test('when the item does not circulate, then it traps no hold', () => {
    expect(checkinRouting(input({ item: item({ notForLoan: true }), holds: [hold()] }))).toEqual({
      to: 'reshelving',
    });
    expect(checkinRouting(input({ item: item({ itemType: 'reference-only' }), holds: [hold()] }))).toEqual({
      to: 'reshelving',
    });
  });
});
