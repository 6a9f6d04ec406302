import type { Item } from '../../domain/items/item';
import type { ItemStore } from '../../items/port';
import type { MarcRecord } from '../../marc/record';
import { encodeCursor } from '../../search/common/cursor';
import type { QueryNode } from '../../search/query/ast';
import { parseQuery } from '../../search/query/parser';
import type { SearchIndex } from '../../search/port';
import type { RecordStore } from '../../store/port';
import { withHoldings } from '../holdings-fields';

/** What to export: a query's records or the whole catalog, from a record id on. */
export interface ExportRequest {
  /** The query language (docs/query-language.md); absent or blank: every record the store holds. */
  q?: string;
  /** Each record's copies added as 852 fields, as SRU's MARCXML writes them. */
  withItems?: boolean;
  /** Resume: only records whose id comes after this one (the last record received complete). */
  after?: string;
}

export interface ExportedRecord {
  id: string;
  record: MarcRecord;
}

/** An export checked and started: how many records it holds in all, and its records in pages. */
export interface ExportRun {
  /** Records in the whole export (those before `after` included); for a query, the search's total. */
  total: number;
  pages: AsyncGenerator<ExportedRecord[]>;
}

/** Records read from the store at a time: big enough to amortise a query, small enough to stream. */
export const STORE_PAGE = 500;
/** The search port's largest page. */
const SEARCH_PAGE = 100;

/**
 * Bulk export: every record of a query, or of the catalog, in the order of their ids, a page at a
 * time, so memory stays flat whatever the size and an interrupted export resumes after the last
 * id received. The whole catalog is read from the store (what it holds, records the index has not
 * caught up with included); a query's records are its hits in the index, read from the store
 * (a hit whose record has gone since is skipped). Writing them is the caller's (writers in marc/).
 */
export class ExportService {
  constructor(private readonly ports: { store: RecordStore; index: SearchIndex; items: ItemStore }) {}

  /**
   * Checks the request and reads the first page before returning, so a bad query or cursor, or a
   * server that does not answer, fails before the caller has written anything.
   */
  async open(request: ExportRequest): Promise<ExportRun> {
    const query = request.q !== undefined && request.q.trim() !== '' ? parseQuery(request.q) : undefined;
    const source = query === undefined ? this.fromStore(request.after) : this.fromQuery(query, request.after);
    const first = await source.next();
    const total = first.done ? 0 : first.value.total;
    const withItems = request.withItems === true;
    return { total, pages: this.pages(first, source, withItems) };
  }

  private async *pages(
    first: IteratorResult<Page>,
    rest: AsyncGenerator<Page>,
    withItems: boolean,
  ): AsyncGenerator<ExportedRecord[]> {
    if (first.done) return;
    yield await this.finish(first.value.records, withItems);
    for await (const page of rest) yield await this.finish(page.records, withItems);
  }

  private async *fromStore(after: string | undefined): AsyncGenerator<Page> {
    const total = await this.ports.store.count();
    let next = after;
    do {
      const page = await this.ports.store.recordsById({
        limit: STORE_PAGE,
        ...(next !== undefined && { after: next }),
      });
      yield { total, records: page.records };
      next = page.next;
    } while (next !== undefined);
  }

  private async *fromQuery(query: QueryNode | undefined, after: string | undefined): AsyncGenerator<Page> {
    // An id cursor is the id alone (search/common/cursor.ts), so a resume is one made by hand.
    let cursor = after === undefined ? undefined : encodeCursor({ sort: 'id', value: after, id: after });
    do {
      const response = await this.ports.index.search({
        ...(query && { query }),
        sort: 'id',
        limit: SEARCH_PAGE,
        ...(cursor !== undefined && { cursor }),
      });
      const ids = response.hits.map((h) => h.id);
      yield { total: response.total, records: await this.marcOf(ids) };
      cursor = response.nextCursor;
    } while (cursor !== undefined);
  }

  /** The MARC alone where the store can read it apart (getMarcMany), in the order of the ids. */
  private async marcOf(ids: string[]): Promise<ExportedRecord[]> {
    if (ids.length === 0) return [];
    const { store } = this.ports;
    if (store.getMarcMany) return store.getMarcMany(ids);
    return (await store.getMany(ids)).map((s) => ({ id: s.id, record: s.record }));
  }

  private async finish(records: ExportedRecord[], withItems: boolean): Promise<ExportedRecord[]> {
    if (!withItems || records.length === 0) return records;
    const items = await this.ports.items.forRecords(records.map((r) => r.id));
    return records.map((r) => ({ id: r.id, record: withHoldings(r.record, items.get(r.id) ?? NO_ITEMS) }));
  }
}

interface Page {
  total: number;
  records: ExportedRecord[];
}

const NO_ITEMS: readonly Item[] = [];
