import { readMarcXml } from '../../../src/marc/readers/marcxml.reader';
import type { ErrorItem, ReadItem, RecordItem } from '../../../src/marc/read-item';
import { BLANK_LEADER, type DataField } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { collect } from '../../support/collect';

const SLIM = 'http://www.loc.gov/MARC21/slim';
const LEADER = '00714cam a2200205 a 4500';
const GOOD = `<record><leader>${LEADER}</leader><controlfield tag="001">next</controlfield></record>`;

/** A collection of the given record, followed by a good record to show reading goes on. */
function read(recordXml: string): Promise<ReadItem[]> {
  return collect(readMarcXml(bytesSource(`<collection xmlns="${SLIM}">${recordXml}${GOOD}</collection>`)));
}

function withField(fieldXml: string, leader = `<leader>${LEADER}</leader>`): string {
  return `<record>${leader}${fieldXml}</record>`;
}

function first(items: ReadItem[]): RecordItem {
  expect(items).toHaveLength(2);
  expect(items[0]!.ok).toBe(true);
  expect(items[1]!.ok).toBe(true);
  return items[0] as RecordItem;
}

function rejected(items: ReadItem[]): ErrorItem {
  expect(items).toHaveLength(2);
  expect(items[0]!.ok).toBe(false);
  expect(items[1]).toMatchObject({ ok: true, recordNumber: 2 });
  return items[0] as ErrorItem;
}

describe('MARCXML reader: recoverable damage becomes warnings', () => {
  test('when a record has no leader, then a blank default leader is assumed with a warning', async () => {
    const item = first(await read('<record><controlfield tag="001">x</controlfield></record>'));

    expect(item.record.leader).toBe(BLANK_LEADER);
    expect(item.warnings.map((w) => w.code)).toEqual(['leader_repaired']);
  });

  test.each([
    ['short', '01301nam a2200361', '01301nam a2200361 a 4500'],
    ['long', `${LEADER}xyz`, LEADER],
    ['empty', '', BLANK_LEADER],
  ])('when the leader is %s, then it is padded or cut to 24 with a warning', async (_kind, leader, fixed) => {
    const item = first(await read(withField('', `<leader>${leader}</leader>`)));

    expect(item.record.leader).toBe(fixed);
    expect(item.warnings.map((w) => w.code)).toEqual(['leader_repaired']);
  });

  test('when indicators are missing, empty or too long, then blanks or the first character are kept, with one warning', async () => {
    const item = first(
      await read(withField('<datafield tag="245" ind2="10"><subfield code="a">T</subfield></datafield>')),
    );

    const field = item.record.fields[0] as DataField;

    expect([field.ind1, field.ind2]).toEqual([' ', '1']);
    expect(item.warnings).toEqual([
      { code: 'field_recovered', message: expect.stringContaining('field 245') },
    ]);
  });

  test('when a subfield has no code, then it is kept with an empty code and a warning', async () => {
    const item = first(
      await read(withField('<datafield tag="500" ind1=" " ind2=" "><subfield>note</subfield></datafield>')),
    );

    expect((item.record.fields[0] as DataField).subfields).toEqual([{ code: '', value: 'note' }]);
    expect(item.warnings.map((w) => w.code)).toEqual(['subfield_empty_code']);
  });

  test('when a record carries non-MARC elements beside its fields, then they are skipped with a warning', async () => {
    const item = first(
      await read(withField('<identifier>oai:1</identifier><x:note xmlns:x="urn:x">n</x:note>')),
    );

    expect(item.record.fields).toEqual([]);
    expect(item.warnings.map((w) => w.code)).toEqual(['garbage_skipped', 'garbage_skipped']);
  });

  test('when text sits between fields, then it is skipped with a warning', async () => {
    const item = first(await read(withField('junk<controlfield tag="001">x</controlfield>')));

    expect(item.record.getControl('001')).toBe('x');
    expect(item.warnings.map((w) => w.code)).toEqual(['garbage_skipped']);
  });

  test('when a record has two leaders, then the first is kept with a warning', async () => {
    const item = first(await read(withField('<leader>99999nam a2200000 a 4500</leader>')));

    expect(item.record.leader).toBe(LEADER);
    expect(item.warnings.map((w) => w.code)).toEqual(['leader_repaired']);
  });
});

describe('MARCXML reader: unrecoverable damage rejects the record', () => {
  test('when a subfield code is longer than one character, then the record is rejected with its raw bytes', async () => {
    const bad = withField(
      '<datafield tag="245" ind1="1" ind2="0"><subfield code="ab">T</subfield></datafield>',
    );

    const item = rejected(await read(bad));

    expect(item).toMatchObject({
      code: 'marc_bad_xml',
      recordNumber: 1,
      message: expect.stringContaining('"ab"'),
    });
    expect(Buffer.from(item.raw).toString('utf8')).toBe(bad);
  });

  test.each([
    ['controlfield', '<controlfield>20041229190604.0</controlfield>'],
    ['datafield', '<datafield ind1=" " ind2=" "><subfield code="a">x</subfield></datafield>'],
  ])('when a %s has no tag attribute, then the record is rejected', async (name, field) => {
    const item = rejected(await read(withField(field)));

    expect(item.code).toBe('marc_bad_xml');
    expect(item.message).toContain(`<${name}> without a tag`);
  });

  test('when a field holds an unknown MARCXML element, then the record is rejected rather than lose its data', async () => {
    const item = rejected(
      await read(
        withField(
          '<datafield tag="020" ind1=" " ind2=" "><subfields code="a">0679450041</subfields></datafield>',
        ),
      ),
    );

    expect(item.message).toContain('<subfields>');
  });

  test('when an element sits inside a subfield, then the record is rejected', async () => {
    const item = rejected(
      await read(
        withField(
          '<datafield tag="500" ind1=" " ind2=" "><subfield code="a">a<b>c</b></subfield></datafield>',
        ),
      ),
    );

    expect(item.code).toBe('marc_bad_xml');
  });

  test('when a record is empty, then it is rejected', async () => {
    expect(rejected(await read('<record/>')).message).toContain('empty record');
  });

  test('when fields appear outside any record, then one error item reports the run', async () => {
    const items = await read(
      '<datafield tag="952" ind1=" " ind2=" "><subfield code="a">x</subfield></datafield><datafield tag="953" ind1=" " ind2=" "/>',
    );

    const item = rejected(items);

    expect(item.message).toContain('outside any <record>');
  });
});
