import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type CodeEntry,
  generateMarc8Module,
  packMultiByte,
  parseCodeTables,
  REQUIRED_FINALS,
} from '../../../scripts/gen/marc8-tables';
import { MARC8_CODE_SETS } from '../../../src/marc/charset/marc8-tables.generated';
import { corpusPath, describeCorpus } from '../../support/corpus';

interface FakeCode {
  marc: string;
  ucs?: string;
  alt?: string;
  combining?: boolean;
}

/** A codetables.xml in LoC's shape: every required set, with the codes given for some of them. */
function fakeTables(codes: Record<number, FakeCode[]>, finals: number[] = REQUIRED_FINALS): string {
  const sets = finals.map((final) => {
    const hex = final.toString(16).toUpperCase();
    const body = (codes[final] ?? [{ marc: final === 0x31 ? '213021' : '41', ucs: '0041' }])
      .map(
        (c) =>
          `<code>${c.combining ? '<isCombining>true</isCombining>' : ''}<marc>${c.marc}</marc>` +
          `<ucs>${c.ucs ?? ''}</ucs>${c.alt ? `<alt>${c.alt}</alt>` : ''}<name>n &amp; m</name></code>`,
      )
      .join('');
    return `<codeTable name="t" number="1"><characterSet name="Set ${hex}" ISOcode="${hex}">${body}</characterSet></codeTable>`;
  });
  return `<?xml version="1.0"?><codeTables>${sets.join('')}</codeTables>`;
}

/** The width-3 format as the generated header documents it, decoded independently of the decoder. */
function unpackMultiByte(data: string): CodeEntry[] {
  let marc = -1;
  let ucs = 0;
  return data.split(',').map((token) => {
    const [gap, delta] = token.includes(':') ? token.split(':') : ['0', token];
    marc += parseInt(gap as string, 36) + 1;
    ucs += parseInt((delta as string).replace('+', ''), 36);
    return { marc, ucs, combining: token.endsWith('+') };
  });
}

function unpackSingleByte(data: string): CodeEntry[] {
  return data.split(' ').map((t) => ({
    marc: parseInt(t.slice(0, 2), 16),
    ucs: parseInt(t.slice(3, 7), 16),
    combining: t.endsWith('+'),
  }));
}

describe('marc8-tables generator', () => {
  it('when a code has no <ucs>, then its <alt> is used and flagged; combining flags are kept', () => {
    const xml = fakeTables({
      0x45: [
        { marc: 'E2', ucs: '0301', combining: true },
        { marc: 'EC', alt: 'FE21', combining: true },
        { marc: 'A1', ucs: '0141' },
      ],
    });

    const ansel = parseCodeTables(xml).find((s) => s.final === 0x45);

    expect(ansel?.width).toBe(1);
    expect(ansel?.entries).toEqual([
      { marc: 0xa1, ucs: 0x141, combining: false },
      { marc: 0xe2, ucs: 0x301, combining: true },
      { marc: 0xec, ucs: 0xfe21, combining: true, fromAlt: true },
    ]);
  });

  it('when a required set is missing, then parsing fails naming it', () => {
    const xml = fakeTables(
      {},
      REQUIRED_FINALS.filter((f) => f !== 0x4e),
    );

    expect(() => parseCodeTables(xml)).toThrow(/lack sets 4E/);
  });

  it('when a code is listed twice or has no value at all, then parsing fails', () => {
    const twice = fakeTables({
      0x42: [
        { marc: '41', ucs: '0041' },
        { marc: '41', ucs: '0042' },
      ],
    });
    const empty = fakeTables({ 0x42: [{ marc: '41' }] });

    expect(() => parseCodeTables(twice)).toThrow(/41 listed twice/);
    expect(() => parseCodeTables(empty)).toThrow(/no single <ucs>\/<alt>/);
  });

  it('when the XML is malformed, then parsing fails rather than emitting a partial table', () => {
    const xml = fakeTables({}).replace('</codeTables>', '');

    expect(() => parseCodeTables(xml)).toThrow();
  });

  it('when EACC-like entries are packed, then the documented format gives them back exactly', () => {
    const entries: CodeEntry[] = [
      { marc: 0x212320, ucs: 0x3000, combining: false },
      { marc: 0x213021, ucs: 0x4e00, combining: false },
      { marc: 0x213022, ucs: 0x4e01, combining: false },
      { marc: 0x217559, ucs: 0x212c4, combining: false },
      { marc: 0x21755a, ucs: 0x3400, combining: true },
    ];

    const packed = packMultiByte(entries).join(',');

    expect(unpackMultiByte(packed)).toEqual(entries);
    expect(packed.split(',')[2]).toBe('1');
  });

  it('when the same input is generated twice, then the output is identical', () => {
    const xml = Buffer.from(fakeTables({ 0x31: [{ marc: '213021', ucs: '4E00' }] }));

    expect(generateMarc8Module(xml, 'fake.xml')).toBe(generateMarc8Module(xml, 'fake.xml'));
  });
});

describeCorpus('marc8-tables generator over LoC codetables.xml', () => {
  const source = (): Buffer => readFileSync(corpusPath('marc4j/codetables/codetables.xml'));

  it('when the LoC tables are regenerated, then the committed module is byte-for-byte up to date', () => {
    const committed = readFileSync(
      path.resolve(__dirname, '../../../src/marc/charset/marc8-tables.generated.ts'),
      'utf8',
    );

    expect(generateMarc8Module(source(), 'codetables.xml')).toBe(committed);
  });

  it('when the committed data is unpacked, then it equals every set LoC lists, entry for entry', () => {
    const parsed = parseCodeTables(source().toString('utf8'));

    const unpacked = MARC8_CODE_SETS.map((s) => ({
      final: s.final,
      entries: s.width === 3 ? unpackMultiByte(s.data) : unpackSingleByte(s.data),
    }));

    expect(unpacked).toEqual(
      parsed.map((s) => ({
        final: s.final,
        entries: s.entries.map(({ marc, ucs, combining }) => ({ marc, ucs, combining })),
      })),
    );
    expect(MARC8_CODE_SETS.map((s) => [s.final, s.count])).toEqual(
      parsed.map((s) => [s.final, s.entries.length]),
    );
  });

  it('when the set sizes are read, then they match LoC: 12 sets, 15,739 EACC characters, 29 ANSEL marks', () => {
    const bySet = new Map(MARC8_CODE_SETS.map((s) => [s.final, s]));
    const ansel = unpackSingleByte(bySet.get(0x45)?.data ?? '');

    expect(MARC8_CODE_SETS.map((s) => s.final).sort()).toEqual([...REQUIRED_FINALS].sort());
    expect(bySet.get(0x31)?.count).toBe(15739);
    expect(ansel.filter((e) => e.combining)).toHaveLength(29);
    expect(ansel.find((e) => e.marc === 0xeb)?.ucs).toBe(0x0361);
  });
});
