import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stacksInProcess } from '../support/cli-in-process';
import { readIso2709 } from '../../src/marc/readers/iso2709.reader';
import { readMarcXml } from '../../src/marc/readers/marcxml.reader';
import { readMarcInJson } from '../../src/marc/readers/mij.reader';
import { readMrk } from '../../src/marc/readers/mrk.reader';
import { bytesSource } from '../../src/marc/source';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { sampleBooks } from '../support/books';
import { describeBuilt } from '../support/built';
import { collect, recordsOf } from '../support/collect';

const ROOT = path.resolve(__dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'stacks-cli-'));
const books = sampleBooks();
const iso = path.join(dir, 'books.mrc');
writeFileSync(iso, Buffer.concat(books.map(toIso2709)));
const damaged = path.join(dir, 'damaged.mrc');
writeFileSync(
  damaged,
  Buffer.concat([toIso2709(books[0]!), Buffer.from('not a record'), toIso2709(books[1]!)]),
);

describe('stacks convert and validate', () => {
  test.each([
    ['marcxml', readMarcXml],
    ['jsonl', readMarcInJson],
    ['json', readMarcInJson],
    ['mrk', readMrk],
  ] as const)(
    'when converting ISO 2709 to %s, then the output reads back as the same records',
    async (to, reader) => {
      const out = path.join(dir, `out.${to}`);
      const { code, stderr } = await stacksInProcess('convert', iso, '--to', to, '-o', out);
      expect(code).toBe(0);
      expect(stderr).toContain('read 3, written 3, rejected 0, warnings 0');
      const back = recordsOf(await collect(reader(bytesSource(readFileSync(out)))));
      expect(back.map((i) => i.record.fields)).toEqual(books.map((b) => b.fields));
    },
  );

  test('when converting any format to ISO 2709, then the format is detected and the bytes match', async () => {
    const xml = path.join(dir, 'auto.xml');
    await stacksInProcess('convert', iso, '--to', 'marcxml', '-o', xml);
    const back = path.join(dir, 'back.mrc');
    const { code } = await stacksInProcess('convert', xml, '--to', 'iso2709', '-o', back);
    expect(code).toBe(0);
    expect(readFileSync(back).equals(readFileSync(iso))).toBe(true);
  });

  test('when a record is damaged, then it is listed with its offset, written to --rejects, and the exit code is 1', async () => {
    const rejects = path.join(dir, 'rejects.bin');
    const { code, stderr } = await stacksInProcess(
      'convert',
      damaged,
      '--to',
      'jsonl',
      '-o',
      path.join(dir, 'd.jsonl'),
      '--rejects',
      rejects,
    );
    expect(code).toBe(1);
    const offset = toIso2709(books[0]!).length;
    expect(stderr).toContain(`record 2 at byte ${offset}: rejected (marc_garbage)`);
    expect(stderr).toContain('read 3, written 2, rejected 1');
    expect(readFileSync(rejects, 'latin1')).toBe('not a record');
  });

  test('when validating a damaged file with --json, then each diagnostic is a JSON line and the exit code is 1', async () => {
    const writes: string[] = [];
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const { code, stderr } = await stacksInProcess('validate', damaged, '--json');
      expect(code).toBe(1);
      expect(stderr).toContain('rejected 1');
    } finally {
      out.mockRestore();
    }
    expect(writes.map((w) => JSON.parse(w) as unknown)).toEqual([
      expect.objectContaining({ record: 2, level: 'error', code: 'marc_garbage' }),
    ]);
  });

  test('when the input is in no known format, then the command says so and exits 2', async () => {
    const junk = path.join(dir, 'junk.txt');
    writeFileSync(junk, 'hello world');
    const { code, stderr } = await stacksInProcess(
      'convert',
      junk,
      '--to',
      'marcxml',
      '-o',
      path.join(dir, 'j.xml'),
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/not ISO 2709, MARCXML, MARC-in-JSON or MRK.*marc_unknown_format/);
  });

  test('when strict and a record is damaged, then the command stops with the record position', async () => {
    const { code, stderr } = await stacksInProcess(
      'convert',
      damaged,
      '--to',
      'marcxml',
      '-o',
      path.join(dir, 's.xml'),
      '--strict',
    );
    expect(code).toBe(2);
    expect(stderr).toContain('record 2 at byte');
  });
});

describe('stacks ingest', () => {
  test('when a file holds an id twice, then every run rejects the later record to --rejects, exits 1, and changes nothing again', async () => {
    const file = path.join(dir, 'twice.mrc');
    const again = books[0]!.clone();
    again.fields.push({ tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'Again.' }] });
    writeFileSync(file, Buffer.concat([...books.map(toIso2709), toIso2709(again)]));
    const db = path.join(dir, 'twice.db');
    for (let run = 1; run <= 5; run++) {
      const report = path.join(dir, `twice-${run}.jsonl`);
      const rejects = path.join(dir, `twice-${run}.mrc`);
      const { code, stderr } = await stacksInProcess(
        'ingest',
        file,
        '--db',
        db,
        '--report',
        report,
        '--rejects',
        rejects,
      );
      expect(code).toBe(1);
      expect(stderr).toContain('record 4 at byte');
      expect(stderr).toContain('duplicate_id_in_input: record 1 of this input has the id "(StK)stk000001"');
      const lines = readFileSync(report, 'utf8').trim().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as { outcome: string }).outcome)).toEqual(
        run === 1
          ? ['created', 'created', 'created', 'rejected']
          : ['unchanged', 'unchanged', 'unchanged', 'rejected'],
      );
      const kept = recordsOf(await collect(readIso2709(bytesSource(readFileSync(rejects)))));
      expect(kept.map((i) => i.record.getSubfield('500', 'a'))).toEqual(['Again.']);
    }
  });
});

describeBuilt('the installed `stacks` command (dist/, built by npm ci)', () => {
  test('when run through bin/stacks.js, then it converts stdin to stdout', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin', 'stacks.js'), 'convert', '-', '--to', 'jsonl'],
      {
        input: readFileSync(iso),
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect((JSON.parse(lines[2]!) as { fields: object[] }).fields).toContainEqual({ '001': 'stk000003' });
    expect(result.stderr).toContain('read 3, written 3');
  });
});
