import { XmlFragment, XmlWriter } from '../records/xml-writer';
import type { OaiError } from './oai-error';

const OAI = 'http://www.openarchives.org/OAI/2.0/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const OAI_IDENTIFIER = 'http://www.openarchives.org/OAI/2.0/oai-identifier';

/** What every response repeats of its request (section 3.2): the base URL and the arguments. */
export interface Envelope {
  baseUrl: string;
  responseDate: string;
  /** The verb and arguments; left out after badVerb and badArgument, as the protocol says. */
  request?: Record<string, string>;
}

/** The OAI-PMH document around a verb's body (XML another function wrote) or an error. */
export function oaiDocument(envelope: Envelope, body: string | OaiError): string {
  const xml = new XmlWriter();
  xml.open('OAI-PMH', {
    xmlns: OAI,
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd`,
  });
  xml.element('responseDate', envelope.responseDate);
  xml.element('request', envelope.baseUrl, envelope.request ?? {});
  if (typeof body === 'string') xml.raw(body);
  else xml.element('error', body.message, { code: body.code });
  return xml.close().toString();
}

export interface IdentifyFields {
  repositoryName: string;
  baseUrl: string;
  adminEmails: readonly string[];
  earliestDatestamp: string;
  granularity: string;
  repositoryIdentifier: string;
  sampleIdentifier: string;
}

export function identifyBody(f: IdentifyFields): string {
  const xml = new XmlFragment().open('Identify');
  xml.element('repositoryName', f.repositoryName).element('baseURL', f.baseUrl);
  xml.element('protocolVersion', '2.0');
  for (const email of f.adminEmails) xml.element('adminEmail', email);
  xml.element('earliestDatestamp', f.earliestDatestamp);
  // Tombstones are kept for good (docs/store.md), so deletions can always be reported.
  xml.element('deletedRecord', 'persistent').element('granularity', f.granularity);
  xml.open('description').open('oai-identifier', {
    xmlns: OAI_IDENTIFIER,
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${OAI_IDENTIFIER} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd`,
  });
  xml.element('scheme', 'oai').element('repositoryIdentifier', f.repositoryIdentifier);
  xml.element('delimiter', ':').element('sampleIdentifier', f.sampleIdentifier);
  return xml.close().close().close().toString();
}

export function metadataFormatsBody(
  formats: readonly { prefix: string; schema: string; namespace: string }[],
): string {
  const xml = new XmlFragment().open('ListMetadataFormats');
  for (const f of formats) {
    xml.open('metadataFormat').element('metadataPrefix', f.prefix);
    xml.element('schema', f.schema).element('metadataNamespace', f.namespace).close();
  }
  return xml.close().toString();
}

export function setsBody(sets: readonly { spec: string; name: string }[]): string {
  const xml = new XmlFragment().open('ListSets');
  for (const s of sets) xml.open('set').element('setSpec', s.spec).element('setName', s.name).close();
  return xml.close().toString();
}

export interface Header {
  identifier: string;
  datestamp: string;
  setSpecs: readonly string[];
  deleted: boolean;
}

export function headerXml(xml: XmlFragment, h: Header): void {
  xml.open('header', h.deleted ? { status: 'deleted' } : {});
  xml.element('identifier', h.identifier).element('datestamp', h.datestamp);
  for (const spec of h.setSpecs) xml.element('setSpec', spec);
  xml.close();
}

/** A record: its header, and its metadata unless it is deleted. */
export function recordXml(xml: XmlFragment, h: Header, metadata: string | undefined): void {
  xml.open('record');
  headerXml(xml, h);
  if (metadata !== undefined) xml.open('metadata').raw(metadata).close();
  xml.close();
}

export interface TokenFields {
  /** Empty on the last page of a list that had more than one. */
  token: string;
  cursor: number;
  completeListSize?: number;
  expirationDate?: string;
}

export function resumptionTokenXml(xml: XmlFragment, t: TokenFields): void {
  xml.element('resumptionToken', t.token, {
    expirationDate: t.expirationDate,
    completeListSize: t.completeListSize === undefined ? undefined : String(t.completeListSize),
    cursor: String(t.cursor),
  });
}
