import path from 'node:path';
import type { Backends } from '../backends/backends';
import type { LoanPolicy } from '../domain/circulation/loan-policy';
import type { Item } from '../domain/items/item';
import type { LocationDirectory } from '../domain/items/locations';
import { circulationPortsOf, CirculationService } from '../services/circulation.service';
import { knownLocation } from '../services/item-input';
import { patronsBackendsOf, PatronsService } from '../services/patrons.service';
import {
  readSampleDesk,
  type SampleDesk,
  type SampleDeskCopy,
  type SampleDeskStep,
} from './sample-desk-file';

/** The desk file, under the samples folder: a folder of its own, which the MARC loader never reads. */
export const SAMPLE_DESK_FILE = path.join('desk', 'desk.yaml');

/** Who the desk's loans, holds and events say made them (where an API key id would be). */
export const SAMPLE_DESK_BY = 'samples';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SampleDeskRules {
  policy: LoanPolicy;
  locations: LocationDirectory;
}

/** What the desk did, by kind of step: numbers only, so it can be logged. */
export interface SampleDeskResult {
  patrons: number;
  checkOuts: number;
  checkIns: number;
  renewals: number;
  holds: number;
  blocks: number;
}

/**
 * Gives the freshly seeded sample catalog a working desk (ingest/samples/README.md, "The desk"):
 * registers the file's fictional patrons and replays its steps through PatronsService and
 * CirculationService, each at its own time in the past (the services' clock), so that the demo
 * has loans overdue and due soon, a returned loan, a hold waiting and one on the hold shelf, all
 * made by the code the desk runs. A catalog that has patrons already is left alone: fictional
 * patrons are never mixed into real ones. Undefined when nothing was done.
 */
export async function seedSampleDeskIfNew(
  backends: Backends,
  rules: SampleDeskRules,
  samplesDir: string,
  now: number = Date.now(),
): Promise<SampleDeskResult | undefined> {
  if ((await backends.patrons.count()) > 0) return undefined;
  const desk = readSampleDesk(path.join(samplesDir, SAMPLE_DESK_FILE));
  await requireCatalogFor(backends, desk);
  return applySampleDesk(backends, rules, desk, now);
}

/**
 * Every copy and record the steps name, looked up before anyone is registered: on a catalog
 * without the samples (or with other shelves) the desk stops with nothing half made, and a second
 * try is not turned away by the patrons a first one left.
 */
async function requireCatalogFor(backends: Backends, desk: SampleDesk): Promise<void> {
  for (const step of desk.steps) {
    const copy =
      'checkOut' in step
        ? step.checkOut
        : 'checkIn' in step
          ? step.checkIn
          : 'renew' in step
            ? step.renew
            : undefined;
    if (copy) await copyOf(backends, copy);
    if ('placeHold' in step && !(await backends.store.get(step.placeHold.recordId)))
      throw new Error(`sample desk: the catalog has no record ${step.placeHold.recordId}`);
  }
}

export async function applySampleDesk(
  backends: Backends,
  rules: SampleDeskRules,
  desk: SampleDesk,
  now: number,
): Promise<SampleDeskResult> {
  // One clock for both services, moved to each step's time before the step runs.
  let clock = now - (desk.steps[0]?.daysAgo ?? 0) * DAY_MS;
  const at = () => new Date(clock).toISOString();
  const { policy, locations } = rules;
  const patronTypes = policy.describe().patronTypes;
  const patrons = new PatronsService(patronsBackendsOf(backends), { locations, patronTypes }, at);
  const circulation = new CirculationService(circulationPortsOf(backends), policy, { now: at });
  const today = policy.dayOf(new Date(now).toISOString());
  for (const { expiresInDays, ...fields } of desk.patrons)
    await patrons.register({ ...fields, expiry: addDays(today, expiresInDays) });
  const result: SampleDeskResult = {
    patrons: desk.patrons.length,
    checkOuts: 0,
    checkIns: 0,
    renewals: 0,
    holds: 0,
    blocks: 0,
  };
  const desks = { backends, locations, patrons, circulation };
  for (const step of desk.steps) {
    clock = now - step.daysAgo * DAY_MS;
    result[await applyStep(desks, step)] += 1;
  }
  return result;
}

interface Desks {
  backends: Backends;
  locations: LocationDirectory;
  patrons: PatronsService;
  circulation: CirculationService;
}

type StepKind = Exclude<keyof SampleDeskResult, 'patrons'>;

async function applyStep(desks: Desks, step: SampleDeskStep): Promise<StepKind> {
  const { circulation, locations } = desks;
  const by = SAMPLE_DESK_BY;
  if ('checkOut' in step) {
    const { patron, location } = step.checkOut;
    await circulation.checkOut({
      itemBarcode: (await copyOf(desks.backends, step.checkOut)).barcode,
      patronBarcode: patron,
      ...(location !== undefined && { location: knownLocation(location, locations) }),
      by,
    });
    return 'checkOuts';
  }
  if ('checkIn' in step) {
    const { library } = step.checkIn;
    const itemBarcode = (await copyOf(desks.backends, step.checkIn)).barcode;
    await circulation.checkIn({ itemBarcode, ...(library !== undefined && { library }), by });
    return 'checkIns';
  }
  if ('renew' in step) {
    await circulation.renew({ itemBarcode: (await copyOf(desks.backends, step.renew)).barcode, by });
    return 'renewals';
  }
  if ('placeHold' in step) {
    const { patron, recordId, pickupLibrary } = step.placeHold;
    await circulation.placeHold({ patronBarcode: patron, recordId, pickupLibrary, by });
    return 'holds';
  }
  await desks.patrons.block(step.block.patron, step.block.reason, by);
  return 'blocks';
}

/** The record's copy on the named shelf, as the catalog has it. */
async function copyOf(backends: Backends, { recordId, copy }: SampleDeskCopy): Promise<Item> {
  const [library, shelf] = copy.toUpperCase().split('/');
  const item = (await backends.items.forRecord(recordId)).find(
    (i) => i.location.library === library && i.location.shelf === shelf,
  );
  if (!item) throw new Error(`sample desk: record ${recordId} has no copy at ${copy}`);
  return item;
}

/** `YYYY-MM-DD` plus (or minus) whole days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
