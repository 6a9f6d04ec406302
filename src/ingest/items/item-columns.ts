import { AppError } from '../../errors/app-error';

/**
 * The fields a spreadsheet of items may give, and which column holds each: by default the
 * column named like the field (`Call Number`, `call_number` and `callnumber` are one name), or
 * as a mapping file or `--column field=Header` says (docs/items.md, "A spreadsheet").
 */
export const ITEM_FIELDS = [
  'barcode',
  /** The record's id; or, to find it, one of the next two. */
  'record',
  'controlNumber',
  'isbn',
  'location',
  'callnumber',
  'scheme',
  'prefix',
  'volume',
  'copy',
  'type',
  'status',
  /** Why the item has its status (required with `withdrawn`). */
  'reason',
  'publicNote',
  'staffNote',
  'notForLoan',
] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

/** Other names the default mapping knows a column by (normalised, see `columnName`). */
const ALIASES: Partial<Record<ItemField, readonly string[]>> = {
  record: ['recordid', 'id', 'bib', 'bibid'],
  controlNumber: ['001'],
  callnumber: ['callno', 'call'],
  type: ['itemtype'],
  copy: ['copynumber'],
  publicNote: ['note'],
};

/** Field → the column (header text) that holds it, as a mapping file or flags give it. */
export type ColumnMapping = Partial<Record<ItemField, string>>;

export interface ItemColumns {
  /** Field → index of its column. */
  index: Map<ItemField, number>;
  /** Columns no field reads: said once, so a misspelt header does not go unnoticed. */
  ignored: string[];
}

/** Case, spaces, `_`, `-` and `.` do not matter in a header. */
export function columnName(header: string): string {
  return header.toLowerCase().replace(/[\s_.-]+/g, '');
}

export function resolveColumns(headers: readonly string[], mapping: ColumnMapping = {}): ItemColumns {
  const byName = new Map<string, number>();
  headers.forEach((h, i) => byName.has(columnName(h)) || byName.set(columnName(h), i));
  const index = new Map<ItemField, number>();
  for (const field of ITEM_FIELDS) {
    const mapped = mapping[field];
    if (mapped !== undefined) {
      const at = byName.get(columnName(mapped));
      if (at === undefined) throw noColumn(`--column ${field}=${mapped}`, headers);
      index.set(field, at);
      continue;
    }
    const names = [columnName(field), ...(ALIASES[field] ?? [])];
    const at = names.map((n) => byName.get(n)).find((i) => i !== undefined);
    // A mapped column is not also read by default as another field.
    if (at !== undefined && ![...index.values()].includes(at)) index.set(field, at);
  }
  for (const required of ['barcode', 'location'] as const) {
    if (!index.has(required)) throw noColumn(`a ${required} column`, headers, required);
  }
  if (!['record', 'controlNumber', 'isbn'].some((f) => index.has(f as ItemField))) {
    throw noColumn('a record, controlNumber or isbn column', headers, 'record');
  }
  const used = new Set(index.values());
  return { index, ignored: headers.filter((_, i) => !used.has(i)) };
}

/** A mapping file or `--column` values: known fields only, each naming a header. */
export function checkMapping(raw: unknown, source: string): ColumnMapping {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('invalid_config', `${source}: expected an object of field → column header`);
  }
  const mapping: ColumnMapping = {};
  for (const [field, header] of Object.entries(raw)) {
    if (!(ITEM_FIELDS as readonly string[]).includes(field)) {
      throw new AppError(
        'invalid_config',
        `${source}: unknown field "${field}"; use ${ITEM_FIELDS.join(', ')}`,
      );
    }
    if (typeof header !== 'string' || header.trim() === '') {
      throw new AppError('invalid_config', `${source}: the column for "${field}" must be a header's text`);
    }
    mapping[field as ItemField] = header;
  }
  return mapping;
}

function noColumn(what: string, headers: readonly string[], field?: string): AppError {
  const hint = field ? `; map one with --column ${field}=HEADER` : '';
  return new AppError(
    'invalid_config',
    `no column for ${what} among the headers ${headers.map((h) => `"${h}"`).join(', ')}${hint}`,
    { headers },
  );
}
