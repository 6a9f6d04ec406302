import { readFileSync } from 'node:fs';
import path from 'node:path';
import { errorsDocPath, renderErrorsDoc } from '../../../scripts/gen/errors-doc';
import { ERROR_CATEGORIES } from '../../../src/errors/categories';
import { ERROR_CODES, errorDocLink, type ErrorCode } from '../../../src/errors/codes';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('docs/errors.md', () => {
  it('when the code table is rendered, then docs/errors.md is what it gives (npm run gen:errors)', () => {
    expect(readFileSync(errorsDocPath(ROOT), 'utf8')).toBe(renderErrorsDoc());
  });

  it('when a code is looked up, then the page has its anchor', () => {
    const page = readFileSync(errorsDocPath(ROOT), 'utf8');
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      expect(errorDocLink(code)).toBe(`docs/errors.md#${code}`);
      expect(page).toContain(`<a id="${code}"></a>`);
    }
  });
});

describe('the error code table', () => {
  it('when two codes share a table, then no two have the same title (clients tell them apart)', () => {
    const titles = Object.values(ERROR_CODES).map((e) => e.title);
    expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
  });

  it('when a code is listed, then it has a known category and a hint ending in a full stop', () => {
    for (const entry of Object.values(ERROR_CODES)) {
      expect(Object.keys(ERROR_CATEGORIES)).toContain(entry.category);
      expect(entry.hint).toMatch(/\.$/);
    }
  });

  it('when a code is 5xx, then it is unavailable, system or internal (never the client’s to fix)', () => {
    const serverSide = Object.values(ERROR_CODES).filter((e) => e.status >= 500);
    expect(
      serverSide.map((e) => e.category).filter((c) => !['unavailable', 'system', 'internal'].includes(c)),
    ).toEqual([]);
  });
});
