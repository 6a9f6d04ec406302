import { reviseDocument, type StagedRecord } from '../../../src/ingest/staged-record';
import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import { indexRows } from '../../../src/search/sqlite/index-rows';
import { recordForms } from '../../../src/store/record-forms';
import { syntheticRecord } from '../../support/synthetic';

describe('a staged record with forms made ahead of time', () => {
  const record = syntheticRecord(1);
  const document = createDefaultMapper()(record);

  function staged(): StagedRecord {
    const prepared = { forms: recordForms(record, document), index: indexRows(document) };
    return { line: { record: 1, file: 'f', byteOffset: 0, outcome: 'rejected' }, record, document, prepared };
  }

  test('when matching revises its document, then the forms made from the old one are dropped', () => {
    const p = staged();
    reviseDocument(p, { ...p.document, id: 'elsewhere' });
    expect(p.document.id).toBe('elsewhere');
    expect(p.prepared).toBeUndefined();
    expect(p.record).toBe(record);
  });

  test('when nothing revises it, then it keeps the forms of its document', () => {
    const p = staged();
    expect(p.prepared?.forms.document.json).toBe(JSON.stringify(p.document));
  });
});
