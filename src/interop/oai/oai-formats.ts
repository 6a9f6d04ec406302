import type { Item } from '../../domain/items/item';
import { toMarcXmlElement } from '../../marc/writers/marcxml.writer';
import type { StoredRecord } from '../../store/port';
import { DC_NAMESPACE, toDublinCore, type DcContainer } from '../records/dublin-core';
import { withHoldings } from '../holdings-fields';
import { OaiError } from './oai-error';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const OAI_DC_NAMESPACE = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
const OAI_DC_SCHEMA = 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd';

/** A metadata format ListMetadataFormats announces and ListRecords/GetRecord write. */
export interface MetadataFormat {
  prefix: 'oai_dc' | 'marc21';
  schema: string;
  namespace: string;
  /** Whether rendering needs the record's copies (read only then). */
  needsItems: boolean;
  render(stored: StoredRecord, items: readonly Item[]): string;
}

const OAI_DC_CONTAINER: DcContainer = {
  name: 'oai_dc:dc',
  attrs: {
    'xmlns:oai_dc': OAI_DC_NAMESPACE,
    'xmlns:dc': DC_NAMESPACE,
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${OAI_DC_NAMESPACE} ${OAI_DC_SCHEMA}`,
  },
};

/**
 * oai_dc (required of every repository) is the same crosswalk SRU's `dc` writes; marc21 is
 * MARCXML, the stored record with its copies as 852s, as SRU's `marcxml` (src/interop/records).
 */
export const METADATA_FORMATS: readonly MetadataFormat[] = [
  {
    prefix: 'oai_dc',
    schema: OAI_DC_SCHEMA,
    namespace: OAI_DC_NAMESPACE,
    needsItems: false,
    render: (stored) => toDublinCore(stored.record, stored.document, OAI_DC_CONTAINER),
  },
  {
    prefix: 'marc21',
    schema: 'http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd',
    namespace: 'http://www.loc.gov/MARC21/slim',
    needsItems: true,
    render: (stored, items) => toMarcXmlElement(withHoldings(stored.record, items), { pretty: false }),
  },
];

export function metadataFormat(prefix: string): MetadataFormat {
  const format = METADATA_FORMATS.find((f) => f.prefix === prefix);
  if (!format) {
    throw new OaiError(
      'cannotDisseminateFormat',
      `metadataPrefix "${prefix}" is not served here: use ${METADATA_FORMATS.map((f) => f.prefix).join(' or ')}`,
    );
  }
  return format;
}
