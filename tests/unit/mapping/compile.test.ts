import { AppError } from '../../../src/errors/app-error';
import { createMapper, extract, macro, toField, type MappingProfile } from '../../../src/mapping';
import { defaultProfile } from '../../../ingest/profile/default.profile';
import { mrk } from './mrk-record';

function loadError(rules: unknown[]): AppError {
  try {
    createMapper({ name: 'test', rules } as unknown as MappingProfile);
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected the profile to be rejected');
}

describe('createMapper: a bad rule fails at load, naming itself', () => {
  test.each([
    [{ to: 'titel', extract: '245a' }, 'titel #1', 'unknown field "titel"'],
    [{ to: 'title', extract: '24Xa|' }, 'title #1', 'invalid field spec'],
    [{ to: 'title', extract: '245[1-2]' }, 'title #1', 'character positions need one control field'],
    [{ to: 'title', macro: 'authorz' }, 'title #1', 'unknown macro "authorz"'],
    [{ to: 'title' }, 'title #1', 'needs exactly one source'],
    [{ to: 'title', extract: '245a', macro: 'titleSort' }, 'title #1', 'needs exactly one source'],
    [
      { to: 'title', extract: '245a', transforms: ['trimPunct'] },
      'title #1',
      'unknown transform "trimPunct"',
    ],
    [{ to: 'title', extract: '245a', transforms: [['default']] }, 'title #1', 'default takes one string'],
    [
      { to: 'title', extract: '245a', transforms: [['match', '(']] },
      'title #1',
      'Invalid regular expression',
    ],
    [{ to: 'authors', extract: '100a' }, 'authors #1', 'produces strings, but authors holds authors'],
    [{ to: 'year', macro: 'authors' }, 'year #1', 'produces authors, but year holds number'],
    [{ to: 'authors', macro: 'authors', transforms: ['trim'] }, 'authors #1', 'transforms work on strings'],
    [
      { to: 'places', macro: 'imprint', options: { part: 'places' } },
      'places #1',
      'option "part" must be one of',
    ],
    [{ to: 'authors', macro: 'authors', options: { tag: ['100'] } }, 'authors #1', 'unknown option "tag"'],
    [{ to: 'authors', macro: 'authors', options: { tags: ['1000'] } }, 'authors #1', 'three-character tags'],
  ])('when the rule is %j, then loading fails naming %j', (rule, label, reason) => {
    const err = loadError([{ to: 'id', macro: 'recordId' }, rule]);

    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('mapping_bad_rule');
    expect(err.message).toContain(`rule "${label.replace('#1', '#2')}"`);
    expect(err.message).toContain(reason);
    expect(err.details).toMatchObject({ profile: 'test' });
  });

  test('when a rule has its own name, then the error uses it', () => {
    const err = loadError([{ to: 'title', extract: '245a', transforms: ['nope'], name: 'main title' }]);

    expect(err.message).toContain('rule "main title"');
  });

  test('when the profile has no rules list or a rule is not an object, then loading fails', () => {
    expect(() => createMapper({ name: 'x' } as unknown as MappingProfile)).toThrow(/no rules list/);
    expect(loadError(['245a']).message).toContain('a rule must be an object');
  });

  test('when the default profile loads, then every rule compiles', () => {
    expect(() => createMapper(defaultProfile)).not.toThrow();
    expect(createMapper(defaultProfile).profileName).toBe('default');
  });
});

describe('createMapper: how rules fill the document', () => {
  const record = mrk(`
    =001  r1
    =245  10$aFirst title /$cby A.
    =246  3\\$aOther title
    =500  \\\\$aNote one.
    =500  \\\\$aNote two.
  `);

  test('when two rules fill a single-valued field, then the first value wins', () => {
    const mapper = createMapper({
      name: 't',
      rules: [
        toField('title', extract('999a')),
        toField('title', extract('246a')),
        toField('title', extract('245a')),
      ],
    });

    expect(mapper.map(record).title).toBe('Other title');
  });

  test('when rules fill a list, then values gather in rule order without duplicates', () => {
    const mapper = createMapper({
      name: 't',
      rules: [
        toField('summary', extract('500a'), 'trimPunctuation'),
        toField('summary', extract('500a'), 'trimPunctuation', 'uppercase'),
        toField('summary', extract('500a'), 'trimPunctuation'),
      ],
    });

    expect(mapper.map(record).summary).toEqual(['Note one', 'Note two', 'NOTE ONE', 'NOTE TWO']);
  });

  test('when transforms chain, then they run in order', () => {
    const mapper = createMapper({
      name: 't',
      rules: [
        toField('series', extract('500a'), ['match', 'two'], ['prefix', '> '], 'first'),
        toField('contents', extract('490a'), ['default', 'none']),
      ],
    });

    const doc = mapper.map(record);

    expect(doc.series).toEqual(['> Note two.']);
    expect(doc.contents).toEqual(['none']);
  });

  test('when no rule sets id, recordType or bibLevel, then they come from a content hash and the leader', () => {
    const doc = createMapper({ name: 'empty', rules: [] }).map(record);

    expect(doc.id).toMatch(/^sha1-[0-9a-f]{20}$/);
    expect(doc.recordType).toBe('a');
    expect(doc.bibLevel).toBe('m');
    expect(doc.authors).toEqual([]);
    expect(Object.keys(doc)).not.toContain('title');
  });

  test('when the mapper is called as a function, then it maps like .map', () => {
    const mapper = createMapper({ name: 't', rules: [toField('title', macro('title'))] });

    expect(mapper(record)).toEqual(mapper.map(record));
  });

  test('when a rule throws on a record, then mapping fails with mapping_failed naming rule and record', () => {
    const mapper = createMapper({
      name: 't',
      rules: [toField('id', macro('recordId')), toField('title', macro('title'))],
    });
    const broken = mrk('=001  bad');
    (broken.fields as unknown[]).push({ tag: '245', ind1: '1', ind2: '0', subfields: null });

    expect(() => mapper.map(broken)).toThrow(expect.objectContaining({ code: 'mapping_failed' }));
    expect(() => mapper.map(broken)).toThrow(/record bad: rule "title #2" failed/);
  });
});
