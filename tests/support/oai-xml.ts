import request from 'supertest';
import type { Express } from 'express';
import { all, parseXml, textOf, type XmlNode } from './sru-xml';

export const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';

/** One OAI-PMH request by GET, checked to be a 200 XML answer, parsed. */
export async function oaiGet(app: Express, query: Record<string, string>): Promise<XmlNode> {
  const res = await request(app).get('/oai').query(query);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/xml/);
  const doc = parseXml(res.text);
  expect(doc.uri).toBe(OAI_NS);
  expect(doc.name).toBe('OAI-PMH');
  return doc;
}

/** The error codes of a response, in order. */
export function errorCodes(doc: XmlNode): string[] {
  return all(doc, 'error').map((e) => e.attributes.code ?? '');
}

export interface HarvestedHeader {
  identifier: string;
  datestamp: string;
  deleted: boolean;
  setSpecs: string[];
}

export function headersOf(doc: XmlNode): HarvestedHeader[] {
  return all(doc, 'header').map((h) => ({
    identifier: textOf(h, 'identifier') ?? '',
    datestamp: textOf(h, 'datestamp') ?? '',
    deleted: h.attributes.status === 'deleted',
    setSpecs: all(h, 'setSpec').map((s) => s.text),
  }));
}

export function tokenOf(doc: XmlNode): XmlNode | undefined {
  return all(doc, 'resumptionToken')[0];
}

/**
 * A whole list, page by page, as a harvester walks it; `between` runs after each page (writes
 * during a harvest). Returns the headers in the order received and the responses' token elements.
 */
export async function harvest(
  app: Express,
  verb: 'ListIdentifiers' | 'ListRecords',
  args: Record<string, string>,
  between?: (page: number) => Promise<void>,
): Promise<{ headers: HarvestedHeader[]; tokens: XmlNode[]; pages: XmlNode[] }> {
  const headers: HarvestedHeader[] = [];
  const tokens: XmlNode[] = [];
  const pages: XmlNode[] = [];
  let query: Record<string, string> = { verb, ...args };
  for (let page = 1; ; page++) {
    const doc = await oaiGet(app, query);
    expect(errorCodes(doc)).toEqual([]);
    pages.push(doc);
    headers.push(...headersOf(doc));
    const token = tokenOf(doc);
    if (token) tokens.push(token);
    if (!token || token.text === '') return { headers, tokens, pages };
    if (between) await between(page);
    query = { verb, resumptionToken: token.text };
  }
}
