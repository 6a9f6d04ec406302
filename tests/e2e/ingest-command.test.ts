import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { sampleBooks } from '../support/books';
import { corpusPath, describeCorpus } from '../support/corpus';
import { describeBuilt, testBuilt } from '../support/built';
import { OAI_DC_RESPONSE, XML_WITHOUT_LEADERS } from '../support/non-marc';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'stacks.js');
const dir = mkdtempSync(path.join(tmpdir(), 'stacks-ingest-cmd-'));
const books = sampleBooks();
const damaged = path.join(dir, 'damaged.mrc');
writeFileSync(
  damaged,
  Buffer.concat([toIso2709(books[0]!), Buffer.from('not a record'), toIso2709(books[1]!)]),
);

/** The built command with stderr on a pipe, as cron or a CI log runs it. */
function stacks(...args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, STACKS_STORE: 'sqlite', STACKS_INDEX: 'sqlite' },
  });
  return { status: result.status, stderr: result.stderr };
}

describeBuilt('stacks ingest as a cataloger runs it (built CLI)', () => {
  test('when the file does not exist, then one clean line and exit 2, no stack trace', () => {
    const { status, stderr } = stacks('ingest', '/no/such/file.mrc', '--db', path.join(dir, 'a.db'));

    expect(status).toBe(2);
    expect(stderr).toBe('stacks: cannot read /no/such/file.mrc: no such file (input_unreadable)\n');
  });

  test.each(['validate', 'convert'])(
    'when %s is given a file that does not exist, then one clean line and exit 2',
    (command) => {
      const extra = command === 'convert' ? ['--to', 'jsonl'] : [];
      const { status, stderr } = stacks(command, '/no/such/file.mrc', ...extra);

      expect(status).toBe(2);
      expect(stderr).toBe('stacks: cannot read /no/such/file.mrc: no such file (input_unreadable)\n');
    },
  );

  test.each([
    ['ingest', '--report'],
    ['ingest', '--rejects'],
    ['convert', '-o'],
  ])(
    'when %s is told to write %s into a missing directory, then one clean line and exit 2',
    (command, flag) => {
      const extra = command === 'convert' ? ['--to', 'jsonl'] : ['--db', path.join(dir, 'w.db')];

      const { status, stderr } = stacks(command, damaged, ...extra, flag, '/no/dir/out');

      expect(status).toBe(2);
      expect(stderr).toBe('stacks: cannot write /no/dir/out: no such directory (output_unwritable)\n');
    },
  );

  test('when the input is a directory, then it says so and exits 2', () => {
    const { status, stderr } = stacks('ingest', dir, '--db', path.join(dir, 'b.db'));

    expect(status).toBe(2);
    expect(stderr).toBe(`stacks: cannot read ${dir}: it is a directory (input_unreadable)\n`);
  });

  test('when stderr is not a terminal, then progress and rejections are plain lines without escape codes', () => {
    const { status, stderr } = stacks('ingest', damaged, '--db', path.join(dir, 'c.db'));

    expect(status).toBe(1);
    expect(stderr).toContain('damaged.mrc: record 2 at byte');
    expect(stderr).not.toMatch(/[\r\x1b]/);
  });

  test('when records were repaired, then the summary counts the warnings by code', () => {
    const file = path.join(dir, 'no-leaders.xml');
    writeFileSync(file, XML_WITHOUT_LEADERS);

    const { status, stderr } = stacks('ingest', file, '--db', path.join(dir, 'd.db'));

    expect(status).toBe(0);
    expect(stderr).toMatch(/warnings +2 +\(leader_repaired 2\)/);
  });

  test('when a file holds no MARC records, then the command warns naming it and what it looks like, and exits 1', () => {
    const file = path.join(dir, 'oai.xml');
    writeFileSync(file, OAI_DC_RESPONSE);

    const { status, stderr } = stacks('ingest', 'oai.xml', '--db', path.join(dir, 'e.db'));

    expect(status).toBe(1);
    expect(stderr).toContain(
      'warning: oai.xml holds no MARC records: it looks like an OAI-PMH response (metadataPrefix oai_dc)',
    );
  });

  test.each(['validate', 'convert'])(
    'when %s reads a file with no MARC records, then it warns the same way and exits 1',
    (command) => {
      writeFileSync(path.join(dir, 'oai2.xml'), OAI_DC_RESPONSE);
      const extra = command === 'convert' ? ['--to', 'jsonl', '-o', path.join(dir, 'out.jsonl')] : [];

      const { status, stderr } = stacks(command, 'oai2.xml', ...extra);

      expect(status).toBe(1);
      expect(stderr).toContain('warning: oai2.xml holds no MARC records: it looks like an OAI-PMH response');
    },
  );

  test('when a file is empty, then the command warns that it is empty and exits 1', () => {
    const file = path.join(dir, 'empty.mrc');
    writeFileSync(file, '');

    const { status, stderr } = stacks('ingest', 'empty.mrc', '--db', path.join(dir, 'f.db'));

    expect(status).toBe(1);
    expect(stderr).toContain('warning: empty.mrc holds no MARC records: it is empty');
  });
});

describeCorpus('warnings by code on real vendor files (corpus)', () => {
  const files = [corpusPath('evergreen/auth-1066.mrc'), corpusPath('marc4j/bad_hathi_records.mrc')];

  testBuilt('when validate lists repairs, then the ingest summary counts the same ones by code', () => {
    const codes = (text: string) => /\(([a-z_0-9 ,]+)\)\s*$/m.exec(text)?.[1]?.replace(/,(?=\d)/g, '');
    const validated = files.map((f) => stacks('validate', f, '-q').stderr.trim().split('\n').pop() ?? '');
    const counts = new Map<string, number>();
    for (const line of validated)
      for (const [, code, n] of (codes(line) ?? '').matchAll(/([a-z_0-9]+) (\d+)/g))
        counts.set(code!, (counts.get(code!) ?? 0) + Number(n));

    const { stderr } = stacks('ingest', ...files, '--db', path.join(dir, 'corpus.db'));

    const row = /^ {2}warnings +(\d+) +\((.*)\)$/m.exec(stderr);
    expect(row).not.toBeNull();
    const ingested = new Map(
      [...row![2]!.replace(/(\d),(\d)/g, '$1$2').matchAll(/([a-z_0-9]+) (\d+)/g)].map(([, c, n]) => [
        c!,
        Number(n),
      ]),
    );
    expect(ingested).toEqual(counts);
    expect(Number(row![1])).toBe([...counts.values()].reduce((a, b) => a + b, 0));
    expect(counts.get('leader_repaired')).toBe(1066);
  });
});
