import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtInputs, corpusInputs, type FuzzInput } from '../../../scripts/fuzz/fuzz-inputs';
import { FuzzPool, caseSeed, makeCase, runCampaign } from '../../../scripts/fuzz/fuzz-pool';
import { READER_NAMES, checkInput, itemProblems, type ReaderName } from '../../../scripts/fuzz/reader-check';
import type { ReadItem } from '../../../src/marc/read-item';
import { MarcRecord } from '../../../src/marc/record';
import { CORPUS_DIR, corpusAvailable } from '../../support/corpus';

/**
 * Seeded fuzzing of the four readers: small inputs built with our writers (and small corpus files
 * when the corpus is there), mutated by scripts/fuzz/mutate.ts, each checked in a worker under a
 * watchdog (a synchronous loop cannot stop an in-process timer). `npm run fuzz` runs the same
 * checks at large counts.
 */

const MUTATIONS_PER_READER = 200;
const SEED = 20240917;
/** Generous: a case reads a few kilobytes three times; only a hang comes near this. */
const CASE_TIMEOUT_MS = 10_000;
const CORPUS_FILE_BYTES = 16 * 1024;
const CORPUS_FILES_PER_READER = 12;

function inputsFor(reader: ReaderName): FuzzInput[] {
  const corpus = corpusAvailable
    ? corpusInputs(CORPUS_DIR, reader, CORPUS_FILE_BYTES, CORPUS_FILES_PER_READER)
    : [];
  return [...builtInputs(reader), ...corpus];
}

function errorItem(overrides: Partial<ReadItem>): ReadItem {
  return {
    ok: false,
    recordNumber: 1,
    byteOffset: 0,
    code: 'marc_bad_field',
    message: 'bad',
    raw: new Uint8Array(0),
    ...overrides,
  } as ReadItem;
}

describe('reader fuzzing (seeded)', () => {
  const pool = new FuzzPool(CASE_TIMEOUT_MS);

  afterAll(() => pool.close());

  test.each(READER_NAMES)(
    'when the built %s inputs are read unmutated, then every rule holds',
    async (reader) => {
      for (const input of builtInputs(reader)) {
        expect({ input: input.name, problems: await checkInput(reader, input.bytes) }).toEqual({
          input: input.name,
          problems: [],
        });
      }
    },
  );

  test('when items break the rules, then the checker names each broken rule', () => {
    const items = [
      errorItem({ recordNumber: 0 }),
      errorItem({ recordNumber: 2, byteOffset: 11 }),
      errorItem({ recordNumber: 3, code: 'no_such_code' as never }),
      {
        ok: true,
        recordNumber: 3,
        byteOffset: 0,
        warnings: [],
        record: new MarcRecord('short', []),
      } as ReadItem,
    ];

    const problems = itemProblems(items, 10);

    expect(problems).toEqual([
      'item 1 (record 0, byte 0): recordNumber below 1',
      'item 1 (record 0, byte 0): recordNumber not increasing',
      'item 2 (record 2, byte 11): byteOffset outside the 10-byte input',
      'item 3 (record 3, byte 0): unknown error code no_such_code',
      'item 4 (record 3, byte 0): recordNumber not increasing',
      'item 4 (record 3, byte 0): leader not 24 characters',
    ]);
  });

  test('when a check never finishes, then the watchdog reports a hang and the next case gets a fresh worker', async () => {
    // A stand-in checker that spins forever (synchronously) on input starting with "!".
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-fuzz-'));
    const module = path.join(dir, 'spinning-check.js');
    writeFileSync(
      module,
      'exports.checkInput = async (r, input) => { while (input[0] === 33) {} return []; };\n',
    );
    const spinning = new FuzzPool(300, module);

    try {
      const hung = await spinning.check('iso2709', Buffer.from('!'));
      const after = await spinning.check('iso2709', Buffer.from('fine'));

      expect(hung.hung).toBe(true);
      expect(hung.problems).toEqual(['no result within 300 ms: hung']);
      expect(after).toMatchObject({ hung: false, problems: [] });
    } finally {
      await spinning.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('when a case seed is replayed, then it makes the same mutated input', () => {
    const inputs = builtInputs('iso2709');

    const first = makeCase(inputs, caseSeed(SEED, 17));
    const again = makeCase(inputs, caseSeed(SEED, 17));

    expect(again.input.name).toBe(first.input.name);
    expect(again.bytes.equals(first.bytes)).toBe(true);
  });

  test.each(READER_NAMES)(
    `when %s inputs are mutated ${MUTATIONS_PER_READER} times, then the reader finishes, never throws permissively, throws only AppErrors strictly, and reports well-formed errors`,
    async (reader) => {
      const failures = await runCampaign(pool, {
        reader,
        inputs: inputsFor(reader),
        seed: SEED,
        iterations: MUTATIONS_PER_READER,
      });

      expect(failures.map((f) => ({ case: f.caseSeed, input: f.inputName, problems: f.problems }))).toEqual(
        [],
      );
    },
    120_000,
  );
});
