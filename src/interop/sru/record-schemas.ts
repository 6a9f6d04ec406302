import type { Item } from '../../domain/items/item';
import { toMarcXmlElement } from '../../marc/writers/marcxml.writer';
import type { StoredMarc, StoredRecord } from '../../store/port';
import { withHoldings } from '../holdings-fields';
import { DC_SCHEMA_URI, toDublinCore } from '../records/dublin-core';
import { SRU_DIAGNOSTICS, SruDiagnostic } from './sru-diagnostic';

interface SchemaNames {
  uri: string;
  title: string;
}

/** Written from the MARC alone (with the copies), so the store can read less: getMarcMany. */
export interface MarcSchema extends SchemaNames {
  name: 'marcxml';
  render(stored: StoredMarc, items: readonly Item[]): string;
}

/** Written from the record and what mapping made of it. */
export interface DocumentSchema extends SchemaNames {
  name: 'dc';
  render(stored: StoredRecord): string;
}

/** The record schemas searchRetrieve writes, by the names and URIs a client may ask for. */
export type RecordSchema = MarcSchema | DocumentSchema;

export const MARCXML_SCHEMA_URI = 'info:srw/schema/1/marcxml-v1.1';

export const RECORD_SCHEMAS: readonly RecordSchema[] = [
  {
    name: 'marcxml',
    uri: MARCXML_SCHEMA_URI,
    title: 'MARC21 slim (MARCXML), with copies as 852 fields',
    render: (stored, items) => toMarcXmlElement(withHoldings(stored.record, items), { pretty: false }),
  },
  {
    name: 'dc',
    uri: DC_SCHEMA_URI,
    title: 'Simple Dublin Core (LoC MARC to DC crosswalk, main elements)',
    render: (stored) => toDublinCore(stored.record, stored.document),
  },
];

/** Other names clients use for the same schemas (yaz, older SRU servers). */
const ALIASES: Readonly<Record<string, RecordSchema['name']>> = {
  marcxml: 'marcxml',
  marc21: 'marcxml',
  'marc21-xml': 'marcxml',
  marc21slim: 'marcxml',
  'info:srw/schema/1/marcxml-v1.1': 'marcxml',
  'info:srw/schema/1/marcxml-v1.1-light': 'marcxml',
  'http://www.loc.gov/marc21/slim': 'marcxml',
  dc: 'dc',
  'info:srw/schema/1/dc-v1.1': 'dc',
  'info:srw/schema/1/dc-schema': 'dc',
  'http://purl.org/dc/elements/1.1/': 'dc',
};

export const DEFAULT_SCHEMA = 'marcxml';

export function recordSchema(name: string | undefined): RecordSchema {
  const key = ALIASES[(name ?? DEFAULT_SCHEMA).trim().toLowerCase()];
  const schema = RECORD_SCHEMAS.find((s) => s.name === key);
  if (!schema) {
    throw new SruDiagnostic(
      SRU_DIAGNOSTICS.unknownSchema,
      name,
      `unknown record schema \`${name}\`: use ${RECORD_SCHEMAS.map((s) => `${s.name} (${s.uri})`).join(' or ')}`,
    );
  }
  return schema;
}
