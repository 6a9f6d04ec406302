import type { Client, estypes } from '@elastic/elasticsearch';
import { DEWEY_KEY_PREFIX, LC_KEY_PREFIX } from '../../domain/shelf-key';
import type { BrowseEntry, BrowseRequest, BrowseResponse } from '../port';
import { anchorKey } from '../common/browse-anchor';
import { validateBrowse } from '../common/validate-request';
import { compareCodePoints, decodeBrowseKey } from './browse-keys';
import { engineCall } from './engine-errors';

/**
 * The browse indexes: `browse.<index>` keywords (browse-keys.ts) read in keyword order from the
 * anchor with a composite aggregation, forwards for the entries at or after it and in descending
 * order for those before it, page by page (after_key) until enough whole keys are seen. A key's
 * buckets are consecutive; their counts add up to distinct records, the smallest heading is the
 * entry's heading. Call-number entries carry their scheme and first records (top_hits by id).
 */
const RECORDS_PER_CALL_NUMBER = 10;
const SCHEME_PREFIX = { lc: LC_KEY_PREFIX, dewey: DEWEY_KEY_PREFIX } as const;

interface Group extends BrowseEntry {
  records?: { id: string; controlNumber?: string }[];
}

interface CompositeBucket {
  key: { k: string };
  doc_count: number;
  records?: { hits: { hits: estypes.SearchHit<{ control_number?: string }>[] } };
}

export class BrowseReader {
  constructor(
    private readonly client: Client,
    private readonly index: string,
  ) {}

  /** `signal` aborts the engine's requests (the read's time budget). */
  async browse(request: BrowseRequest, signal?: AbortSignal): Promise<BrowseResponse> {
    const { before, after } = validateBrowse(request);
    const anchor = anchorKey(request);
    const [earlier, later] = await Promise.all([
      before > 0 && anchor !== '' ? this.side(request, anchor, before, 'desc', signal) : [],
      after > 0 ? this.side(request, anchor, after, 'asc', signal) : [],
    ]);
    return { entries: [...earlier.reverse(), ...later], anchor: earlier.length };
  }

  /** `limit` whole entries on one side of the anchor, nearest first. */
  private async side(
    request: BrowseRequest,
    anchor: string,
    limit: number,
    order: 'asc' | 'desc',
    signal: AbortSignal | undefined,
  ): Promise<BrowseEntry[]> {
    const scheme = request.index === 'callnumber' ? request.scheme : undefined;
    const prefix = scheme === undefined ? '' : SCHEME_PREFIX[scheme];
    const groups: Group[] = [];
    let after: string | undefined = anchor === '' ? prefix || undefined : anchor;
    for (;;) {
      const page = await this.page(request, after, order, limit + 1, signal);
      for (const bucket of page.buckets) {
        const parts = decodeBrowseKey(bucket.key.k);
        if (!parts.key.startsWith(prefix)) return groups.slice(0, limit).map(finish);
        if (scheme !== undefined && parts.scheme !== scheme) continue;
        addBucket(groups, parts, bucket);
        if (groups.length > limit) return groups.slice(0, limit).map(finish);
      }
      if (page.after === undefined) return groups.map(finish);
      after = page.after;
    }
  }

  private async page(
    request: BrowseRequest,
    after: string | undefined,
    order: 'asc' | 'desc',
    size: number,
    signal: AbortSignal | undefined,
  ): Promise<{ buckets: CompositeBucket[]; after?: string }> {
    const records: Record<string, estypes.AggregationsAggregationContainer> = {
      records: {
        top_hits: {
          size: RECORDS_PER_CALL_NUMBER,
          sort: [{ id: { order: 'asc' } }],
          _source: { includes: ['control_number'] },
        },
      },
    };
    const response = await engineCall(this.index, () =>
      this.client.search(
        {
          index: this.index,
          size: 0,
          track_total_hits: false,
          aggs: {
            entries: {
              composite: {
                size,
                sources: [{ k: { terms: { field: `browse.${request.index}`, order } } }],
                ...(after !== undefined && { after: { k: after } }),
              },
              ...(request.index === 'callnumber' && { aggs: records }),
            },
          },
        },
        { signal },
      ),
    );
    const result = response.aggregations?.['entries'] as
      { buckets: CompositeBucket[]; after_key?: { k: string } } | undefined;
    const buckets = result?.buckets ?? [];
    // A short page is the last; the engine may still send an after_key with it.
    return { buckets, after: buckets.length < size ? undefined : result?.after_key?.k };
  }
}

function addBucket(
  groups: Group[],
  parts: ReturnType<typeof decodeBrowseKey>,
  bucket: CompositeBucket,
): void {
  const records = (bucket.records?.hits.hits ?? []).map((hit) => {
    const controlNumber = hit._source?.control_number;
    const id = hit._id ?? '';
    return controlNumber === undefined ? { id } : { id, controlNumber };
  });
  const last = groups[groups.length - 1];
  if (last && last.key === parts.key) {
    last.count += bucket.doc_count;
    if (compareCodePoints(parts.heading, last.heading) < 0) last.heading = parts.heading;
    if (parts.scheme !== undefined && (last.scheme === undefined || parts.scheme < last.scheme)) {
      last.scheme = parts.scheme;
    }
    last.records?.push(...records);
    return;
  }
  const group: Group = { heading: parts.heading, key: parts.key, count: bucket.doc_count };
  if (parts.scheme !== undefined) group.scheme = parts.scheme;
  if (bucket.records !== undefined) group.records = records;
  groups.push(group);
}

/** A key's records from all its buckets: distinct, by id, the first few. */
function finish(group: Group): BrowseEntry {
  if (group.records === undefined) return group;
  const byId = new Map(group.records.map((r) => [r.id, r]));
  const records = [...byId.values()]
    .sort((a, b) => compareCodePoints(a.id, b.id))
    .slice(0, RECORDS_PER_CALL_NUMBER);
  return { ...group, records };
}
