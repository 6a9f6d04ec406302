import { stacksInProcess } from '../../support/cli-in-process';
import { EXIT_CODE_BY_CATEGORY, EXIT_CODE_MEANINGS, EXIT_CODES } from '../../../src/cli/exit-codes';
import { ERROR_CATEGORIES, type ErrorCategory } from '../../../src/errors/categories';

describe('CLI exit codes by category', () => {
  it('when an error is the user’s to fix or a server is down, then the exit code is 2, as documented', () => {
    const categories = Object.keys(ERROR_CATEGORIES) as ErrorCategory[];
    const toFix = categories.filter((c) => c !== 'internal');
    expect(toFix.map((c) => EXIT_CODE_BY_CATEGORY[c])).toEqual(toFix.map(() => 2));
  });

  it('when an error is internal, then the exit code is 70 (EX_SOFTWARE), as for an unexpected error', () => {
    expect(EXIT_CODE_BY_CATEGORY.internal).toBe(70);
  });

  it('when the exit codes are listed, then each has a meaning for docs/errors.md', () => {
    expect(Object.keys(EXIT_CODE_MEANINGS).map(Number).sort()).toEqual(
      Object.values(EXIT_CODES).sort((a, b) => a - b),
    );
  });

  it('when an input file is missing, then the command exits with its category’s code and names the code', async () => {
    const { code, stderr } = await stacksInProcess('validate', '/no/such/file.mrc');

    expect(stderr).toContain('(input_unreadable)');
    expect(code).toBe(EXIT_CODE_BY_CATEGORY.invalid_request);
  });
});
