import { parseLoanRules } from '../../../../src/config/loan-rules.config';
import { endOfDay, startOfDay } from '../../../../src/domain/circulation/calendar';
import type { LoanPolicy } from '../../../../src/domain/circulation/loan-policy';
import { createLoanPolicy } from '../../../../src/domain/circulation/loan-rules';
import { AppError } from '../../../../src/errors/app-error';

function policyOf(text: string): LoanPolicy {
  return createLoanPolicy(parseLoanRules(text, 'rules.yaml'));
}

const TYPES = `patronTypes: [adult, child]
itemTypes: [book, dvd, reserve]
`;

describe('which rule applies', () => {
  const policy = policyOf(`${TYPES}rules:
  - { patronType: '*', itemType: '*', days: 21, renewals: 2, maxItems: 30 }
  - { patronType: child, itemType: '*', days: 14, renewals: 2, maxItems: 10 }
  - { patronType: '*', itemType: dvd, days: 7, renewals: 1, maxItems: 30 }
  - { patronType: child, itemType: dvd, days: 3, renewals: 0, maxItems: 5 }
  - { patronType: '*', itemType: '*', library: BRANCH, days: 28, renewals: 3, maxItems: 40 }
`);
  const days = (patron: string, item: string, library: string): unknown =>
    policy.ruleFor(patron, item, library).period;

  test('when only the catch-all covers the values, then it applies', () => {
    expect(policy.ruleFor('adult', 'book', 'MAIN')).toMatchObject({ period: { days: 21 }, line: 4 });
  });

  test('when an exact item type and an exact patron type compete, then the item type wins', () => {
    expect(days('child', 'dvd', 'MAIN')).toEqual({ days: 3 });
    expect(days('adult', 'dvd', 'MAIN')).toEqual({ days: 7 });
    expect(days('child', 'book', 'MAIN')).toEqual({ days: 14 });
  });

  test('when a row names the library, then it wins over every row for any library', () => {
    expect(days('child', 'dvd', 'BRANCH')).toEqual({ days: 28 });
  });

  test('when the values come in another case, then they match as the catalog writes them', () => {
    expect(days('Child', 'DVD', 'main')).toEqual({ days: 3 });
    expect(days('adult', 'book', 'branch')).toEqual({ days: 28 });
  });

  test('when no row covers the values, then loan_rule_missing names all three', () => {
    const narrow = policyOf(
      `${TYPES}rules:\n  - { patronType: adult, itemType: book, days: 21, renewals: 2, maxItems: 30 }\n`,
    );

    expect.assertions(3);
    try {
      narrow.ruleFor('child', 'dvd', 'main');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('loan_rule_missing');
      expect((err as AppError).details).toEqual({ patronType: 'child', itemType: 'dvd', library: 'MAIN' });
    }
  });
});

