import { parseLoanRules } from '../../../../src/config/loan-rules.config';
import type { Hold } from '../../../../src/domain/circulation/hold';
import type { LoanPolicy } from '../../../../src/domain/circulation/loan-policy';
import { createLoanPolicy } from '../../../../src/domain/circulation/loan-rules';
import type { CheckoutItem, CheckoutPatron } from '../../../../src/domain/circulation/checkout-refusals';

/** Rules for the decision tests: adults 3 items and 1 renewal, reference never lent, no DVD rule for children. */
export const policy: LoanPolicy = createLoanPolicy(
  parseLoanRules(
    `patronTypes: [adult, child]
itemTypes: [book, dvd, reference-only]
notLoanable: [reference-only]
holdShelfDays: 7
closed: { weekdays: [sunday] }
rules:
  - { patronType: adult, itemType: '*', days: 21, renewals: 1, maxItems: 3 }
  - { patronType: child, itemType: book, days: 14, renewals: 2, maxItems: 5 }
`,
    'rules.yaml',
  ),
);

export const TODAY = '2026-12-02';

export function patron(fields: Partial<CheckoutPatron> = {}): CheckoutPatron {
  return { id: 'p-1', patronType: 'adult', expiry: '2027-12-31', openLoans: [], ...fields };
}

export function item(fields: Partial<CheckoutItem> = {}): CheckoutItem {
  return {
    barcode: 'B1',
    itemType: 'book',
    status: 'available',
    notForLoan: false,
    location: { library: 'MAIN', shelf: 'STACKS' },
    ...fields,
  };
}

let n = 0;
export function hold(fields: Partial<Hold> = {}): Hold {
  n += 1;
  return {
    id: `h-${n}`,
    recordId: 'r1',
    patronId: 'p-2',
    pickupLibrary: 'MAIN',
    status: 'waiting',
    placedAt: `2026-11-0${(n % 9) + 1}T10:00:00Z`,
    version: 1,
    updatedAt: '2026-11-01T10:00:00Z',
    ...fields,
  };
}
