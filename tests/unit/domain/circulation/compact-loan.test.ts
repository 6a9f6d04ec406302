import { compactLoan, type Loan } from '../../../../src/domain/circulation/loan';

const LOAN: Loan = {
  id: 'loan-1',
  itemBarcode: 'B1',
  recordId: 'r1',
  patronType: 'adult',
  library: 'MAIN',
  checkedOutAt: '2026-01-01T10:00:00Z',
  dueAt: '2026-01-29T10:00:00Z',
  renewals: 0,
};

describe('compactLoan', () => {
  test('when storage gives null for parts never set, then they are left out at every level', () => {
    const read = {
      ...LOAN,
      patronId: null,
      location: null,
      returnedAt: null,
      overrides: [{ codes: ['item_on_hold'], reason: 'staff', at: LOAN.checkedOutAt, by: null }],
      by: null,
    } as unknown as Loan;

    expect(compactLoan(read)).toEqual({
      ...LOAN,
      overrides: [{ codes: ['item_on_hold'], reason: 'staff', at: LOAN.checkedOutAt }],
    });
    expect(Object.keys(compactLoan(read))).not.toContain('patronId');
  });

  test('when a loan is compacted, then its arrays are copies', () => {
    const loan: Loan = {
      ...LOAN,
      overrides: [{ codes: ['patron_limit_reached'], reason: 'staff', at: LOAN.checkedOutAt }],
    };

    const copy = compactLoan(loan);
    copy.overrides![0]!.codes.push('changed');

    expect(loan.overrides![0]!.codes).toEqual(['patron_limit_reached']);
  });
});
