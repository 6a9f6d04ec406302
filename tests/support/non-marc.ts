/** An OAI-PMH ListRecords response in Dublin Core: XML, but not one MARC record in it. */
export const OAI_DC_RESPONSE = `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
  <responseDate>2024-01-01T00:00:00Z</responseDate>
  <request verb="ListRecords" metadataPrefix="oai_dc">https://repository.example/oai</request>
  <ListRecords>
    <record>
      <header><identifier>oai:repository.example:1</identifier><datestamp>2024-01-01</datestamp></header>
      <metadata>
        <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <dc:title>War and peace</dc:title>
          <dc:creator>Tolstoy, Leo</dc:creator>
        </oai_dc:dc>
      </metadata>
    </record>
  </ListRecords>
</OAI-PMH>
`;

/** Two MARCXML records without a <leader>: the reader assumes one and warns `leader_repaired`. */
export const XML_WITHOUT_LEADERS = `<collection xmlns="http://www.loc.gov/MARC21/slim">
${['w1', 'w2']
  .map(
    (id) =>
      `<record><controlfield tag="001">${id}</controlfield><datafield tag="245" ind1="0" ind2="0"><subfield code="a">Title ${id}</subfield></datafield></record>`,
  )
  .join('\n')}
</collection>
`;
