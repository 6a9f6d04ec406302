import type { LocationDirectory } from '../domain/items/locations';
import type { NewPatron, Patron, PatronFields } from '../domain/patrons/patron';
import { AppError } from '../errors/app-error';

/**
 * What staff (the API) or a migration (`stacks patrons import`) send for a patron, checked and
 * brought to the patron's own form: text trimmed, patron types lower-cased and, when the loan
 * rules are known, one of theirs; home libraries upper-cased and in the locations file; expiry a
 * real `YYYY-MM-DD` day. A refusal is `invalid_patron` naming the field and the rule, never the
 * value: the values are personal data, and error bodies end up in clients' logs.
 */
export interface NewPatronInput {
  barcode: string;
  name: string;
  email: string;
  phone?: string;
  address?: string;
  patronType: string;
  homeLibrary?: string;
  expiry: string;
  notes?: string;
  keepHistory?: boolean;
  /** Migrations only: the old system's id, kept so loans imported later still point at the patron. */
  id?: string;
}

/** RFC 7396: a field given replaces, `null` removes an optional one; absent fields stay. */
export interface PatronPatchInput {
  barcode?: string;
  name?: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  patronType?: string;
  homeLibrary?: string | null;
  expiry?: string;
  notes?: string | null;
  keepHistory?: boolean;
}

/** What the checks compare against: the libraries, and the loan rules' patron types when known. */
export interface PatronRules {
  locations: LocationDirectory;
  /** The loan rules' declared patron types; absent: any well-formed type code is taken. */
  patronTypes?: readonly string[];
}

export const MAX_BARCODE = 64;
const MAX_NAME = 200;
const MAX_EMAIL = 254;
const MAX_PHONE = 50;
const MAX_ADDRESS = 500;
const MAX_NOTES = 2000;
const MAX_ID = 100;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Addresses and notes may run over lines; nothing else of the C0/C1 ranges. */
const CONTROL_BUT_NEWLINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** The shape, not deliverability: one @, something each side, a dot in the domain, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^(?=.*\d)[0-9+()./ x#*-]+$/i;
const TYPE_CODE = /^[a-z0-9][a-z0-9._-]{0,49}$/;
const LIBRARY_CODE = /^[A-Z0-9._-]{1,50}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function newPatronFrom(input: NewPatronInput, rules: PatronRules): NewPatron {
  const patron: NewPatron = {
    barcode: barcodeFrom(input.barcode),
    name: nameFrom(input.name),
    email: emailFrom(input.email),
    patronType: patronTypeFrom(input.patronType, rules),
    expiry: dayFrom(input.expiry, 'expiry'),
  };
  if (input.phone !== undefined) patron.phone = phoneFrom(input.phone);
  if (input.address !== undefined) patron.address = longTextFrom(input.address, 'address', MAX_ADDRESS);
  if (input.homeLibrary !== undefined) patron.homeLibrary = homeLibraryFrom(input.homeLibrary, rules);
  if (input.notes !== undefined) patron.notes = longTextFrom(input.notes, 'notes', MAX_NOTES);
  if (input.keepHistory !== undefined) patron.keepHistory = input.keepHistory;
  if (input.id !== undefined) patron.id = idFrom(input.id);
  return withoutEmpty(patron);
}

/** The changes a patch makes to `patron`: only fields whose value differs, so an idle patch writes nothing. */
export function patchedFields(patron: Patron, patch: PatronPatchInput, rules: PatronRules): PatronFields {
  const wanted: PatronFields = {};
  if (patch.barcode !== undefined) wanted.barcode = barcodeFrom(patch.barcode);
  if (patch.name !== undefined) wanted.name = nameFrom(patch.name);
  if (patch.email !== undefined) wanted.email = orNull(patch.email, emailFrom);
  if (patch.phone !== undefined) wanted.phone = orNull(patch.phone, phoneFrom);
  if (patch.address !== undefined)
    wanted.address = orNull(patch.address, (v) => longTextFrom(v, 'address', MAX_ADDRESS));
  if (patch.patronType !== undefined) wanted.patronType = patronTypeFrom(patch.patronType, rules);
  if (patch.homeLibrary !== undefined)
    wanted.homeLibrary = orNull(patch.homeLibrary, (v) => homeLibraryFrom(v, rules));
  if (patch.expiry !== undefined) wanted.expiry = dayFrom(patch.expiry, 'expiry');
  if (patch.notes !== undefined)
    wanted.notes = orNull(patch.notes, (v) => longTextFrom(v, 'notes', MAX_NOTES));
  if (patch.keepHistory !== undefined) wanted.keepHistory = patch.keepHistory;
  return changesTo(patron, wanted);
}

/**
 * The fields of `wanted` that differ from the patron's: an empty optional text counts as
 * removing it (`null`), and a barcode differing only in case is a change (the card as printed).
 */
export function changesTo(patron: Patron, wanted: PatronFields): PatronFields {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) {
    const next = value === '' ? null : value;
    const current = (patron as unknown as Record<string, unknown>)[key] ?? null;
    if (JSON.stringify(current) !== JSON.stringify(next ?? null)) changes[key] = next;
  }
  return changes as PatronFields;
}

