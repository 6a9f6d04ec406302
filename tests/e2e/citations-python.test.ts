import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { CslItem, CslName } from '../../src/interop/citations/csl-item';
import { EMBEDDED_TARGET } from '../api/support/api-backends';
import { apiFixture, type ApiFixture } from '../api/support/api-fixture';
import { addRecords, cyrillicRecord } from '../support/citation-records';
import type { ParsedCitation } from '../support/citations';

/**
 * Citation files read back by Python's own readers, rispy and bibtexparser, from the virtualenv
 * scripts/ci/citation-parsers.sh makes (npm run test:full calls it): a second pair of parsers
 * beside the npm ones of tests/api/citations.api.test.ts. Skipped, saying so, without it.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = execFileSync('bash', [path.join(ROOT, 'scripts/ci/citation-parsers.sh'), '--path'])
  .toString()
  .trim();
const available = existsSync(PYTHON);
if (!available) {
  process.stderr.write(
    `citations-python SKIPPED: ${PYTHON} not found (bash scripts/ci/citation-parsers.sh makes it; npm run test:full calls it)\n`,
  );
}

const describeIf = available ? describe : describe.skip;

describeIf('citation files read by rispy and bibtexparser', () => {
  let f: ApiFixture;
  let dir: string;
  let items: CslItem[];
  beforeAll(async () => {
    f = await apiFixture(EMBEDDED_TARGET, {}, 30);
    await addRecords(f.backends, [cyrillicRecord()]);
    dir = mkdtempSync(path.join(tmpdir(), 'stacks-cite-'));
    items = JSON.parse((await request(f.app).get('/search?limit=100&format=csl-json')).text) as CslItem[];
  });
  afterAll(async () => {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function readBack(kind: 'ris' | 'bibtex', text: string): ParsedCitation[] {
    const file = path.join(dir, `page.${kind}`);
    writeFileSync(file, text);
    const out = execFileSync(PYTHON, [path.join(ROOT, 'scripts/ci/read-citations.py'), kind, file]);
    return JSON.parse(out.toString('utf8')) as ParsedCitation[];
  }

  const name = (n: CslName) => ('literal' in n ? n.literal : [n.family, n.given].filter(Boolean).join(', '));
  const expected = (item: CslItem) => ({
    title: item.title,
    authors: (item.author ?? []).map(name),
    year: item.issued ? String(item.issued['date-parts'][0][0]) : undefined,
    isbn: item.ISBN ?? item.ISSN,
  });
  const got = (c: ParsedCitation) => ({ title: c.title, authors: c.authors, year: c.year, isbn: c.isbn });

  test('when a page of every record is BibTeX, then bibtexparser finds each title, author, year and ISBN', async () => {
    const res = await request(f.app).get('/search?limit=100&format=bibtex');
    const parsed = readBack('bibtex', res.text);
    expect(parsed.map(got)).toEqual(items.map((i) => ({ ...expected(i), isbn: i.ISBN })));
    expect(parsed.some((c) => c.title === 'Война и мир: роман' && c.publisher === 'Эксмо & Ко')).toBe(true);
  });

  test('when a page of every record is RIS, then rispy finds each title, author, year and ISBN', async () => {
    const res = await request(f.app).get('/search?limit=100&format=ris');
    const parsed = readBack('ris', res.text);
    expect(parsed.map(got)).toEqual(items.map(expected));
    expect(parsed.map((c) => c.key)).toEqual(items.map((i) => i.id));
  });
});
