import { isControlField, type DataField, type MarcRecord } from '../record';
import type { MarcWriter } from './writer';
import { escapeXmlAttr, escapeXmlText } from './xml-escape';

export const MARCXML_NAMESPACE = 'http://www.loc.gov/MARC21/slim';

export interface MarcXmlWriterOptions {
  /** One element per line, indented by two spaces (yaz-marcdump's layout). Default true. */
  pretty?: boolean;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * Layout follows yaz-marcdump's MARCXML output (`<record>` flush left inside `<collection>`, fields
 * at two spaces, subfields at four) so the two can be diffed. Deliberate differences:
 * - an XML declaration naming UTF-8 heads the document (yaz writes none in `-o marcxml`);
 * - C0 control characters become Control Pictures instead of being deleted, and CR is written
 *   as `&#13;` (see xml-escape.ts);
 * - compact output (`pretty: false`) still ends each record with a newline, so line tools can
 *   split a collection.
 * Strings are built with `+=` (V8 ropes), one string per record, with no intermediate arrays.
 */
export function marcXmlWriter(options: MarcXmlWriterOptions = {}): MarcWriter {
  const pretty = options.pretty ?? true;
  return {
    mediaType: 'application/marcxml+xml',
    extension: 'xml',
    begin: () => `${XML_DECLARATION}<collection xmlns="${MARCXML_NAMESPACE}">\n`,
    write: (record) => recordXml(record, '<record>', pretty) + '\n',
    end: () => '</collection>\n',
  };
}

/** One record as a standalone MARCXML document (`<record>` is the root element). */
export function toMarcXml(record: MarcRecord, options: MarcXmlWriterOptions = {}): string {
  const open = `<record xmlns="${MARCXML_NAMESPACE}">`;
  return XML_DECLARATION + recordXml(record, open, options.pretty ?? true) + '\n';
}

/** One record as a `<record>` element in the MARC21 slim namespace, for embedding (SRU's recordData). */
export function toMarcXmlElement(record: MarcRecord, options: MarcXmlWriterOptions = {}): string {
  return recordXml(record, `<record xmlns="${MARCXML_NAMESPACE}">`, options.pretty ?? true);
}

function recordXml(record: MarcRecord, open: string, pretty: boolean): string {
  const nl = pretty ? '\n  ' : '';
  let out = open + nl + '<leader>' + escapeXmlText(record.leader) + '</leader>';
  for (const field of record.fields) {
    if (isControlField(field)) {
      out +=
        nl +
        '<controlfield tag="' +
        escapeXmlAttr(field.tag) +
        '">' +
        escapeXmlText(field.value) +
        '</controlfield>';
    } else {
      out += nl + dataFieldXml(field, pretty);
    }
  }
  return out + (pretty ? '\n</record>' : '</record>');
}

function dataFieldXml(field: DataField, pretty: boolean): string {
  const nl = pretty ? '\n    ' : '';
  let out =
    '<datafield tag="' +
    escapeXmlAttr(field.tag) +
    '" ind1="' +
    escapeXmlAttr(field.ind1) +
    '" ind2="' +
    escapeXmlAttr(field.ind2) +
    // yaz names a third indicator `ind3` (DanMARC, leader/10 = 3); absent means a two-indicator field.
    (field.ind3 === undefined ? '' : '" ind3="' + escapeXmlAttr(field.ind3)) +
    '">';
  for (const sf of field.subfields) {
    out += nl + '<subfield code="' + escapeXmlAttr(sf.code) + '">' + escapeXmlText(sf.value) + '</subfield>';
  }
  return out + (pretty ? '\n  </datafield>' : '</datafield>');
}
