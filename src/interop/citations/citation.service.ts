import type { RecordStore } from '../../store/port';
import type { CslItem } from './csl-item';
import { toCslItem, type CitableRecord } from './marc-to-csl';

/**
 * Records as CSL-JSON items, one record or a page of hits: what the citation formats are made
 * from (citation-formats.ts). Reads only the record store, so a page costs one `getMany`.
 */
export class CitationService {
  constructor(private readonly store: Pick<RecordStore, 'getMany'>) {}

  itemOf(record: CitableRecord): CslItem {
    return toCslItem(record);
  }

  /** In hit order; a hit the index still knows but the store no longer holds is left out. */
  async itemsOf(ids: readonly string[]): Promise<CslItem[]> {
    if (ids.length === 0) return [];
    const byId = new Map((await this.store.getMany(ids)).map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const record = byId.get(id);
      return record ? [toCslItem(record)] : [];
    });
  }
}
