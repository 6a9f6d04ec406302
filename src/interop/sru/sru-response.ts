import type { SruDiagnostic } from './sru-diagnostic';
import type { SruVersion } from './sru-request';
import { XmlFragment, XmlWriter } from '../records/xml-writer';

/**
 * The response envelopes of both versions. SRU 1.2 puts everything in one namespace
 * (`http://www.loc.gov/zing/srw/`); 2.0 has one per document kind (sruResponse, scan, diagnostic)
 * and says recordXMLEscaping where 1.2 said recordPacking. The prefix is `zs` in both, as yaz
 * writes it: the namespaces are what count, but some clients (@natlibfi/sru-client) look for
 * `zs:` names without resolving namespaces.
 */
interface Dialect {
  version: SruVersion;
  ns: string;
  prefix: string;
  scanNs: string;
  scanPrefix: string;
  diagNs: string;
  escapingElement: string;
}

const DIALECTS: Readonly<Record<SruVersion, Dialect>> = {
  '1.2': {
    version: '1.2',
    ns: 'http://www.loc.gov/zing/srw/',
    prefix: 'zs',
    scanNs: 'http://www.loc.gov/zing/srw/',
    scanPrefix: 'zs',
    diagNs: 'http://www.loc.gov/zing/srw/diagnostic/',
    escapingElement: 'recordPacking',
  },
  '2.0': {
    version: '2.0',
    ns: 'http://docs.oasis-open.org/ns/search-ws/sruResponse',
    prefix: 'zs',
    scanNs: 'http://docs.oasis-open.org/ns/search-ws/scan',
    scanPrefix: 'zs',
    diagNs: 'http://docs.oasis-open.org/ns/search-ws/diagnostic',
    escapingElement: 'recordXMLEscaping',
  },
};

const DIAGNOSTIC_SCHEMA = 'info:srw/schema/1/diagnostics-v1.1';

export interface ResponseRecord {
  position: number;
  schemaUri: string;
  /** The record's XML, or a surrogate diagnostic in its place. */
  xml?: string;
  diagnostic?: SruDiagnostic;
}

export interface SearchRetrieveAnswer {
  numberOfRecords: number;
  records: ResponseRecord[];
  nextRecordPosition?: number;
  escaping: 'xml' | 'string';
  diagnostics: SruDiagnostic[];
}

export function searchRetrieveResponse(version: SruVersion, answer: SearchRetrieveAnswer): string {
  const d = DIALECTS[version];
  const p = d.prefix;
  const xml = new XmlWriter().open(`${p}:searchRetrieveResponse`, { [`xmlns:${p}`]: d.ns });
  xml.element(`${p}:version`, version).element(`${p}:numberOfRecords`, answer.numberOfRecords);
  if (answer.records.length > 0) {
    xml.open(`${p}:records`);
    for (const record of answer.records) writeRecord(xml, d, record, answer.escaping);
    xml.close();
  }
  xml.element(`${p}:nextRecordPosition`, answer.nextRecordPosition);
  writeDiagnostics(xml, d, answer.diagnostics);
  return xml.close().toString();
}

export function explainResponse(version: SruVersion, explain: string, escaping: 'xml' | 'string'): string {
  const d = DIALECTS[version];
  const p = d.prefix;
  const xml = new XmlWriter().open(`${p}:explainResponse`, { [`xmlns:${p}`]: d.ns });
  xml.element(`${p}:version`, version);
  xml.open(`${p}:record`).element(`${p}:recordSchema`, 'http://explain.z3950.org/dtd/2.0/');
  xml.element(`${p}:${d.escapingElement}`, escaping);
  xml.open(`${p}:recordData`);
  if (escaping === 'string') xml.text(explain);
  else xml.raw(explain);
  xml.close().close();
  return xml.close().toString();
}

export interface ScanTerm {
  value: string;
  numberOfRecords: number;
  displayTerm: string;
  whereInList: 'first' | 'last' | 'only' | 'inner';
}

export function scanResponse(
  version: SruVersion,
  terms: readonly ScanTerm[],
  diagnostics: SruDiagnostic[],
): string {
  const d = DIALECTS[version];
  const p = d.scanPrefix;
  const xml = new XmlWriter().open(`${p}:scanResponse`, { [`xmlns:${p}`]: d.scanNs });
  xml.element(`${p}:version`, version);
  if (terms.length > 0) {
    xml.open(`${p}:terms`);
    for (const t of terms) {
      xml.open(`${p}:term`).element(`${p}:value`, t.value).element(`${p}:numberOfRecords`, t.numberOfRecords);
      xml.element(`${p}:displayTerm`, t.displayTerm).element(`${p}:whereInList`, t.whereInList).close();
    }
    xml.close();
  }
  writeDiagnostics(xml, { ...d, prefix: p }, diagnostics);
  return xml.close().toString();
}

/** A request that failed before its operation could run: the operation's response, or explain's. */
export function failureResponse(
  version: SruVersion,
  operation: 'explain' | 'searchRetrieve' | 'scan' | undefined,
  diagnostic: SruDiagnostic,
  numberOfRecords = 0,
): string {
  if (operation === 'scan') return scanResponse(version, [], [diagnostic]);
  if (operation === 'searchRetrieve') {
    return searchRetrieveResponse(version, {
      numberOfRecords,
      records: [],
      escaping: 'xml',
      diagnostics: [diagnostic],
    });
  }
  const d = DIALECTS[version];
  const p = d.prefix;
  const xml = new XmlWriter().open(`${p}:explainResponse`, { [`xmlns:${p}`]: d.ns });
  xml.element(`${p}:version`, version);
  writeDiagnostics(xml, d, [diagnostic]);
  return xml.close().toString();
}

function writeRecord(xml: XmlFragment, d: Dialect, record: ResponseRecord, escaping: 'xml' | 'string'): void {
  const p = d.prefix;
  xml.open(`${p}:record`);
  const body = record.xml ?? diagnosticXml(d, record.diagnostic as SruDiagnostic);
  xml.element(`${p}:recordSchema`, record.xml === undefined ? DIAGNOSTIC_SCHEMA : record.schemaUri);
  xml.element(`${p}:${d.escapingElement}`, escaping);
  xml.open(`${p}:recordData`);
  if (escaping === 'string') xml.text(body);
  else xml.raw(body);
  xml.close().element(`${p}:recordPosition`, record.position).close();
}

function writeDiagnostics(xml: XmlFragment, d: Dialect, diagnostics: readonly SruDiagnostic[]): void {
  if (diagnostics.length === 0) return;
  xml.open(`${d.prefix}:diagnostics`);
  for (const diagnostic of diagnostics) xml.raw(diagnosticXml(d, diagnostic));
  xml.close();
}

function diagnosticXml(d: Dialect, diagnostic: SruDiagnostic): string {
  const xml = new XmlFragment().open('diag:diagnostic', { 'xmlns:diag': d.diagNs });
  xml.element('diag:uri', diagnostic.uri).element('diag:details', diagnostic.details);
  return xml.element('diag:message', diagnostic.message).close().toString();
}
