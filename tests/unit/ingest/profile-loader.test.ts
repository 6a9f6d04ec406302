import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../src/errors/app-error';
import { loadMapper, loadProfile } from '../../../src/ingest/profile-loader';
import { defaultProfile } from '../../../ingest/profile/default.profile';
import { mrk } from '../mapping/mrk-record';

const EXAMPLE = path.resolve(__dirname, '../../../ingest/profile/local-fields.profile.json');
const LOCAL_RECORD = mrk(`
=001  local-1
=245  00$aA town history.
=590  \\\\$aGift of the Ashby family, 1921.
=690  \\7$aAshby (Mass.)$2local
=910  \\\\$aTown archive.
=952  \\\\$aMAIN$bStacks`);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-profile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('loading a mapping profile', () => {
  test('when no file is named, then the bundled default maps', () => {
    expect(loadMapper().profileName).toBe('default');
  });

  test('when the example profile maps a record, then 590 is in summary and 69X/9XX are local values, 952 is not', () => {
    const doc = loadMapper(EXAMPLE).map(LOCAL_RECORD);

    expect(doc.id).toBe('local-1');
    expect(doc.title).toBe('A town history');
    expect(doc.summary).toEqual(['Gift of the Ashby family, 1921']);
    expect(doc.local).toEqual(['Ashby (Mass.)', 'Town archive']);
    expect(doc.topics).toEqual([]);
  });

  test('when the default profile maps the same record, then local is empty', () => {
    const doc = loadMapper().map(LOCAL_RECORD);

    expect(doc.local).toEqual([]);
    expect(doc.summary).toEqual([]);
  });

  test('when a rule maps authors into local, then the kind mismatch is refused naming the rule', () => {
    const file = write(
      'kinds.json',
      JSON.stringify({
        name: 'kinds',
        extends: 'default',
        rules: [{ name: 'people as local', to: 'local', macro: 'authors' }],
      }),
    );

    const err = thrown(() => loadMapper(file));

    expect(err.code).toBe('mapping_bad_rule');
    expect(err.message).toMatch(/rule "people as local": produces authors, but local holds strings/);
  });

  test('when a profile extends the default, then its rules follow the default rules and stay plain data', () => {
    const profile = loadProfile(EXAMPLE);

    expect(profile.rules.slice(0, defaultProfile.rules.length)).toEqual(defaultProfile.rules);
    expect(structuredClone(profile)).toEqual(profile);
  });

  test('when a module exports the profile, then it is used', () => {
    const file = write(
      'mine.cjs',
      `exports.profile = { name: 'mine', rules: [{ to: 'id', macro: 'recordId' }, { to: 'title', extract: '245a' }] };`,
    );

    expect(loadMapper(file).map(LOCAL_RECORD).title).toBe('A town history.');
  });

  test('when a rule is bad, then mapping_bad_rule names the file and the rule', () => {
    const file = write(
      'bad.json',
      JSON.stringify({
        name: 'bad',
        extends: 'default',
        rules: [{ name: 'my note', to: 'summary', extract: '590a', transforms: ['trimm'] }],
      }),
    );

    const err = thrown(() => loadMapper(file));

    expect(err.code).toBe('mapping_bad_rule');
    expect(err.message).toContain(`${file}: profile "bad", rule "my note"`);
    expect(err.details).toMatchObject({ file, rule: 'my note', profile: 'bad' });
  });

  test.each([
    ['not JSON', '{ name', /not JSON/],
    ['no rules', '{"name": "x"}', /"rules" must be a list/],
    ['no name', '{"rules": []}', /"name" must be/],
    ['an unknown base', '{"name": "x", "extends": "marc21", "rules": []}', /"extends" may only be "default"/],
  ])('when the file is %s, then mapping_bad_rule says what is wrong', (_, text, message) => {
    const err = thrown(() => loadMapper(write('p.json', text)));

    expect(err.code).toBe('mapping_bad_rule');
    expect(err.message).toMatch(message);
  });

  test("when the example profile gives its own 949, then it replaces the default's and the other holdings rules stay", () => {
    const profile = loadProfile(EXAMPLE);
    const mapper = loadMapper(EXAMPLE);
    const record = mrk(`
=001  local-2
=949  \\\\$hQA76.9 .D3$bV-0001$lEAST$sREF$tDVD$vv.3
=952  \\\\$aMAIN$cSTACKS$pK-0001`);

    const { items } = mapper.holdings!.forRecord(record, 'local-2');

    expect(profile.holdings!.fields.filter((f) => f.tag === '949')).toHaveLength(1);
    expect(profile.holdings!.fields.map((f) => f.tag)).toEqual(['852', '876', '877', '878', '952', '949']);
    expect(items.map((i) => [i.barcode, `${i.location.library}/${i.location.shelf}`, i.itemType])).toEqual([
      ['V-0001', 'EAST/REF', 'dvd'],
      ['K-0001', 'MAIN/STACKS', 'book'],
    ]);
    expect(items[0]!.callNumber).toMatchObject({ scheme: 'lc', volume: 'v.3' });
  });

  test('when a holdings rule is bad, then mapping_bad_rule names the file and the holdings rule', () => {
    const file = write(
      'bad-holdings.json',
      JSON.stringify({
        name: 'bad',
        extends: 'default',
        rules: [],
        holdings: { fields: [{ name: 'our 949', tag: '949', kind: 'item', subfields: { barcod: 'b' } }] },
      }),
    );

    const err = thrown(() => loadMapper(file));

    expect(err.code).toBe('mapping_bad_rule');
    expect(err.message).toContain(`${file}: profile "bad", holdings rule "our 949": unknown role "barcod"`);
  });

  test('when the file is missing, then invalid_config names it', () => {
    const err = thrown(() => loadMapper(path.join(dir, 'none.json')));

    expect(err.code).toBe('invalid_config');
    expect(err.message).toContain('none.json: no such file');
  });
});
