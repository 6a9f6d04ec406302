import type { Client } from '@elastic/elasticsearch';
import { AppError } from '../../errors/app-error';
import type {
  AvailabilityEntry,
  BrowseRequest,
  BrowseResponse,
  IndexedDocument,
  SearchIndex,
  SearchRequest,
  SearchResponse,
} from '../port';
import { BrowseReader } from './browse-reader';
import { BulkWriter, type BulkOptions } from './bulk-writer';
import {
  availabilityOperations,
  deleteOperations,
  documentOperations,
  engineBulkSender,
} from './document-writes';
import { engineCall } from './engine-errors';
import { FacetSpellings } from './facet-spellings';
import {
  ensureIndex,
  rebuildIndex,
  staleIndexError,
  type StaleIndex,
  type StaleMapping,
} from './index-alias';
import type { IndexSettingsOptions } from './index-settings';
import { SearchRunner } from './search-runner';

/**
 * The search index on Elasticsearch 8/9 or OpenSearch 2/3, through one @elastic/elasticsearch
 * client (createSearchClient picks the engine's mode). Everything goes through an alias, so
 * `stacks reindex` can rebuild behind it (index-alias.ts). The client is the caller's: close()
 * only stops this adapter.
 */
export interface ElasticSearchIndexOptions extends IndexSettingsOptions {
  /** The alias every request names; default `stacks`. */
  indexName?: string;
  /**
   * When writes become visible to searches. false (default): within the index's refresh interval
   * (1 s), the cheap way for ingest. true: refresh once after each upsert/remove (read-your-writes,
   * as tests and single-record API writes want). 'wait_for': each bulk request waits for the next
   * scheduled refresh (read-your-writes without forcing extra segments, up to 1 s per call).
   */
  refresh?: boolean | 'wait_for';
  bulk?: BulkOptions;
  /**
   * A read's budget (search, browse, count): past it its requests are aborted, which makes the
   * engine cancel the search, and the read fails `search_timeout`, as an embedded read does.
   */
  readTimeoutMs?: number;
  /**
   * An index built under another mapping version is refused at open (`search_index_version`,
   * the default `refuse`); `rebuild` opens it for `rebuild` alone (`stacks reindex`): every other
   * call is refused the same way until a rebuild has replaced it with an index of this version.
   */
  staleMapping?: StaleMapping;
}

export const DEFAULT_INDEX_NAME = 'stacks';

export async function createElasticSearchIndex(
  client: Client,
  options: ElasticSearchIndexOptions = {},
): Promise<SearchIndex> {
  const alias = options.indexName ?? DEFAULT_INDEX_NAME;
  const { stale } = await ensureIndex(client, alias, options);
  return new ElasticSearchIndex(client, alias, options, stale);
}

class ElasticSearchIndex implements SearchIndex {
  private readonly writer: BulkWriter;
  private readonly runner: SearchRunner;
  private readonly browser: BrowseReader;
  private readonly spellings: FacetSpellings;
  private closed = false;

  constructor(
    private readonly client: Client,
    private readonly alias: string,
    private readonly options: ElasticSearchIndexOptions,
    /** Set while the alias points at an index of another mapping version: only rebuild may run. */
    private stale: StaleIndex | undefined,
  ) {
    const refresh = options.refresh ?? false;
    this.writer = new BulkWriter(
      alias,
      engineBulkSender(client, alias, refresh === 'wait_for' ? 'wait_for' : false),
      options.bulk,
    );
    this.spellings = new FacetSpellings(client, alias);
    this.runner = new SearchRunner(client, alias, this.spellings);
    this.browser = new BrowseReader(client, alias);
  }

  upsert(documents: readonly IndexedDocument[]): Promise<void> {
    return this.write(() => this.writer.write(documentOperations(documents)), documents.length);
  }

  remove(ids: readonly string[]): Promise<void> {
    return this.write(() => this.writer.write(deleteOperations(ids)), ids.length);
  }

  /** Partial updates: the summary and the availability facets; a record not here is skipped (404). */
  setAvailability(entries: readonly AvailabilityEntry[]): Promise<void> {
    return this.write(() => this.writer.write(availabilityOperations(entries)), entries.length);
  }

  search(request: SearchRequest): Promise<SearchResponse> {
    return this.read((signal) => this.runner.run(request, signal));
  }

  browse(request: BrowseRequest): Promise<BrowseResponse> {
    return this.read((signal) => this.browser.browse(request, signal));
  }

  count(): Promise<number> {
    return this.read(async (signal) => {
      const response = await engineCall(this.alias, () =>
        this.client.count({ index: this.alias }, { signal }),
      );
      return response.count;
    });
  }

  /** A new physical index loaded beside the live one, then the alias moved in one update. */
  rebuild(batches: AsyncIterable<readonly IndexedDocument[]>): Promise<{ documents: number }> {
    return this.open(async () => {
      const { replicas, bulk } = this.options;
      // The new index gets this build's mapping; the swap drops the old one, stale or not.
      const result = await rebuildIndex(this.client, this.alias, batches, {
        ...(replicas !== undefined && { replicas }),
        ...(bulk !== undefined && { bulk }),
      });
      this.stale = undefined;
      this.spellings.forget();
      return { documents: result.documents };
    }, 'rebuild');
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private write(work: () => Promise<void>, size: number): Promise<void> {
    return this.open(async () => {
      if (size === 0) return;
      this.spellings.forget();
      let failure: unknown;
      await work().catch((error: unknown) => {
        failure = error;
      });
      // Again after the write: a search meanwhile may have kept a spelling the write changed.
      this.spellings.forget();
      // Refused documents do not undo the rest of the batch: those writes are made visible too.
      if (this.options.refresh === true) {
        const refreshed = engineCall(this.alias, () => this.client.indices.refresh({ index: this.alias }));
        await (failure === undefined ? refreshed : refreshed.catch(() => undefined));
      }
      if (failure !== undefined) throw failure;
    });
  }

  /** A read within its budget: an abort past it is `search_timeout`, whatever the client made of it. */
  private read<T>(work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    const budget = this.options.readTimeoutMs;
    if (budget === undefined) return this.open(() => work(undefined));
    const signal = AbortSignal.timeout(budget);
    return this.open(() => work(signal)).catch((error: unknown) => {
      if (!signal.aborted) throw error;
      throw new AppError('search_timeout', `the search engine took more than ${budget} ms`, {
        index: this.alias,
        budgetMs: budget,
        // Another try would likely take as long: not before the budget has passed again.
        retryAfterSeconds: Math.min(60, Math.max(1, Math.ceil(budget / 1000))),
      });
    });
  }

  private async open<T>(work: () => Promise<T>, call?: 'rebuild'): Promise<T> {
    if (this.closed) throw new AppError('index_unavailable', `the search index ${this.alias} is closed`);
    if (this.stale !== undefined && call !== 'rebuild') throw staleIndexError(this.stale);
    return work();
  }
}
