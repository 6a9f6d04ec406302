import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { detectFormat } from '../../src/marc/detect';
import { MarcRecord } from '../../src/marc/record';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { marcXmlWriter } from '../../src/marc/writers/marcxml.writer';
import { mijWriter } from '../../src/marc/writers/mij.writer';
import { mrkWriter } from '../../src/marc/writers/mrk.writer';
import type { MarcWriter } from '../../src/marc/writers/writer';
import type { ReaderName } from './reader-check';

/**
 * Inputs to mutate: records built here and written by our own writers (so fuzzing needs no
 * corpus), plus small real files of the right format when a corpus directory is at hand.
 */

export interface FuzzInput {
  name: string;
  bytes: Buffer;
}

function records(): MarcRecord[] {
  return [
    new MarcRecord('01234cam a2200289 i 4500', [
      { tag: '001', value: 'ocm12345678' },
      { tag: '008', value: '840508s1984    nyu           000 1 eng d' },
      { tag: '020', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: '0394535979' }] },
      {
        tag: '100',
        ind1: '1',
        ind2: ' ',
        subfields: [
          { code: 'a', value: 'Chabon, Michael,' },
          { code: 'd', value: '1963-' },
        ],
      },
      {
        tag: '245',
        ind1: '1',
        ind2: '0',
        subfields: [
          { code: 'a', value: 'Café & <Crème> "brûlée" :' },
          { code: 'b', value: "it's $5 {or} \\ less /" },
          { code: 'c', value: 'Jósé Ñúñez.' },
        ],
      },
      { tag: '880', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: '鲁迅 与 浙东 文化 Ελληνικά' }] },
      { tag: '999', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: '' }] },
    ]),
    new MarcRecord('00988nam0a32003011  450 ', [
      {
        tag: '001',
        ind1: '0',
        ind2: '0',
        ind3: '0',
        subfields: [
          { code: 'a', value: '9 181 423 4' },
          { code: 'b', value: '710100' },
        ],
      },
      { tag: '245', ind1: '0', ind2: '0', ind3: '0', subfields: [{ code: 'a', value: 'Tegnsæt' }] },
    ]),
    new MarcRecord('00312cz  a2200121n  4500', [
      { tag: '001', value: 'n  79021164' },
      { tag: '100', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: 'Twain, Mark,' }] },
    ]),
  ];
}

function collection(writer: MarcWriter, list: MarcRecord[]): Buffer {
  const parts = list.map((r) => writer.write(r));
  return Buffer.concat([
    Buffer.from(writer.begin()),
    ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))),
    Buffer.from(writer.end()),
  ]);
}

/** A 7-bit record that is MARC-8 by its escapes, and one with an ANSEL combining acute (0xE2). */
function marc8Inputs(): FuzzInput[] {
  const make = (value: string, patch?: [string, number]): Buffer => {
    const bytes = toIso2709(
      new MarcRecord('00000nam a2200000 a 4500', [
        { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value }] },
      ]),
    );
    bytes[9] = 0x20; // leader/09 blank: MARC-8
    if (patch) bytes[bytes.indexOf(patch[0])] = patch[1];
    return bytes;
  };
  return [
    { name: 'built MARC-8 escapes', bytes: make('A\x1bp4\x1bs \x1b$1!Bg\x1b(B \x1bgab\x1bs') },
    { name: 'built MARC-8 ANSEL', bytes: make('Jos#e', ['#', 0xe2]) },
  ];
}

/** Hand-made inputs for one reader, written by our writers. */
export function builtInputs(reader: ReaderName): FuzzInput[] {
  const list = records();
  switch (reader) {
    case 'iso2709':
      return [{ name: 'built ISO 2709', bytes: Buffer.concat(list.map(toIso2709)) }, ...marc8Inputs()];
    case 'marcxml':
      return [
        { name: 'built MARCXML pretty', bytes: collection(marcXmlWriter(), list) },
        { name: 'built MARCXML compact', bytes: collection(marcXmlWriter({ pretty: false }), list) },
      ];
    case 'json':
      return [
        { name: 'built MiJ array', bytes: collection(mijWriter({ lines: false }), list) },
        { name: 'built MiJ lines', bytes: collection(mijWriter({ lines: true }), list) },
      ];
    case 'mrk':
      return [{ name: 'built MRK', bytes: collection(mrkWriter(), list) }];
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * Corpus files of this reader's format (told by their first bytes, as `readMarc` would) of at
 * most `maxBytes`, in a stable order; empty when the directory is absent.
 */
export function corpusInputs(dir: string, reader: ReaderName, maxBytes: number, limit: number): FuzzInput[] {
  let files: string[];
  try {
    files = listFiles(dir);
  } catch {
    return [];
  }
  const out: FuzzInput[] = [];
  for (const file of files) {
    if (out.length >= limit) break;
    const size = statSync(file).size;
    if (size === 0 || size > maxBytes) continue;
    const bytes = readFileSync(file);
    if (detectFormat(bytes.subarray(0, 64)) === reader) out.push({ name: path.relative(dir, file), bytes });
  }
  return out;
}
