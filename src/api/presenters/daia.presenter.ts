import { displayCallNumber } from '../../domain/items/availability';
import type { Item } from '../../domain/items/item';
import { itemAccess, type Access } from '../../domain/items/item-access';
import type { LocationDirectory } from '../../domain/items/locations';
import type { RecordCopies } from '../../services/availability.service';
import type { components } from '../openapi.generated';

type DaiaResponse = components['schemas']['DaiaResponse'];
type DaiaDocument = components['schemas']['DaiaDocument'];
type DaiaItem = components['schemas']['DaiaItem'];
type DaiaAvailable = components['schemas']['DaiaAvailable'];
type DaiaUnavailable = components['schemas']['DaiaUnavailable'];

/** The DAIA version the response follows, sent as X-DAIA-Version (DAIA 1.0 requires it). */
export const DAIA_VERSION = '1.0.0';

/**
 * DAIA 1.0 JSON (https://gbv.github.io/daia/): a document per record asked for, an item per copy,
 * each with the services available and unavailable. Ids must be URIs and unique in a response,
 * and record ids (`(OCoLC)123`) are not, so they are URNs in the namespace the problem types use:
 * `urn:stacks:record:<id>`, `urn:stacks:item:<barcode>`, percent-encoded. `requested` repeats the
 * id as asked, which is how DAIA clients match documents to their request.
 */
export function daiaResponse(
  records: readonly RecordCopies[],
  locations: LocationDirectory,
  at: string,
): DaiaResponse {
  return { document: records.map((r) => daiaDocument(r, locations)), timestamp: at };
}

function daiaDocument(record: RecordCopies, locations: LocationDirectory): DaiaDocument {
  const doc: DaiaDocument = { id: urn('record', record.id), requested: record.id };
  if (record.title) doc.about = record.title;
  const items = record.items.filter((i) => i.status !== 'withdrawn').map((i) => daiaItem(i, locations));
  if (items.length > 0) doc.item = items;
  return doc;
}

function daiaItem(item: Item, locations: LocationDirectory): DaiaItem {
  const names = locations.names(item.location);
  const out: DaiaItem = {
    id: urn('item', item.barcode),
    // DAIA's hierarchy is institution → department → storage: a library, then its shelving location.
    department: { id: urn('library', item.location.library), content: names.libraryName },
    storage: { id: urn('location', names.code), content: names.shelfName },
  };
  const label = displayCallNumber(item);
  if (label) out.label = label;
  if (item.publicNotes.length > 0) out.about = item.publicNotes.join('; ');
  const access = itemAccess(item);
  const available = access.filter((a) => a.available).map(availableJson);
  const unavailable = access.filter((a) => !a.available).map(unavailableJson);
  if (available.length > 0) out.available = available;
  if (unavailable.length > 0) out.unavailable = unavailable;
  return out;
}

function availableJson(access: Access): DaiaAvailable {
  // On its way back to the shelf: there, but maybe not this minute.
  return access.available && access.delayed
    ? { service: access.service, delay: 'unknown' }
    : { service: access.service };
}

function unavailableJson(access: Access): DaiaUnavailable {
  const out: DaiaUnavailable = { service: access.service };
  if (access.available) return out;
  if (access.expected) out.expected = access.expected;
  if (access.limitation === 'not-for-loan') out.limitation = [{ content: 'not for loan' }];
  return out;
}

function urn(kind: 'record' | 'item' | 'library' | 'location', id: string): string {
  return `urn:stacks:${kind}:${encodeURIComponent(id)}`;
}
