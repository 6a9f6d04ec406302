import { readFileSync } from 'node:fs';
import { readIso2709 } from '../../src/marc/readers/iso2709.reader';
import { bytesSource } from '../../src/marc/source';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { collect, recordsOf } from '../support/collect';
import { corpusPath, describeCorpus } from '../support/corpus';
import { manifestRowsOfFormat, type ManifestRow } from '../support/manifest';

/**
 * Where we deliberately differ from yaz-marcdump's count or diagnostics, and why.
 * Everything else must read at least as many records as yaz and report damage where yaz does.
 */
const DIFFERENCES: Record<string, string> = {
  // yaz warns about the line feeds between records; we skip CR/LF/NUL/^Z between records silently,
  // because they are how many systems end records in export files, not damage.
  'marc-perl/marc-record/cameleof.usmarc': 'line ends between records are not damage',
  'qa-catalogue/marcspec/music.mrc': 'line ends between records are not damage',
};

function yazCount(row: ManifestRow): number {
  const m = /^read (\d+)/.exec(row.yaz);
  return m ? Number(m[1]) : 0;
}

function yazReportsDamage(row: ManifestRow): boolean {
  return /^read \d+( of \d+)?:/.test(row.yaz);
}

describeCorpus('ISO 2709 reader on the shared corpus', () => {
  const rows = manifestRowsOfFormat('iso2709');

  test('the manifest lists the ISO 2709 files', () => {
    expect(rows.length).toBeGreaterThan(150);
  });

  test.each(rows.map((r) => [r.file, r] as const))(
    '%s: reads at least what yaz reads, reports damage where yaz does',
    async (file, row) => {
      const items = await collect(readIso2709(bytesSource(readFileSync(corpusPath(file)))));
      const records = recordsOf(items);
      const expected = yazCount(row);
      expect(items.length).toBeGreaterThanOrEqual(expected);
      if (DIFFERENCES[file] === undefined) {
        expect(records.length).toBeGreaterThanOrEqual(expected);
        if (yazReportsDamage(row)) {
          const diagnostics =
            items.filter((i) => !i.ok).length + records.reduce((n, r) => n + r.warnings.length, 0);
          expect(diagnostics).toBeGreaterThan(0);
        }
      }
      for (const r of records) expect(r.record.leader).toHaveLength(24);
    },
  );

  test('every valid UTF-8 record is written back byte for byte', async () => {
    let identical = 0;
    for (const row of rows) {
      const buf = readFileSync(corpusPath(row.file));
      for (const item of recordsOf(await collect(readIso2709(bytesSource(buf), { normalize: false })))) {
        if (item.warnings.length > 0 || buf[item.byteOffset + 9] !== 0x61) continue;
        const length = Number(buf.toString('latin1', item.byteOffset, item.byteOffset + 5));
        expect(toIso2709(item.record).equals(buf.subarray(item.byteOffset, item.byteOffset + length))).toBe(
          true,
        );
        identical++;
      }
    }
    expect(identical).toBeGreaterThan(6000);
  });

  test('the oversize HathiTrust record (1 MB, leader length 99999) is recovered whole', async () => {
    const items = await collect(
      readIso2709(bytesSource(readFileSync(corpusPath('marc4j/bad_hathi_records.mrc')))),
    );
    const records = recordsOf(items);
    expect(records).toHaveLength(5);
    const big = records[3]!;
    expect(big.record.getControl('001')).toBe('003051567');
    expect(big.record.fields.length).toBeGreaterThan(10000);
    expect(big.warnings.map((w) => w.code)).toContain('length_recovered');
  });
});