describe('due dates', () => {
  const rules = (head: string): LoanPolicy =>
    policyOf(
      `${head}${TYPES}rules:\n  - { patronType: '*', itemType: '*', days: 21, renewals: 2, maxItems: 30 }\n`,
    );

  test('when a day loan is made, then it is due at the last millisecond of its last local day', () => {
    const paris = rules('timezone: Europe/Paris\n');

    // 23:30 UTC on 1 June is already 2 June in Paris: the count starts from the library's day.
    expect(paris.dueDate('2026-06-01T23:30:00Z', { days: 1 }, 'MAIN')).toBe('2026-06-03T21:59:59.999Z');
    expect(paris.dayOf('2026-06-01T23:30:00Z')).toBe('2026-06-02');
  });

  test('when a loan spans the change to summer time, then it is due at the end of the local day', () => {
    const paris = rules('timezone: Europe/Paris\n');

    // Lent in winter (UTC+1), due in summer (UTC+2): 23:59:59.999 local is 21:59:59.999 UTC.
    expect(paris.dueDate('2026-03-20T10:00:00Z', { days: 10 }, 'MAIN')).toBe('2026-03-30T21:59:59.999Z');
    expect(paris.dueDate('2026-10-20T10:00:00Z', { days: 10 }, 'MAIN')).toBe('2026-10-30T22:59:59.999Z');
  });

  test('when the due day is the day the clocks change, then it ends when that local day ends', () => {
    const newYork = rules('timezone: America/New_York\n');

    expect(newYork.dueDate('2026-03-07T15:00:00Z', { days: 1 }, 'MAIN')).toBe('2026-03-09T03:59:59.999Z');
    expect(newYork.dueDate('2026-10-31T15:00:00Z', { days: 1 }, 'MAIN')).toBe('2026-11-02T04:59:59.999Z');
  });

  test('when a zone skips midnight, then the day before ends where the next begins', () => {
    // Santiago moves its clocks from 00:00 to 01:00 on 6 September 2026.
    expect(new Date(startOfDay('2026-09-06', 'America/Santiago')).toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
    expect(new Date(endOfDay('2026-09-05', 'America/Santiago')).toISOString()).toBe(
      '2026-09-06T03:59:59.999Z',
    );
    // … and from 00:00 back to 23:00 on 5 April: the day ends at its second midnight.
    expect(new Date(endOfDay('2026-04-04', 'America/Santiago')).toISOString()).toBe(
      '2026-04-05T03:59:59.999Z',
    );
  });

  test('when a loan runs into the next year, then the days count across it', () => {
    const utc = rules('');

    expect(utc.dueDate('2026-12-20T12:00:00Z', { days: 21 }, 'MAIN')).toBe('2027-01-10T23:59:59.999Z');
    expect(utc.dueDate('2028-02-28T12:00:00Z', { days: 1 }, 'MAIN')).toBe('2028-02-29T23:59:59.999Z');
  });

  test('when the due day is closed, then the loan is due at the end of the next open day', () => {
    const closed = rules(`closed:
  '*': { weekdays: [sunday], dates: ['2026-12-25', '2026-12-26'] }
  BRANCH: { weekdays: [monday] }
`);

    // 2026-12-25 is a Friday: Friday and Saturday listed, Sunday a closed weekday.
    expect(closed.dueDate('2026-12-04T12:00:00Z', { days: 21 }, 'MAIN')).toBe('2026-12-28T23:59:59.999Z');
    // At BRANCH Monday is closed too.
    expect(closed.dueDate('2026-12-04T12:00:00Z', { days: 21 }, 'BRANCH')).toBe('2026-12-29T23:59:59.999Z');
    expect(closed.dueDate('2026-12-04T12:00:00Z', { days: 21 }, 'branch')).toBe('2026-12-29T23:59:59.999Z');
  });

  test('when an hour loan ends on an open day, then it is due by the clock', () => {
    const utc = rules('closed: { weekdays: [sunday] }\n');

    expect(utc.dueDate('2026-12-05T10:15:00Z', { hours: 4 }, 'MAIN')).toBe('2026-12-05T14:15:00.000Z');
  });

  test('when an hour loan spans a clock change, then it lasts that many real hours', () => {
    const newYork = rules('timezone: America/New_York\n');

    // 00:00 EST + 4 hours is 05:00 EDT: the clocks skipped 02:00–03:00, the loan did not.
    expect(newYork.dueDate('2026-03-08T05:00:00Z', { hours: 4 }, 'MAIN')).toBe('2026-03-08T09:00:00.000Z');
  });

  test('when an hour loan ends on a closed day, then it is due at the end of the next open day', () => {
    const utc = rules('closed: { weekdays: [sunday] }\n');

    // Saturday 22:00 + 4 hours is Sunday 02:00: due at the end of Monday.
    expect(utc.dueDate('2026-12-05T22:00:00Z', { hours: 4 }, 'MAIN')).toBe('2026-12-07T23:59:59.999Z');
  });

  test('when the hold shelf’s last day is closed, then it moves to the next open day', () => {
    const shelf = rules('holdShelfDays: 6\nclosed: { weekdays: [sunday] }\n');

    expect(shelf.holdShelfExpiry('2026-12-01', 'MAIN')).toBe('2026-12-07');
    expect(shelf.holdShelfExpiry('2026-12-02', 'MAIN')).toBe('2026-12-08');
  });
});

describe('what GET /circulation/rules shows', () => {
  test('when the rules are described, then every value and line is there', () => {
    const view = policyOf(`timezone: Europe/Paris
${TYPES}notLoanable: []
closed:
  '*': { weekdays: [Sunday] }
  main: { dates: ['2026-12-24'] }
rules:
  - { patronType: '*', itemType: reserve, hours: 4, renewals: 0, maxItems: 3 }
`).describe();

    expect(view).toEqual({
      timezone: 'Europe/Paris',
      patronTypes: ['adult', 'child'],
      itemTypes: ['book', 'dvd', 'reserve'],
      notLoanableItemTypes: [],
      holdShelfDays: 7,
      closed: {
        weekdays: ['sunday'],
        dates: [],
        libraries: { MAIN: { weekdays: [], dates: ['2026-12-24'] } },
      },
      rules: [
        {
          patronType: '*',
          itemType: 'reserve',
          library: '*',
          period: { hours: 4 },
          renewals: 0,
          maxItems: 3,
          line: 9,
        },
      ],
      source: 'rules.yaml',
    });
  });
});
