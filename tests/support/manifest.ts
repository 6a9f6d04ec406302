import { readFileSync } from 'node:fs';
import { corpusAvailable, corpusPath } from './corpus';

/** One row of the corpus MANIFEST's per-file tables. */
export interface ManifestRow {
  /** Path relative to the corpus directory. */
  file: string;
  bytes: number;
  /** `iso2709`, `marcxml`, `json`, `mrk`, `xml-other`, `other`, … as the MANIFEST spells it. */
  format: string;
  encoding: string;
  /** Records as the MANIFEST counts them (raw `<record>` elements for XML); null when `-`. */
  records: number | null;
  /** The "Expected output / paired files" cell, `-` when none. */
  expected: string;
  /** What yaz-marcdump 5.34 made of the file. */
  yaz: string;
  notes: string;
}

const COLUMNS = 11;
let cached: ManifestRow[] | undefined;

/** The MANIFEST's file rows; empty when the corpus is absent. */
export function manifestRows(): ManifestRow[] {
  if (cached) return cached;
  cached = corpusAvailable ? parseManifest(readFileSync(corpusPath('MANIFEST.md'), 'utf8')) : [];
  return cached;
}

export function manifestRowsOfFormat(format: string): ManifestRow[] {
  return manifestRows().filter((row) => row.format === format);
}

/** Rows are the table lines whose first cell is a back-quoted path. */
export function parseManifest(markdown: string): ManifestRow[] {
  const rows: ManifestRow[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = splitRow(line);
    if (cells.length !== COLUMNS)
      throw new Error(`MANIFEST row has ${cells.length} cells, not ${COLUMNS}: ${line}`);
    const [file, bytes, , , , format, encoding, records, expected, yaz, notes] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    rows.push({
      file: file.replace(/^`|`$/g, ''),
      bytes: Number(bytes.replace(/,/g, '')),
      format,
      encoding,
      records: /^\d/.test(records) ? parseInt(records, 10) : null,
      expected,
      yaz,
      notes,
    });
  }
  return rows;
}

function splitRow(line: string): string[] {
  // `\|` inside a cell is an escaped pipe, not a column break.
  const cells = line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/);
  return cells.map((c) => c.trim().replace(/\\\|/g, '|'));
}
