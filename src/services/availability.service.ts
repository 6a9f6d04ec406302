import type { Backends } from '../backends/backends';
import { summarizeAvailability, type AvailabilitySummary } from '../domain/items/availability';
import type { Item } from '../domain/items/item';

/** A record asked for by id, with its title (for DAIA's `about`) and its copies in shelf order. */
export interface RecordCopies {
  id: string;
  title?: string;
  items: Item[];
}

/**
 * Availability as other systems ask for it: the copies of many records at once (DAIA) and one
 * record's summary (its view). Reads only; the items port answers both in one query.
 */
export class AvailabilityService {
  constructor(private readonly backends: Pick<Backends, 'store' | 'items'>) {}

  /**
   * The live records among `ids`, each once, in the order first asked. Ids of no live record are
   * left out: DAIA answers an unknown id with no document rather than an error.
   */
  async copies(ids: readonly string[]): Promise<RecordCopies[]> {
    const unique = [...new Set(ids)];
    const [records, items] = await Promise.all([
      this.backends.store.getMany(unique),
      this.backends.items.forRecords(unique),
    ]);
    const byId = new Map(records.map((r) => [r.id, r]));
    return unique.flatMap((id) => {
      const record = byId.get(id);
      if (!record) return [];
      const copies: RecordCopies = { id, items: items.get(id) ?? [] };
      if (record.document.title) copies.title = record.document.title;
      return [copies];
    });
  }

  /** What the record view shows of a record's copies. */
  async summary(recordId: string): Promise<AvailabilitySummary> {
    return summarizeAvailability(await this.backends.items.forRecord(recordId));
  }
}
