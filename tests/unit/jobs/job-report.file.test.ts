import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readReportLines, ReportWriter } from '../../../src/jobs/job-report.file';
import { collect } from '../../support/collect';

const dir = mkdtempSync(path.join(tmpdir(), 'stacks-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('job report files', () => {
  test('when lines are written, then they read back one JSON text per record, in order', async () => {
    const file = path.join(dir, 'whole.report.jsonl');
    const writer = new ReportWriter(file);
    for (let n = 1; n <= 3000; n++)
      writer.write({ record: n, file: 'in.mrc', byteOffset: n * 10, outcome: 'created' });
    await writer.drain();
    await writer.close();

    const lines = await collect(readReportLines(file));

    expect(lines).toHaveLength(3000);
    expect(JSON.parse(lines[2999]!)).toEqual({
      record: 3000,
      file: 'in.mrc',
      byteOffset: 30000,
      outcome: 'created',
    });
  });

  test('when the last line is still being written, then it is left out', async () => {
    const file = path.join(dir, 'partial.report.jsonl');
    appendFileSync(file, '{"record":1}\n{"record":2}\n{"reco');

    expect(await collect(readReportLines(file))).toEqual(['{"record":1}', '{"record":2}']);
  });

  test('when there is no report yet, then it reads as empty', async () => {
    expect(await collect(readReportLines(path.join(dir, 'missing.report.jsonl')))).toEqual([]);
  });

  test('when the report cannot be written, then drain throws instead of the process crashing', async () => {
    const writer = new ReportWriter(path.join(dir, 'no-such-dir', 'x.report.jsonl'));
    writer.write({ record: 1, file: 'in.mrc', byteOffset: 0, outcome: 'created' });

    await expect(writer.drain()).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(writer.close()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
