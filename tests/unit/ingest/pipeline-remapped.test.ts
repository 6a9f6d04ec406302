import { DEFAULT_INGEST_OPTIONS, type ReportLine } from '../../../src/ingest/ingest.types';
import { runIngest } from '../../../src/ingest/pipeline';
import type { MapRecord } from '../../../src/mapping/mapper';
import { bytesSource } from '../../../src/marc/source';
import { backends, map, marc, outcomes } from './pipeline-harness';

/** Another profile's mapping of the same MARC: the harness's, with a local facet value. */
const withLocal: MapRecord = (record) => ({ ...map(record), local: ['Town archive'] });

async function ingestWith(
  b: ReturnType<typeof backends>,
  bytes: Buffer,
  mapper: MapRecord,
  dryRun = false,
): Promise<ReportLine[]> {
  const lines: ReportLine[] = [];
  const options = { ...DEFAULT_INGEST_OPTIONS, dryRun };
  await runIngest([{ name: 'in.mrc', source: bytesSource(bytes) }], b, mapper, options, {
    line: (l) => lines.push(l),
  });
  return lines;
}

describe('ingest of unchanged MARC that maps to another document', () => {
  const file = Buffer.concat([marc('a1', 'One'), marc('a2', 'Two')]);

  test('when the same file comes with another mapping, then its records are updated and indexed again', async () => {
    const b = backends();
    await ingestWith(b, file, map);

    const lines = await ingestWith(b, file, withLocal);

    expect(outcomes(lines)).toEqual([
      ['a1', 'updated'],
      ['a2', 'updated'],
    ]);
    expect((await b.store.get('a1'))?.version).toBe(2);
    expect(b.indexed.get('a1')?.local).toEqual(['Town archive']);
    expect(outcomes(await ingestWith(b, file, withLocal))).toEqual([
      ['a1', 'unchanged'],
      ['a2', 'unchanged'],
    ]);
  });

  test('when a dry run brings another mapping, then it predicts updated and writes nothing', async () => {
    const b = backends();
    await ingestWith(b, file, map);

    const lines = await ingestWith(b, file, withLocal, true);

    expect(outcomes(lines)).toEqual([
      ['a1', 'updated'],
      ['a2', 'updated'],
    ]);
    expect(outcomes(await ingestWith(b, file, map, true))).toEqual([
      ['a1', 'unchanged'],
      ['a2', 'unchanged'],
    ]);
    expect((await b.store.get('a1'))?.version).toBe(1);
  });
});
