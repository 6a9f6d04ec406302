import { parseLoanRules } from '../../../src/config/loan-rules.config';
import { createLoanPolicy } from '../../../src/domain/circulation/loan-rules';
import type { LoanPolicy } from '../../../src/domain/circulation/loan-policy';
import type { NewItem } from '../../../src/domain/items/item';
import type { NewPatron, Patron } from '../../../src/domain/patrons/patron';
import type { CatalogTarget } from './api-backends';
import { apiFixture, type ApiFixture } from './api-fixture';

export const TOLSTOY = '(StK)stk000001';
export const OTHER = 'stk000002';
export const STAFF = { 'x-test-role': 'staff' };
export const AT = '2026-01-02T03:04:05.000Z';

/**
 * Rules small enough to reach their limits in a test: adults may have 3 items and renew once;
 * children have no rule at all (loan_rule_missing); reference-only never lends.
 */
export function testLoanPolicy(maxItems = 3): LoanPolicy {
  return createLoanPolicy(
    parseLoanRules(
      `timezone: UTC
patronTypes: [adult, child, staff]
itemTypes: [book, dvd, reference-only]
notLoanable: [reference-only]
holdShelfDays: 7
rules:
  - { patronType: adult, itemType: '*', days: 21, renewals: 1, maxItems: ${maxItems} }
  - { patronType: staff, itemType: '*', days: 42, renewals: 5, maxItems: 50 }
`,
      'test-loan-rules.yaml',
    ),
  );
}

export function copy(barcode: string, fields: Partial<NewItem> = {}): NewItem {
  return {
    barcode,
    recordId: TOLSTOY,
    location: { library: 'MAIN', shelf: 'STACKS' },
    itemType: 'book',
    notForLoan: false,
    publicNotes: [],
    staffNotes: [],
    source: 'api',
    ...fields,
  };
}

export function patron(barcode: string, fields: Partial<NewPatron> = {}): NewPatron {
  return {
    barcode,
    name: `Testperson ${barcode}`,
    email: `${barcode.toLowerCase()}@example.org`,
    patronType: 'adult',
    expiry: '2099-12-31',
    ...fields,
  };
}

/** A catalog (the sample books) with the test rules behind the app. */
export async function circulationFixture(target: CatalogTarget, maxItems = 3): Promise<ApiFixture> {
  return apiFixture(target, { loanPolicy: testLoanPolicy(maxItems) }, 0);
}

export async function addPatrons(f: ApiFixture, ...patrons: NewPatron[]): Promise<Patron[]> {
  const made: Patron[] = [];
  for (const p of patrons) made.push(await f.backends.patrons.create(p, AT));
  return made;
}
