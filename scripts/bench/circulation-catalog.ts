import type { Backends } from '../../src/backends/backends';
import { openLoanPolicy } from '../../src/api/loan-policy';
import type { NewPatron } from '../../src/domain/patrons/patron';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { DEFAULT_INGEST_OPTIONS } from '../../src/ingest/ingest.types';
import { runIngest } from '../../src/ingest/pipeline';
import { MarcRecord } from '../../src/marc/record';
import { bytesSource } from '../../src/marc/source';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { circulationPortsOf, CirculationService } from '../../src/services/circulation.service';

/**
 * The catalog bench:circulation measures on, built through the real write paths: minimal synthetic
 * bibliographic records with ITEMS_PER_RECORD Koha 952 items each, loaded by the ingest pipeline
 * (records, index, items and availability in its units of work); patrons by PatronStore.create, a
 * unit of work per PATRON_BATCH; the open loans by CirculationService.checkOut, one at a time, so
 * every one is a real loan (intent, patron place, item, event, availability). Deterministic: the
 * same sizes give the same barcodes. Names are generated from syllables: nobody real.
 */

export interface CatalogSizes {
  items: number;
  patrons: number;
  loans: number;
}

export interface CatalogBuild {
  records: number;
  items: number;
  patrons: number;
  loans: number;
  /** Seconds of each step. */
  ingestSeconds: number;
  patronSeconds: number;
  loanSeconds: number;
}

export const ITEMS_PER_RECORD = 2;
const PATRON_BATCH = 1000;
const AT = '2026-12-06T00:00:00.000Z';
const SYLLABLES = [
  'ka',
  'lo',
  'ven',
  'mir',
  'tas',
  'ul',
  'bre',
  'quo',
  'zan',
  'fel',
  'dri',
  'om',
  'pex',
  'sil',
];
const WORDS = ['harbour', 'lantern', 'orchard', 'quarry', 'meadow', 'signal', 'ember', 'atlas', 'tide'];

/** Item `i`'s barcode: record i / ITEMS_PER_RECORD, copy i % ITEMS_PER_RECORD + 1. */
export function itemBarcode(i: number): string {
  return `CB${String(Math.floor(i / ITEMS_PER_RECORD)).padStart(7, '0')}-${(i % ITEMS_PER_RECORD) + 1}`;
}

export function patronBarcode(n: number): string {
  return `P${String(n).padStart(8, '0')}`;
}

/** A made-up name from syllables, `Surname, Given`: never a real person's on purpose. */
function fictionalName(n: number): string {
  const s = (k: number) => SYLLABLES[Math.floor(n / SYLLABLES.length ** k) % SYLLABLES.length]!;
  const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
  return `${cap(s(0) + s(1) + s(2))}, ${cap(s(3) + s(1))}`;
}

function bibRecord(r: number): MarcRecord {
  const word = (k: number) => WORDS[(r * 7 + k * 3) % WORDS.length]!;
  const items = Array.from({ length: ITEMS_PER_RECORD }, (_, k) => ({
    tag: '952',
    ind1: ' ',
    ind2: ' ',
    subfields: [
      { code: 'a', value: 'MAIN' },
      { code: 'b', value: 'MAIN' },
      { code: 'c', value: 'STACKS' },
      { code: 'o', value: `${100 + (r % 900)}.${r % 1000} B${r % 97}` },
      { code: 'p', value: itemBarcode(r * ITEMS_PER_RECORD + k) },
      { code: 'y', value: 'BOOK' },
    ],
  }));
  return new MarcRecord('00000nam a2200000 a 4500', [
    { tag: '001', value: `circbench${r}` },
    { tag: '008', value: `200101s${1900 + (r % 120)}    xxu           000 1 eng d` },
    {
      tag: '245',
      ind1: '1',
      ind2: '0',
      subfields: [{ code: 'a', value: `The ${word(1)} and the ${word(2)} ${r}.` }],
    },
    ...items,
  ]);
}

async function loadRecords(backends: Backends, records: number): Promise<void> {
  const bytes = Buffer.concat(Array.from({ length: records }, (_, r) => toIso2709(bibRecord(r))));
  const summary = await runIngest(
    [{ name: 'circulation-bench.mrc', source: bytesSource(bytes), size: bytes.length }],
    backends,
    createDefaultMapper(),
    DEFAULT_INGEST_OPTIONS,
    { line: () => undefined },
  );
  if (summary.counts.created !== records)
    throw new Error(`the ingest created ${summary.counts.created} of ${records} records`);
}

async function createPatrons(backends: Backends, count: number): Promise<void> {
  for (let from = 0; from < count; from += PATRON_BATCH) {
    const batch: NewPatron[] = [];
    for (let n = from; n < Math.min(count, from + PATRON_BATCH); n++)
      batch.push({
        barcode: patronBarcode(n),
        name: fictionalName(n),
        patronType: 'adult',
        homeLibrary: 'MAIN',
        expiry: '2099-12-31',
      });
    await backends.atomically(async () => {
      for (const patron of batch) await backends.patrons.create(patron, AT);
    });
  }
}

/** Loan `i`: item i to patron i mod patrons, through the service (one at a time). */
async function openLoans(backends: Backends, loans: number, patrons: number): Promise<void> {
  const service = new CirculationService(circulationPortsOf(backends), openLoanPolicy());
  for (let i = 0; i < loans; i++)
    await service.checkOut({
      itemBarcode: itemBarcode(i),
      patronBarcode: patronBarcode(i % patrons),
      by: 'bench',
    });
}

async function seconds(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

export async function buildCatalog(
  backends: Backends,
  sizes: CatalogSizes,
  log: (line: string) => void,
): Promise<CatalogBuild> {
  const records = Math.ceil(sizes.items / ITEMS_PER_RECORD);
  log(`ingesting ${records} records with ${records * ITEMS_PER_RECORD} items …`);
  const ingestSeconds = await seconds(() => loadRecords(backends, records));
  log(`registering ${sizes.patrons} patrons …`);
  const patronSeconds = await seconds(() => createPatrons(backends, sizes.patrons));
  log(`checking out ${sizes.loans} items …`);
  const loanSeconds = await seconds(() => openLoans(backends, sizes.loans, sizes.patrons));
  return {
    records,
    items: records * ITEMS_PER_RECORD,
    patrons: sizes.patrons,
    loans: sizes.loans,
    ingestSeconds,
    patronSeconds,
    loanSeconds,
  };
}
