import { IngestOutput } from '../../../src/cli/ingest-output';
import type { ReportLine } from '../../../src/ingest/ingest.types';

const at = { file: 'load.mrk', byteOffset: 120 };

describe('what stacks ingest tells the cataloger on stderr', () => {
  test('when a record has holdings problems, then each is shown with its record number; reader repairs are not', () => {
    const said: string[] = [];
    const output = new IngestOutput({}, false, (l) => said.push(l));
    const line: ReportLine = {
      ...at,
      record: 2,
      outcome: 'created',
      warnings: [
        'charset_marc8_assumed: leader/09 blank',
        'item_barcode_duplicate: barcode "B1" is in record 1 (r1) of this load already; this one is not loaded',
      ],
    };

    output.line(line);
    output.line({
      ...at,
      record: 3,
      outcome: 'rejected',
      reason: 'item_checked_out: record r3 has an item checked out (B9)',
    });

    expect(said).toEqual([
      'load.mrk: record 2 at byte 120: item_barcode_duplicate: barcode "B1" is in record 1 (r1) of this load already; this one is not loaded',
      'load.mrk: record 3 at byte 120: rejected: item_checked_out: record r3 has an item checked out (B9)',
    ]);
  });

  test('when quiet, then nothing is shown', () => {
    const said: string[] = [];
    new IngestOutput({}, true, (l) => said.push(l)).line({
      ...at,
      record: 1,
      outcome: 'created',
      warnings: [
        'holding_without_barcode: 852 #1 (MAIN/STACKS) has no barcode ($p): kept as a holding without items',
      ],
    });
    expect(said).toEqual([]);
  });
});
