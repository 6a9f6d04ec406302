import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';

/**
 * Turns the Library of Congress MARC-8 code tables (codetables.xml) into the committed module
 * src/marc/charset/marc8-tables.generated.ts, so the service never parses XML at start-up.
 *
 *   node dist/scripts/gen/marc8-tables.js <codetables.xml> <out.ts>     (npm run gen:marc8)
 *
 * The output depends only on the input bytes: same input, same module, byte for byte.
 */

export interface CodeEntry {
  marc: number;
  ucs: number;
  combining: boolean;
  /** True where <ucs> was empty and the value is LoC's <alt>. */
  fromAlt?: boolean;
}

export interface ParsedSet {
  final: number;
  name: string;
  width: 1 | 3;
  entries: CodeEntry[];
}

/** Every set MARC-8 defines, by its final byte; a table missing one of them is the wrong file. */
export const REQUIRED_FINALS = [0x42, 0x45, 0x67, 0x62, 0x70, 0x32, 0x4e, 0x51, 0x33, 0x34, 0x53, 0x31];

interface RawCode {
  marc: string;
  ucs: string;
  alt: string;
  combining: boolean;
}

/** The character sets of codetables.xml in document order, each entry as LoC lists it. */
export function parseCodeTables(xml: string): ParsedSet[] {
  const sets: ParsedSet[] = [];
  const parser = new SaxesParser();
  let current: ParsedSet | undefined;
  let code: RawCode | undefined;
  let text = '';
  parser.on('opentag', (tag) => {
    text = '';
    if (tag.name === 'characterSet') current = openSet(tag.attributes as Record<string, string>);
    else if (tag.name === 'code') code = { marc: '', ucs: '', alt: '', combining: false };
  });
  parser.on('text', (t) => (text += t));
  parser.on('closetag', (tag) => {
    const value = text.trim();
    text = '';
    switch (tag.name) {
      case 'marc':
      case 'ucs':
      case 'alt':
        if (code) code[tag.name] = value;
        break;
      case 'isCombining':
        if (code) code.combining = value === 'true';
        break;
      case 'code':
        if (code && current) current.entries.push(toEntry(code, current));
        code = undefined;
        break;
      case 'characterSet':
        if (current) sets.push(finishSet(current));
        current = undefined;
    }
  });
  // saxes throws on malformed XML when no error handler is set, which is what a generator wants.
  parser.write(xml).close();
  checkComplete(sets);
  return sets;
}

function openSet(attributes: Record<string, string>): ParsedSet {
  const iso = attributes['ISOcode'];
  if (!iso || !/^[0-9A-Fa-f]{2}$/.test(iso))
    throw new Error(`characterSet without a hex ISOcode: ${JSON.stringify(attributes)}`);
  return { final: parseInt(iso, 16), name: attributes['name'] ?? '', width: 1, entries: [] };
}

function toEntry(raw: RawCode, set: ParsedSet): CodeEntry {
  // LoC leaves <ucs> empty only where the preferred mapping is "nothing" and names a fallback in <alt>.
  const scalar = raw.ucs || raw.alt;
  if (!/^(?:[0-9A-Fa-f]{2}|[0-9A-Fa-f]{6})$/.test(raw.marc))
    throw new Error(`${set.name}: bad <marc> "${raw.marc}"`);
  if (!/^[0-9A-Fa-f]{1,6}$/.test(scalar))
    throw new Error(`${set.name} ${raw.marc}: no single <ucs>/<alt> value`);
  const width = raw.marc.length === 6 ? 3 : 1;
  if (set.entries.length > 0 && width !== set.width)
    throw new Error(`${set.name}: mixes 1- and 3-byte codes`);
  set.width = width;
  const entry: CodeEntry = {
    marc: parseInt(raw.marc, 16),
    ucs: parseInt(scalar, 16),
    combining: raw.combining,
  };
  if (!raw.ucs) entry.fromAlt = true;
  return entry;
}

function finishSet(set: ParsedSet): ParsedSet {
  set.entries.sort((a, b) => a.marc - b.marc);
  for (let i = 1; i < set.entries.length; i++) {
    const here = set.entries[i] as CodeEntry;
    if (here.marc === (set.entries[i - 1] as CodeEntry).marc)
      throw new Error(`${set.name}: ${hex(here.marc, 2)} listed twice`);
  }
  return set;
}

