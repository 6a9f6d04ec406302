import { CONTEXT_SETS, CQL_INDEXES, type ContextSetName } from '../cql/cql-indexes';
import { RECORD_SCHEMAS } from './record-schemas';
import { XmlFragment } from '../records/xml-writer';

/** What a server says of itself in explain; host and port are where the client reached it. */
export interface ExplainSettings {
  /** The SRU version the client asked in (serverInfo's version). */
  version: string;
  host: string;
  port: number;
  database: string;
  title: string;
  defaultRecords: number;
  maximumRecords: number;
  maximumTerms: number;
}

export const EXPLAIN_NS = 'http://explain.z3950.org/dtd/2.0/';

const RELATIONS = ['=', '==', 'exact', 'all', 'any', 'adj', '<', '>', '<=', '>=', 'within'];
/** Indexes scan answers from, by browse index. */
export const SCAN_INDEXES: Readonly<Record<string, 'title' | 'author' | 'subject' | 'callnumber'>> = {
  'dc.title': 'title',
  'stacks.title': 'title',
  'dc.creator': 'author',
  'stacks.author': 'author',
  'dc.subject': 'subject',
  'stacks.subject': 'subject',
  'stacks.callnumber': 'callnumber',
};

/**
 * The ZeeRex record (explain.z3950.org/dtd/2.0): the indexes of cql-indexes.ts (the same table the
 * CQL mapper reads), the record schemas, the relations and the limits searchRetrieve enforces.
 */
export function explainRecord(s: ExplainSettings): string {
  const xml = new XmlFragment().open('explain', { xmlns: EXPLAIN_NS });
  xml.open('serverInfo', { protocol: 'SRU', version: s.version, transport: 'http' });
  xml.element('host', s.host).element('port', s.port).element('database', s.database).close();
  xml.open('databaseInfo').element('title', s.title, { lang: 'en', primary: 'true' });
  xml.element('description', 'The catalog: CQL 1.2 over the same search as /search', { lang: 'en' }).close();
  xml.open('indexInfo');
  for (const [name, identifier] of Object.entries(CONTEXT_SETS)) xml.empty('set', { name, identifier });
  for (const entry of CQL_INDEXES) {
    const scan = SCAN_INDEXES[`${entry.set}.${entry.name}`] !== undefined;
    xml.open('index', { search: 'true', scan: String(scan), sort: String(entry.sort !== undefined) });
    xml.element('title', entry.title, { lang: 'en' });
    xml
      .open('map')
      .element('name', entry.name, { set: entry.set satisfies ContextSetName })
      .close();
    xml.close();
  }
  xml.close();
  xml.open('schemaInfo');
  for (const schema of RECORD_SCHEMAS) {
    xml.open('schema', { identifier: schema.uri, name: schema.name, sort: 'false', retrieve: 'true' });
    xml.element('title', schema.title, { lang: 'en' }).close();
  }
  xml.close();
  xml.open('configInfo');
  xml.element('default', s.defaultRecords, { type: 'numberOfRecords' });
  xml.element('setting', s.maximumRecords, { type: 'maximumRecords' });
  xml.element('setting', s.maximumTerms, { type: 'maximumTerms' });
  xml.element('default', 'marcxml', { type: 'retrieveSchema' });
  xml.element('default', 'cql.serverChoice', { type: 'index' });
  xml.element('default', '=', { type: 'relation' });
  for (const relation of RELATIONS) xml.element('supports', relation, { type: 'relation' });
  for (const modifier of ['relevant', 'masked', 'ignoreCase', 'ignoreAccents', 'word']) {
    xml.element('supports', modifier, { type: 'relationModifier' });
  }
  xml.element('supports', 'sort.ascending', { type: 'sortModifier' });
  xml.element('supports', 'sort.descending', { type: 'sortModifier' });
  xml.element('supports', '*', { type: 'maskingCharacter' });
  xml.empty('supports', { type: 'sortKeys' });
  xml.empty('supports', { type: 'sort' });
  xml.close();
  return xml.close().toString();
}
