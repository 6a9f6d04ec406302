import { readFileSync } from 'node:fs';
import type { CallNumber } from '../../src/domain/catalog-document';
import { deweyShelfKey, lcShelfKey } from '../../src/domain/shelf-key';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { readMarc } from '../../src/marc/formats';
import { bytesSource } from '../../src/marc/source';
import { corpusPath, describeCorpus } from '../support/corpus';

/** Every call number the default profile finds in the LC sample (2,509 records). */
async function harvest(): Promise<CallNumber[]> {
  const mapper = createDefaultMapper();
  const out: CallNumber[] = [];
  const bytes = readFileSync(corpusPath('clj-marc/loc.export'));
  for await (const item of readMarc(bytesSource(bytes)))
    if (item.ok) out.push(...mapper.map(item.record).callNumbers);
  return out;
}

const byKey = (a: CallNumber, b: CallNumber) =>
  a.shelfKey < b.shelfKey ? -1 : a.shelfKey > b.shelfKey ? 1 : 0;

/** The order in which the given call numbers appear on the shelf built from all harvested ones. */
function shelfOrderOf(shelf: readonly CallNumber[], wanted: readonly string[]): string[] {
  return shelf.map((c) => c.value).filter((v) => wanted.includes(v));
}

/** An independent, coarse reading of an LC number: class letters, then the class number as a number. */
function lcClass(value: string): [string, number] | undefined {
  const m = /^([A-Z]{1,3})\s*(\d+(?:\.\d+)?)/.exec(value.toUpperCase());
  return m ? [m[1] as string, Number(m[2])] : undefined;
}

describeCorpus('call-number shelf keys on real LC records', () => {
  let calls: CallNumber[] = [];

  beforeAll(async () => {
    calls = await harvest();
  });

  test('when the LC sample is harvested, then thousands of LC and hundreds of Dewey numbers come out', () => {
    expect(calls.filter((c) => c.scheme === 'lc').length).toBeGreaterThan(2400);
    expect(calls.filter((c) => c.scheme === 'dewey').length).toBeGreaterThan(800);
  });

  test.each([
    [
      'HD47.4 .L484 2001',
      'HD57.7 .S697 2001',
      'HD58.7 .P757 2000',
      'HD58.9 .D38 2000',
      'HD59 .H267 2001',
      'HD69.S8 N46 2000',
      'HD186.M82 H4',
      'HD1188 .D8',
      'HD2731 .E5',
      'HD2731 .J5',
      'HD9971.5.E543 U5473 2000',
    ],
    [
      'E467.1.L24 E28 2000b',
      'E467.1.W2 N6',
      'E470 .F75',
      'E470.2 .S65',
      'E470.8 .F54',
      'E475.53 .G27 2001',
      'E475.53 .N58 1900',
      'E505.5 115th',
      'E506.5 70th',
    ],
    ['F63 .P82', 'F63 .P821a', 'F63 .P821b', 'F68 .S25 2000'],
    [
      'PS3521.E26 I3 1900',
      'PS3521.E26 S4 1899',
      'PS3521.I67 M8 1900',
      'PS3535.A845 Y35 2001',
      'PS3535.A845 Z63 2001',
    ],
  ])(
    'when LC numbers are shelved by key, then the hand-checked run starting %s stands in shelf order',
    (...run) => {
      const shelf = calls.filter((c) => c.scheme === 'lc').sort(byKey);

      expect(shelfOrderOf(shelf, run)).toEqual(run);
    },
  );

  test('when Dewey numbers are shelved by key, then the hand-checked run stands in shelf order', () => {
    const run = [
      '001/.094/09031',
      '001.3/071/173',
      '002/.075',
      '016.96',
      '025.06/0704',
      '025.17/82',
      '028/.9',
      '051',
      '070.4',
      '070.4/023',
      '070/.89/96073',
      '111',
    ];
    const shelf = calls.filter((c) => c.scheme === 'dewey').sort(byKey);

    expect(shelfOrderOf(shelf, run)).toEqual(run);
    expect(shelf.at(-1)?.value).toBe('[Fic]');
  });

  test('when every LC-shaped number is shelved by key, then class letters and class numbers never go backwards', () => {
    const shelf = calls
      .filter((c) => c.scheme === 'lc' && lcClass(c.value))
      .sort(byKey)
      .map((c) => [c.value, lcClass(c.value) as [string, number]] as const);
    const backwards = shelf.filter(([, [letters, number]], i) => {
      const [, previous] = shelf[i - 1] ?? [];
      return previous && (letters < previous[0] || (letters === previous[0] && number < previous[1]));
    });

    expect(backwards.map(([value]) => value)).toEqual([]);
  });

  test('when numeric Dewey numbers are shelved by key, then the class numbers never go backwards', () => {
    const numbers = calls
      .filter((c) => c.scheme === 'dewey' && /^\d/.test(c.value))
      .sort(byKey)
      .map((c) => Number(c.value.replace(/[/']/g, '').split(' ')[0]));

    expect(numbers.every((n, i) => i === 0 || n >= (numbers[i - 1] as number))).toBe(true);
  });

  test('when real call numbers are retyped with other spacing and case, then their keys do not change', () => {
    for (const call of calls) {
      const retyped = call.value
        .toLowerCase()
        .replace(/ \./g, '.')
        .replace(/\.(?=[a-z])/g, ' .');
      const key = call.scheme === 'lc' ? lcShelfKey(retyped) : deweyShelfKey(retyped);

      expect([call.value, key]).toEqual([call.value, call.shelfKey]);
    }
  });
});
