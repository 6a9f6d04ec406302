import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { NewPatronInput } from '../services/patron-input';

/**
 * The sample desk file (`ingest/samples/desk/desk.yaml`; ingest/samples/README.md, "The desk"):
 * fictional patrons, then the desk's steps in time order, each one call of the circulation or
 * patrons service. Times are relative to the moment of seeding, so the demo's loans are overdue or
 * due soon whatever the day. Items are named by record and shelf, never by barcode: the seeder
 * finds the copy in the catalog the samples made.
 */
export interface SampleDesk {
  patrons: SampleDeskPatron[];
  steps: SampleDeskStep[];
}

/** A registration, with the card's last day counted from the day of seeding (negative: lapsed). */
export type SampleDeskPatron = Omit<NewPatronInput, 'expiry' | 'id'> & { expiresInDays: number };

/** A copy of a record: the one on the shelf `copy` (`LIBRARY/LOCATION`). */
export interface SampleDeskCopy {
  recordId: string;
  copy: string;
}

export type SampleDeskAction =
  | { checkOut: SampleDeskCopy & { patron: string; location?: string } }
  | { checkIn: SampleDeskCopy & { library?: string } }
  | { renew: SampleDeskCopy }
  | { placeHold: { patron: string; recordId: string; pickupLibrary: string } }
  | { block: { patron: string; reason: string } };

export type SampleDeskStep = SampleDeskAction & { daysAgo: number };

type Fields = Record<string, unknown>;

const PATRON_KEYS = {
  required: ['barcode', 'name', 'email', 'patronType', 'expiresInDays'],
  optional: ['phone', 'address', 'homeLibrary', 'notes', 'keepHistory'],
};
const ACTION_KEYS: Record<string, { required: string[]; optional: string[] }> = {
  checkOut: { required: ['patron', 'recordId', 'copy'], optional: ['location'] },
  checkIn: { required: ['recordId', 'copy'], optional: ['library'] },
  renew: { required: ['recordId', 'copy'], optional: [] },
  placeHold: { required: ['patron', 'recordId', 'pickupLibrary'], optional: [] },
  block: { required: ['patron', 'reason'], optional: [] },
};

/**
 * Reads and checks the file's shape; a problem names the file and the entry (`steps[3].checkOut`).
 * What the services check (a patron's fields, a loan's refusals) they still check when seeding.
 */
export function readSampleDesk(file: string): SampleDesk {
  const fail = (where: string, message: string): never => {
    throw new Error(`sample desk ${file}: ${where}: ${message}`);
  };
  const top = mapping(parse(readFileSync(file, 'utf8')), '(top)', fail);
  checkKeys(top, { required: ['patrons', 'steps'], optional: [] }, '(top)', fail);
  const patrons = list(top.patrons, 'patrons', fail).map((p, i) => patronOf(p, `patrons[${i}]`, fail));
  const steps = list(top.steps, 'steps', fail).map((s, i) => stepOf(s, `steps[${i}]`, fail));
  steps.forEach((step, i) => {
    if (i > 0 && step.daysAgo > steps[i - 1]!.daysAgo)
      fail(`steps[${i}]`, `daysAgo ${step.daysAgo} is earlier than the step before: keep them in time order`);
  });
  return { patrons, steps };
}

type Fail = (where: string, message: string) => never;

function patronOf(value: unknown, where: string, fail: Fail): SampleDeskPatron {
  const fields = mapping(value, where, fail);
  checkKeys(fields, PATRON_KEYS, where, fail);
  for (const key of ['barcode', 'name', 'email', 'patronType', 'phone', 'address', 'homeLibrary', 'notes'])
    if (fields[key] !== undefined && typeof fields[key] !== 'string') fail(where, `${key} must be text`);
  if (fields.keepHistory !== undefined && typeof fields.keepHistory !== 'boolean')
    fail(where, 'keepHistory must be true or false');
  wholeNumber(fields.expiresInDays, `${where}.expiresInDays`, -3650, 3650, fail);
  return fields as unknown as SampleDeskPatron;
}

function stepOf(value: unknown, where: string, fail: Fail): SampleDeskStep {
  const fields = mapping(value, where, fail);
  const actions = Object.keys(fields).filter((k) => k !== 'daysAgo');
  if (actions.length !== 1 || !ACTION_KEYS[actions[0]!])
    fail(where, `a step is daysAgo and one of ${Object.keys(ACTION_KEYS).join(', ')}`);
  const action = actions[0]!;
  wholeNumber(fields.daysAgo, `${where}.daysAgo`, 0, 3650, fail);
  const args = mapping(fields[action], `${where}.${action}`, fail);
  checkKeys(args, ACTION_KEYS[action]!, `${where}.${action}`, fail);
  for (const [key, arg] of Object.entries(args))
    if (typeof arg !== 'string' || arg.trim() === '') fail(`${where}.${action}`, `${key} must be text`);
  return fields as unknown as SampleDeskStep;
}

function mapping(value: unknown, where: string, fail: Fail): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be a mapping');
  return value as Fields;
}

function list(value: unknown, where: string, fail: Fail): unknown[] {
  if (!Array.isArray(value)) fail(where, 'must be a list');
  return value as unknown[];
}

function checkKeys(
  fields: Fields,
  keys: { required: string[]; optional: string[] },
  where: string,
  fail: Fail,
): void {
  const known = [...keys.required, ...keys.optional];
  const unknown = Object.keys(fields).filter((k) => !known.includes(k));
  if (unknown.length > 0) fail(where, `unknown key ${unknown.join(', ')}; use ${known.join(', ')}`);
  const missing = keys.required.filter((k) => fields[k] === undefined);
  if (missing.length > 0) fail(where, `missing ${missing.join(', ')}`);
}

function wholeNumber(value: unknown, where: string, min: number, max: number, fail: Fail): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    fail(where, `must be a whole number from ${min} to ${max}`);
}
