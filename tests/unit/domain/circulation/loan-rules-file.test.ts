import { BUNDLED_LOAN_RULES_FILE, openLoanPolicy } from '../../../../src/api/loan-policy';
import { parseLoanRules, readLoanRulesFile } from '../../../../src/config/loan-rules.config';
import { createLoanPolicy } from '../../../../src/domain/circulation/loan-rules';
import { AppError } from '../../../../src/errors/app-error';

const HEAD = `patronTypes: [adult, child]
itemTypes: [book, dvd, reference-only]
notLoanable: [reference-only]
rules:
`;

/** The refusal of a rules file, whichever half (shape or consistency) refuses it. */
function refusalOf(text: string): AppError {
  try {
    createLoanPolicy(parseLoanRules(text, 'rules.yaml'));
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('loan_rules_invalid');
    return err as AppError;
  }
  throw new Error('expected the rules to be refused');
}

describe('the loan rules file', () => {
  test('when the shipped file is read, then it has the catch-all row and the samples’ item types', () => {
    const policy = openLoanPolicy();
    const view = policy.describe();

    expect(view.source).toBe('default');
    expect(view.rules).toContainEqual(
      expect.objectContaining({ patronType: '*', itemType: '*', library: '*', period: { days: 21 } }),
    );
    expect(view.itemTypes).toEqual(
      expect.arrayContaining(['book', 'dvd', 'disc', 'score', 'map', 'serial', 'ref', 'reserve']),
    );
    expect(view.patronTypes).toEqual(['adult', 'child', 'staff']);
    expect(readLoanRulesFile(BUNDLED_LOAN_RULES_FILE).rules[0]?.line).toBeGreaterThan(1);
  });

  test('when the file is JSON, then it is read as YAML 1.2 reads it, lines and all', () => {
    const json = JSON.stringify(
      {
        patronTypes: ['adult'],
        itemTypes: ['book'],
        rules: [{ patronType: 'adult', itemType: 'book', days: 14, renewals: 1, maxItems: 5 }],
      },
      null,
      2,
    );
    const data = parseLoanRules(json, 'rules.json');

    expect(data.rules).toEqual([
      { patronType: 'adult', itemType: 'book', library: '*', days: 14, renewals: 1, maxItems: 5, line: 9 },
    ]);
    expect(data.timezone.value).toBe('UTC');
    expect(data.holdShelfDays).toBe(7);
  });

  test('when two rows share patron type, item type and library, then both lines are named', () => {
    const err = refusalOf(
      HEAD +
        `  - { patronType: adult, itemType: book, days: 21, renewals: 2, maxItems: 30 }
  - { patronType: adult, itemType: book, library: '*', days: 14, renewals: 2, maxItems: 30 }
`,
    );

    expect(err.message).toBe(
      'loan rules rules.yaml line 6: a second rule for adult × book × *; line 5 already gives it (remove one of the two)',
    );
  });

  test.each([
    [
      'an unknown patron type',
      `  - { patronType: teen, itemType: book, days: 1, renewals: 0, maxItems: 1 }`,
      /line 5: patron type "teen" is not declared/,
    ],
    [
      'an unknown item type',
      `  - { patronType: adult, itemType: vhs, days: 1, renewals: 0, maxItems: 1 }`,
      /line 5: item type "vhs" is not declared/,
    ],
    [
      'both days and hours',
      `  - { patronType: adult, itemType: book, days: 1, hours: 4, renewals: 0, maxItems: 1 }`,
      /line 5: rule: give days or hours, not both/,
    ],
    [
      'neither days nor hours',
      `  - { patronType: adult, itemType: book, renewals: 0, maxItems: 1 }`,
      /line 5: rule: give the loan period as days or as hours/,
    ],
    [
      'a negative number',
      `  - { patronType: adult, itemType: book, days: 3, renewals: -1, maxItems: 1 }`,
      /line 5: rule: renewals must be a whole number from 0 to 1000, not -1/,
    ],
    [
      'an unknown key',
      `  - { patronType: adult, itemType: book, days: 3, renewal: 1, renewals: 1, maxItems: 1 }`,
      /line 5: rule: unknown key "renewal"/,
    ],
    [
      'a rule for a type that never circulates',
      `  - { patronType: adult, itemType: reference-only, days: 3, renewals: 1, maxItems: 1 }`,
      /line 5: item type "reference-only" is notLoanable/,
    ],
  ])('when a row has %s, then it is refused with its line', (_what, row, expected) => {
    expect(refusalOf(`${HEAD}${row}\n`).message).toMatch(expected);
  });

  test.each([
    [
      'a bad time zone',
      'timezone: Mars/Olympus\n',
      /line 1: timezone "Mars\/Olympus" is not an IANA time zone/,
    ],
    [
      'a date that is not a day',
      "closed: { dates: ['2026-02-30'] }\n",
      /line 1: closed date "2026-02-30" is not a real/,
    ],
    ['a weekday that is not one', 'closed: { weekdays: [caturday] }\n', /line 1: closed weekday "caturday"/],
    [
      'every weekday closed',
      'closed:\n  "*": { weekdays: [sunday, monday, tuesday] }\n  MAIN: { weekdays: [wednesday, thursday, friday, saturday] }\n',
      /line 3: MAIN would be closed every day of the week/,
    ],
    ['an unknown top-level key', 'loanPeriods: 3\n', /line 1: \(top\): unknown key "loanPeriods"/],
    [
      'no days on the hold shelf',
      'holdShelfDays: 0\n',
      /line 1: holdShelfDays must be a whole number from 1 to 365/,
    ],
    ['a key given twice', 'rules: []\n', /line 5: Map keys must be unique/],
  ])('when the file has %s, then it is refused with its line', (_what, head, expected) => {
    const row = '  - { patronType: "*", itemType: "*", days: 21, renewals: 2, maxItems: 30 }\n';

    expect(refusalOf(`${head}${HEAD}${row}`).message).toMatch(expected);
  });

  test('when a type is declared twice (in any case), then the second is named', () => {
    const text = HEAD.replace('[adult, child]', '[adult, child,\n  Adult]');
    const row = '  - { patronType: "*", itemType: "*", days: 21, renewals: 2, maxItems: 30 }\n';

    expect(refusalOf(text + row).message).toMatch(
      /line 2: patronTypes lists "adult" twice \(first on line 1\)/,
    );
  });

  test('when the file does not parse, then the parser’s line is named', () => {
    const err = refusalOf(`${HEAD}  - { patronType: adult, itemType: book\n  days: 3\n`);

    expect(err.message).toMatch(/^loan rules rules\.yaml line [56]: /);
  });

  test('when "*" is written without quotes, then the refusal says to quote it', () => {
    const err = refusalOf(
      `${HEAD}  - { patronType: *, itemType: book, days: 1, renewals: 0, maxItems: 1 }\n`,
    );

    expect(err.message).toBe(
      `loan rules rules.yaml line 5: Alias cannot be an empty string (write "any" as '*', in quotes)`,
    );
  });

  test('when several lines are wrong, then every one is named, in line order', () => {
    const err = refusalOf(
      `${HEAD}  - { patronType: teen, itemType: book, days: 1, renewals: 0, maxItems: 1 }\n  - { patronType: adult, itemType: vhs, days: 1, renewals: 0, maxItems: 1 }\n`,
    );

    expect(err.details.problems).toEqual([
      expect.stringMatching(/^line 5: patron type "teen"/),
      expect.stringMatching(/^line 6: item type "vhs"/),
    ]);
  });

  test('when the file cannot be read, then its path is named', () => {
    expect(() => readLoanRulesFile('/nonexistent/rules.yaml')).toThrow(
      'loan rules /nonexistent/rules.yaml line 1: cannot read it (ENOENT)',
    );
  });
});
