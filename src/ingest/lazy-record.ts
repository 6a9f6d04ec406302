import { recordFromMarcInJson } from '../marc/readers/mij-record';
import { MarcRecord } from '../marc/record';

/**
 * A record that arrives from the worker thread as its canonical MARC-in-JSON text. The store is
 * handed that text with it, so on the writing thread nothing normally reads the fields; building
 * them (about 50 objects a record) is left until something does.
 */
export function lazyRecord(marcInJson: string): MarcRecord {
  const record = new MarcRecord();
  let real: MarcRecord | undefined;
  const load = (): MarcRecord => (real ??= recordFromMarcInJson(JSON.parse(marcInJson)).record);
  Object.defineProperties(record, {
    leader: {
      enumerable: true,
      get: () => load().leader,
      set: (value: string) => (load().leader = value),
    },
    fields: {
      enumerable: true,
      get: () => load().fields,
      set: (value: MarcRecord['fields']) => (load().fields = value),
    },
  });
  return record;
}
