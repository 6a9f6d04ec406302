import { readFileSync } from 'node:fs';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { isHoldingsRecord } from '../../src/mapping/holdings/holdings-extractor';
import type { HoldingsExtract } from '../../src/mapping/holdings/extract-holdings';
import type { HoldingsRecordExtract } from '../../src/mapping/holdings/holdings-extractor';
import { readMarc } from '../../src/marc/formats';
import { bytesSource } from '../../src/marc/source';
import { corpusPath, describeCorpus } from '../support/corpus';

const mapper = createDefaultMapper();

/** Every record of a corpus file through the default holdings rules, bibs and MFHDs apart. */
async function extractAll(
  file: string,
): Promise<{ bibs: HoldingsExtract[]; mfhds: HoldingsRecordExtract[] }> {
  const bibs: HoldingsExtract[] = [];
  const mfhds: HoldingsRecordExtract[] = [];
  for await (const item of readMarc(bytesSource(readFileSync(corpusPath(file))))) {
    if (!item.ok) continue;
    if (isHoldingsRecord(item.record)) mfhds.push(mapper.holdings!.forHoldingsRecord(item.record));
    else bibs.push(mapper.holdings!.forRecord(item.record, mapper.map(item.record).id));
  }
  return { bibs, mfhds };
}

describeCorpus('holdings and items from real records', () => {
  test('when the Evergreen jazz sample (949, SirsiDynix layout) is read, then every 949 with $i is an item', async () => {
    const { bibs } = await extractAll('evergreen/jazz_1k.mrc');
    const items = bibs.flatMap((b) => b.items);
    expect(items.length).toBe(1238);
    expect(new Set(items.map((i) => i.location.library))).toEqual(new Set(['HUNTINGTON', 'DESMARAIS']));
    expect(items.filter((i) => i.callNumber?.scheme === 'lc').length).toBeGreaterThan(100);
    expect(items.every((i) => i.source === '949' && i.callNumber?.shelfKey)).toBe(true);
  });

  test('when marc4j sample1 (4 bibs, 4 MFHDs) is read, then each MFHD links by 004 to a bib of the file', async () => {
    const { bibs, mfhds } = await extractAll('marc4j/sample1.mrc');
    expect(bibs).toHaveLength(4);
    expect(mfhds.map((m) => [m.controlNumber, m.linksTo])).toEqual([
      ['377291', '370589'],
      ['377309', '370607'],
      ['377328', '370627'],
      ['377337', '370636'],
    ]);
    // No MFHD here carries a barcode: four holdings without items, each reported.
    expect(
      mfhds.flatMap((m) => m.holdings).map((h) => `${h.location.library} ${h.callNumber?.value}`),
    ).toEqual(['GEN H 75 .26', 'GEN MT130.M25 Z93 2000', 'GEN SD194.P42 G373 2003', 'REF BV173 .N8614 1992']);
    expect(mfhds.flatMap((m) => m.problems.map((p) => p.code))).toEqual(
      Array(4).fill('holding_without_barcode'),
    );
  });

  test('when the thomas-mann sample (852 + 876 linked by $8) is read, then items land on their own 852', async () => {
    const { bibs } = await extractAll('qa-catalogue/translation/thomas-mann.xml');
    const items = bibs.flatMap((b) => b.items);
    expect(items.length).toBeGreaterThan(100);
    for (const b of bibs)
      for (const item of b.items) expect(b.holdings.map((h) => h.id)).toContain(item.holdingId);
    expect(
      bibs
        .flatMap((b) => b.problems)
        .every((p) => /^(item_without_barcode|holding_without_barcode)$/.test(p.code)),
    ).toBe(true);
  });
});