function checkComplete(sets: ParsedSet[]): void {
  const finals = new Set(sets.map((s) => s.final));
  if (finals.size !== sets.length) throw new Error('two character sets share an ISOcode');
  const missing = REQUIRED_FINALS.filter((f) => !finals.has(f));
  if (missing.length > 0)
    throw new Error(`code tables lack sets ${missing.map((f) => hex(f, 2)).join(', ')}`);
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

/** `A1:0141 … E1:0300+`: readable for the small sets, so a reviewer can check a mapping by eye. */
export function packSingleByte(entries: CodeEntry[]): string[] {
  return entries.map((e) => `${hex(e.marc, 2)}:${hex(e.ucs, 4)}${e.combining ? '+' : ''}`);
}

/**
 * EACC's 15,739 entries as deltas in base 36: `[gap:]delta[+]`, gap = code − previous code − 1
 * (omitted when 0), delta = scalar − previous scalar. About a third of the size of plain hex pairs.
 */
export function packMultiByte(entries: CodeEntry[]): string[] {
  let code = -1;
  let scalar = 0;
  return entries.map((e) => {
    const gap = e.marc - code - 1;
    const token = `${gap > 0 ? `${gap.toString(36)}:` : ''}${(e.ucs - scalar).toString(36)}${e.combining ? '+' : ''}`;
    code = e.marc;
    scalar = e.ucs;
    return token;
  });
}

/** Token lists as string-literal lines of at most ~100 characters, split only between tokens. */
function wrapTokens(tokens: string[], separator: string, indent: string): string {
  const lines: string[] = [];
  let line = '';
  tokens.forEach((token, i) => {
    const piece = i < tokens.length - 1 ? token + separator : token;
    if (line.length + piece.length > 96 && line.length > 0) {
      lines.push(line);
      line = '';
    }
    line += piece;
  });
  if (line.length > 0) lines.push(line);
  return lines.map((l) => `${indent}'${l}',`).join('\n');
}

const HEADER = `/*
 * GENERATED FILE: do not edit. Regenerate with \`npm run gen:marc8\` (scripts/gen/marc8-tables.ts).
 * Source: the Library of Congress MARC-8 code tables, %SOURCE% (sha256 %SHA%).
 *
 * One entry per character set, keyed by the final byte of the escape sequence that designates it.
 * \`data\` is the entries joined, ascending by MARC-8 code, each mapping to one Unicode scalar:
 *   width 1: \`MM:UUUU\` hex pairs separated by spaces; MM as LoC lists it (G0 or G1 position).
 *   width 3: comma-separated base-36 tokens \`[gap:]delta\`; gap = code - previous code - 1 (omitted
 *            when 0, the first previous code being -1), delta = scalar - previous scalar (from 0).
 * A \`+\` suffix marks a combining mark (<isCombining>). Where LoC's <ucs> is empty the <alt> value
 * is given instead; in this edition that is: %ALTS%.
 */
`;

export function renderModule(sets: ParsedSet[], sourceName: string, sha256: string): string {
  const body = sets.map((set) => {
    const single = set.width === 1;
    const tokens = single ? packSingleByte(set.entries) : packMultiByte(set.entries);
    return [
      '  {',
      `    final: 0x${hex(set.final, 2)},`,
      `    name: ${JSON.stringify(set.name)},`,
      `    width: ${set.width},`,
      `    count: ${set.entries.length},`,
      '    data: [',
      wrapTokens(tokens, single ? ' ' : ',', '      '),
      "    ].join(''),",
      '  },',
    ].join('\n');
  });
  const alts = sets.flatMap((set) =>
    set.entries.filter((e) => e.fromAlt).map((e) => `${set.name} ${hex(e.marc, set.width * 2)}`),
  );
  const header = HEADER.replace('%SOURCE%', sourceName)
    .replace('%SHA%', sha256)
    .replace('%ALTS%', alts.join(', ') || 'none');
  return [
    header,
    'export interface Marc8CodeSetSource {',
    '  final: number;',
    '  name: string;',
    '  width: 1 | 3;',
    '  count: number;',
    '  data: string;',
    '}',
    '',
    'export const MARC8_CODE_SETS: readonly Marc8CodeSetSource[] = [',
    ...body,
    '];',
    '',
  ].join('\n');
}

export function generateMarc8Module(xml: Buffer, sourceName: string): string {
  const sha256 = createHash('sha256').update(xml).digest('hex');
  return renderModule(parseCodeTables(xml.toString('utf8')), sourceName, sha256);
}

function main(args: string[]): void {
  const [input, output] = args;
  if (!input || !output) {
    process.stderr.write('usage: marc8-tables <codetables.xml> <out.ts>\n');
    process.exitCode = 2;
    return;
  }
  // Only the file name goes into the header: the path differs between checkouts, the bytes do not.
  const text = generateMarc8Module(readFileSync(input), path.basename(input));
  writeFileSync(output, text);
  process.stdout.write(`wrote ${output} (${text.length} bytes)\n`);
}

if (require.main === module) main(process.argv.slice(2));
