import type { ByteSource } from './read-item';

/** Enough of a file's start to name what it is: the XML root with its attributes, a JSON opening. */
const HEAD_BYTES = 4096;

/**
 * A source that passes its bytes on unchanged and keeps the first few KiB, so that a reader that
 * found no records can say what the file looked like instead (see describeNonMarc).
 */
export function keepingHead(source: ByteSource): { source: ByteSource; head(): Buffer } {
  const kept: Uint8Array[] = [];
  let size = 0;
  async function* pass(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      if (size < HEAD_BYTES) {
        kept.push(chunk.subarray(0, HEAD_BYTES - size));
        size += Math.min(chunk.length, HEAD_BYTES - size);
      }
      yield chunk;
    }
  }
  return { source: pass(), head: () => Buffer.concat(kept) };
}

const XML_KINDS: [RegExp, string][] = [
  [/^OAI-PMH$/, 'an OAI-PMH response'],
  [/^(\w+:)?searchRetrieveResponse$/, 'an SRU response'],
  [/^(\w+:)?(mods|modsCollection)$/, 'MODS'],
  [/^(\w+:)?RDF$/, 'RDF/XML'],
  [/^html$/i, 'an HTML page'],
  [/^(rss|feed)$/, 'a news feed'],
];

/**
 * What a file with no MARC records in it looks like, for the warning that says so: "it is
 * empty", "it looks like an OAI-PMH response (metadataPrefix oai_dc), not MARC" …
 */
export function describeNonMarc(head: Uint8Array): string {
  const text = Buffer.from(head)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (text.trim() === '') return 'it is empty';
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) return describeXml(trimmed);
  if (trimmed.startsWith('{') || trimmed.startsWith('['))
    return 'it is JSON without MARC-in-JSON records (objects with "leader" and "fields")';
  return `it starts "${oneLine(trimmed)}"`;
}

function describeXml(text: string): string {
  const root = /<(?![?!])([\w:.-]+)/.exec(text)?.[1];
  if (!root) return 'it is XML without MARC records';
  const kind = XML_KINDS.find(([re]) => re.test(root))?.[1];
  const prefix = /metadataPrefix="([^"]+)"/.exec(text)?.[1];
  const dc = /<oai_dc:dc\b/.test(text) ? 'Dublin Core (oai_dc)' : undefined;
  const about = [prefix && `metadataPrefix ${prefix}`, !prefix && dc].filter(Boolean).join(', ');
  const what = kind ?? `XML whose root element is <${root}>`;
  return `it looks like ${what}${about ? ` (${about})` : ''} with no MARC21 records in the MARCXML namespace`;
}

function oneLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