export function barcodeFrom(text: string): string {
  const barcode = text.trim();
  if (barcode === '' || barcode.length > MAX_BARCODE || CONTROL.test(barcode))
    throw invalidPatron(
      'barcode',
      `a card barcode is 1 to ${MAX_BARCODE} characters, without control characters`,
    );
  return barcode;
}

function nameFrom(text: string): string {
  const name = text.trim().replace(/\s+/g, ' ');
  if (name === '' || name.length > MAX_NAME || CONTROL.test(name))
    throw invalidPatron('name', `a name is 1 to ${MAX_NAME} characters, without control characters`);
  return name;
}

function emailFrom(text: string): string {
  const email = text.trim();
  if (email.length > MAX_EMAIL || !EMAIL.test(email))
    throw invalidPatron('email', 'an email address is name@domain.example, without spaces');
  return email;
}

function phoneFrom(text: string): string {
  const phone = text.trim();
  if (phone === '') return phone;
  if (phone.length > MAX_PHONE || !PHONE.test(phone))
    throw invalidPatron('phone', `a phone number is up to ${MAX_PHONE} digits, spaces and + ( ) . / - x # *`);
  return phone;
}

function longTextFrom(text: string, field: string, max: number): string {
  const value = text.trim();
  if (value.length > max || CONTROL_BUT_NEWLINES.test(value))
    throw invalidPatron(
      field,
      `${field} is at most ${max} characters, without control characters but line breaks`,
    );
  return value;
}

export function patronTypeFrom(text: string, rules: PatronRules): string {
  const type = text.trim().toLowerCase();
  if (!TYPE_CODE.test(type))
    throw invalidPatron(
      'patronType',
      'a patron type is a code of letters, digits, ".", "_" or "-" (adult, child, staff)',
    );
  const known = rules.patronTypes;
  if (known && known.length > 0 && !known.includes(type))
    throw invalidPatron(
      'patronType',
      `patron type ${type} is not in the loan rules; use one of ${known.join(', ')}`,
    );
  return type;
}

function homeLibraryFrom(text: string, rules: PatronRules): string {
  const code = text.trim().toUpperCase();
  if (code === '') return code;
  const known = rules.locations.list().map((l) => l.code);
  if (!LIBRARY_CODE.test(code) || !known.includes(code))
    throw invalidPatron(
      'homeLibrary',
      `the home library must be a library of the locations file: ${known.join(', ')}`,
    );
  return code;
}

/**
 * A real calendar day from 1900 on, `YYYY-MM-DD` (2030-02-29 is refused: 2030 is no leap year; so
 * is 0202-01-01, a slip for 2020 rather than a day a card could run out on).
 */
export function dayFrom(text: string, field: string): string {
  const day = text.trim();
  const parts = DAY.exec(day);
  const [year, month, date] = (parts ?? []).slice(1).map(Number) as [number, number, number];
  const real =
    parts !== null &&
    year >= 1900 &&
    month >= 1 &&
    month <= 12 &&
    date >= 1 &&
    date <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  // The value is a date, not personal data: naming it helps whoever typed it.
  if (!real)
    throw invalidPatron(
      field,
      `${field} ${JSON.stringify(day.slice(0, 20))} is not a real day from 1900 on, written YYYY-MM-DD`,
    );
  return day;
}

function idFrom(text: string): string {
  const id = text.trim();
  if (id === '' || id.length > MAX_ID || CONTROL.test(id))
    throw invalidPatron('id', `an id is 1 to ${MAX_ID} characters, without control characters`);
  return id;
}

function orNull<T>(value: T | null, check: (v: T) => string): string | null {
  if (value === null) return null;
  const checked = check(value);
  return checked === '' ? null : checked;
}

/** Optional texts given empty are not kept (a spreadsheet's empty cells). */
function withoutEmpty(patron: NewPatron): NewPatron {
  return Object.fromEntries(
    Object.entries(patron).filter(([, v]) => v !== '' && v !== undefined),
  ) as NewPatron;
}

export function invalidPatron(field: string, message: string): AppError {
  return new AppError('invalid_patron', message, { field });
}
