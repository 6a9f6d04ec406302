import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { AppError } from '../errors/app-error';

/**
 * The locations file (STACKS_LOCATIONS): libraries and their shelving locations with display names.
 * JSON, or YAML (JSON is YAML, and the YAML parser gives every node its line), read once at start:
 *
 *     { "libraries": { "MAIN": { "name": "Main Library",
 *                                "locations": { "STACKS": "Stacks", "REFERENCE": "Reference" } } } }
 *
 * A bad file stops start-up with every problem named by line and entry, so it is fixed in one go.
 * The shape is the domain's LibraryEntry (src/domain/items/locations.ts), which config may not import.
 */
export interface LocationsFileLibrary {
  code: string;
  name: string;
  locations: { code: string; name: string }[];
}

const CODE = /^[A-Za-z0-9._-]{1,50}$/;
const MAX_NAME = 200;

export function readLocationsFile(file: string): LocationsFileLibrary[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw invalid(file, [`cannot read it (${reason})`]);
  }
  return parseLocations(text, file);
}

/** The file's text → libraries; `file` only names it in errors. */
export function parseLocations(text: string, file: string): LocationsFileLibrary[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalid(
      file,
      doc.errors.map((e) => `line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0] ?? ''}`),
    );
  }
  const problems: string[] = [];
  const at = (node: Node | null | undefined, entry: string, message: string): void => {
    const line = node?.range ? lines.linePos(node.range[0]).line : 1;
    problems.push(`line ${line}: ${entry}: ${message}`);
  };
  const root = doc.contents;
  if (!isMap(root)) {
    at(root, '(top)', 'must be an object with "libraries"');
    throw invalid(file, problems);
  }
  checkKeys(root, ['libraries'], '(top)', at);
  const libraries = root.get('libraries', true) as Node | undefined;
  if (!isMap(libraries) || libraries.items.length === 0) {
    at(libraries ?? root, 'libraries', 'must be an object of at least one library, by code');
    throw invalid(file, problems);
  }
  const result = entries(libraries, 'libraries', at).map(({ code, value, entry }) =>
    readLibrary(code, value, entry, at),
  );
  if (problems.length > 0) throw invalid(file, problems);
  return result;
}

type At = (node: Node | null | undefined, entry: string, message: string) => void;

function readLibrary(code: string, value: Node | null, entry: string, at: At): LocationsFileLibrary {
  const library: LocationsFileLibrary = { code, name: code, locations: [] };
  if (!isMap(value)) {
    at(value, entry, 'must be an object with "name" and "locations"');
    return library;
  }
  checkKeys(value, ['name', 'locations'], entry, at);
  library.name = readName(value.get('name', true) as Node | undefined, `${entry}.name`, value, at);
  const locations = value.get('locations', true) as Node | undefined;
  if (!isMap(locations) || locations.items.length === 0) {
    at(locations ?? value, `${entry}.locations`, 'must be an object of at least one location, by code');
    return library;
  }
  library.locations = entries(locations, `${entry}.locations`, at).map((shelf) => ({
    code: shelf.code,
    name: readName(shelf.value ?? undefined, shelf.entry, locations, at),
  }));
  return library;
}

/** A map's entries with their codes checked: letters, digits, `.`, `_`, `-`; unique in any case. */
function entries(map: YAMLMap, entry: string, at: At): { code: string; value: Node | null; entry: string }[] {
  const seen = new Set<string>();
  const out: { code: string; value: Node | null; entry: string }[] = [];
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    const raw = isScalar(key) ? String(key.value) : '';
    const where = `${entry}.${raw}`;
    if (!CODE.test(raw)) {
      at(key, where, 'a code must be 1–50 letters, digits, ".", "_" or "-"');
      continue;
    }
    const code = raw.toUpperCase();
    if (seen.has(code)) at(key, where, `${code} is listed twice (codes are compared upper-cased)`);
    seen.add(code);
    out.push({ code, value: pair.value as Node | null, entry: where });
  }
  return out;
}

function readName(node: Node | undefined, entry: string, parent: Node, at: At): string {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_NAME) {
    at(node ?? parent, entry, `a name must be text of 1–${MAX_NAME} characters`);
    return '';
  }
  return value.trim();
}

function checkKeys(map: YAMLMap, allowed: string[], entry: string, at: At): void {
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    const name = isScalar(key) ? String(key.value) : '?';
    if (!allowed.includes(name)) at(key, entry, `unknown field "${name}"; use ${allowed.join(', ')}`);
  }
}

function invalid(file: string, problems: string[]): AppError {
  return new AppError('invalid_config', `invalid locations file ${file}: ${problems.join('; ')}`, {
    problems: problems.map((p) => `${file} ${p}`),
  });
}
