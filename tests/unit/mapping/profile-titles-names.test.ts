import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import { contentHashId } from '../../../src/mapping/content-id';
import { sampleBooks } from '../../support/books';
import { mapMrk, mrk } from './mrk-record';

describe('default profile: record identity', () => {
  test('when 001 and 003 are present, then the id is (003)001 and controlNumber the 001', () => {
    const doc = mapMrk('=001    92021617 \n=003  DLC');

    expect(doc.id).toBe('(DLC)92021617');
    expect(doc.controlNumber).toBe('92021617');
  });

  test('when there is no 003, then the id is the 001 alone', () => {
    expect(mapMrk('=001  ocm12345').id).toBe('ocm12345');
  });

  test('when there is no 001, then the id is a content hash that ignores serialisation lengths', () => {
    const a = mrk('=LDR  01234nam a2200265 a 4500\n=245  10$aNo number');
    const b = mrk('=LDR  00099nam a2200099 a 4500\n=245  10$aNo number');
    const c = mrk('=LDR  00099nam a2200099 a 4500\n=245  10$aAnother');

    expect(createDefaultMapper().map(a).id).toMatch(/^sha1-[0-9a-f]{20}$/);
    expect(contentHashId(a)).toBe(contentHashId(b));
    expect(contentHashId(a)).not.toBe(contentHashId(c));
  });

  test('when leader/05 is d, then the document asks to be deleted; leader/06-07 are kept', () => {
    const doc = mapMrk('=LDR  00000dcm a2200000 a 4500\n=001  x');

    expect(doc).toMatchObject({ deleted: true, recordType: 'c', bibLevel: 'm' });
    expect(mapMrk('=001  x').deleted).toBe(false);
  });
});

describe('default profile: titles', () => {
  test('when 245 has title, remainder and responsibility, then each is trimmed of ISBD punctuation', () => {
    const doc = mapMrk('=245  14$aThe secret code of success :$b7 hidden steps /$cNoah St. John.');

    expect(doc).toMatchObject({
      title: 'The secret code of success',
      subtitle: '7 hidden steps',
      responsibility: 'Noah St. John',
      titleSort: 'secret code of success 7 hidden steps',
    });
  });

  test('when the title has part numbers and names, then they belong to the title and the skipped $b leaves no mark', () => {
    const doc = mapMrk('=245  10$aCyllidebau ysgolion =$bSchool budgets :$n1990/91.$pPart one.');

    expect(doc.title).toBe('Cyllidebau ysgolion 1990/91. Part one');
    expect(doc.subtitle).toBe('School budgets');
  });

  test('when there is no 245, then the title falls back to 240, 130, 246, then 740', () => {
    expect(mapMrk('=240  10$aPlays.$kSelections\n=740  0\\$aOther.').title).toBe('Plays');
    expect(mapMrk('=740  4\\$aThe modern Supreme Court.').title).toBe('The modern Supreme Court');
    expect(mapMrk('=740  4\\$aThe modern Supreme Court.').titleSort).toBe('modern supreme court');
  });

  test('when uniform and varying titles are present, then they are alternative titles', () => {
    const doc = mapMrk(`
      =130  0\\$aBible.$lEnglish.
      =240  10$aOption$
      =246  3\\$aNewsletter of the Chinese poetry studies
      =730  02$aIliad.
      =740  02$aOriginal stories from real life.`);

    expect(doc.alternativeTitles).toEqual([
      'Bible. English',
      'Option',
      'Newsletter of the Chinese poetry studies',
      'Iliad',
      'Original stories from real life',
    ]);
  });

  test('when the sample French book files under "Du côté", then the sort key skips "Du " and folds', () => {
    const proust = createDefaultMapper().map(sampleBooks()[1]!);

    expect(proust.titleSort).toBe('cote de chez swann');
  });
});

describe('default profile: authors', () => {
  test('when a person has dates and relators, then name, dates, roles and heading are apart', () => {
    const [author] = mapMrk('=100  1\\$aPechman, Joseph A.,$d1918-$eeditor.$4edt').authors;

    expect(author).toEqual({
      name: 'Pechman, Joseph A.',
      dates: '1918-',
      roles: ['editor', 'edt'],
      kind: 'person',
      primary: true,
      heading: 'Pechman, Joseph A., 1918-',
    });
  });

  test('when names come from 1XX and 7XX, then only the main entry is primary and kinds follow the tag', () => {
    const doc = mapMrk(`
      =111  2\\$aIFIP Conference$n(7th :$d1991 :$cRio de Janeiro, Brazil)$jauthor.
      =700  1\\$aKuo, Chengi.
      =710  2\\$aBrookings Institution, Washington, D.C.$bPanel on Social Experimentation.
      =700  12$aWollstonecraft, Mary,$d1759-1797.$tOriginal stories from real life.`);

    expect(doc.authors.map((a) => [a.heading, a.kind, a.primary, a.roles])).toEqual([
      ['IFIP Conference (7th : 1991 : Rio de Janeiro, Brazil)', 'meeting', true, ['author']],
      ['Kuo, Chengi', 'person', false, []],
      ['Brookings Institution, Washington, D.C. Panel on Social Experimentation', 'corporate', false, []],
      ['Wollstonecraft, Mary, 1759-1797', 'person', false, []],
    ]);
  });

  test('when one person is main and added entry, then they are listed once with both roles', () => {
    const doc = mapMrk(
      '=100  1\\$aDay, Thomas,$d1748-1789,$eauthor.\n=700  1\\$aDay, Thomas,$d1748-1789,$eeditor.',
    );

    expect(doc.authors).toHaveLength(1);
    expect(doc.authors[0]).toMatchObject({ primary: true, roles: ['author', 'editor'] });
  });

  test('when an old LC heading carries "[from old catalog]", then the note is not part of the name', () => {
    const [author] = mapMrk('=100  1\\$aBenét, William Rose,$d1886-1950. [from old catalog]').authors;

    expect(author).toMatchObject({ name: 'Benét, William Rose', dates: '1886-1950' });
  });
});
