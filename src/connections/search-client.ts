// The client re-exports @elastic/transport (its own dependency, same version), so the transport
// class comes from here rather than from a package this project does not declare.
import { Client, Transport, type TransportOptions } from '@elastic/elasticsearch';

/** The servers the search adapter speaks to through the one @elastic/elasticsearch client. */
export const SEARCH_ENGINES = ['elasticsearch', 'opensearch'] as const;
export type SearchEngine = (typeof SEARCH_ENGINES)[number];

export interface SearchClientOptions {
  /** Base URL of one node, e.g. http://127.0.0.1:9201 */
  url: string;
  engine: SearchEngine;
  /** Per-request time limit; the client's own default (30 s) when absent. */
  requestTimeoutMs?: number;
  maxRetries?: number;
}

export function isSearchEngine(value: string): value is SearchEngine {
  return (SEARCH_ENGINES as readonly string[]).includes(value);
}

/**
 * The client's transport for OpenSearch. The stock client refuses any server that does not
 * answer with `x-elastic-product: Elasticsearch`, and sends `application/vnd.elasticsearch+json;
 * compatible-with=9`, which OpenSearch rejects with 406. This transport drops the product check
 * and sends plain JSON and NDJSON; the REST API we use is otherwise the same.
 */
export class OpenSearchTransport extends Transport {
  constructor(options: TransportOptions) {
    super({
      ...options,
      // The transport treats an absent product as "do not check".
      productCheck: undefined,
      vendoredHeaders: {
        jsonContentType: 'application/json',
        ndjsonContentType: 'application/x-ndjson',
        accept: 'application/json, text/plain',
      },
    });
  }
}

/**
 * A client for one Elasticsearch 8/9 or OpenSearch 2 node. Fails at once on a URL or engine it
 * cannot use, naming the bad value, instead of at the first request.
 */
export function createSearchClient(options: SearchClientOptions): Client {
  const node = parseNodeUrl(options.url);
  if (!isSearchEngine(options.engine)) {
    throw new RangeError(
      `search engine must be one of ${SEARCH_ENGINES.join(', ')}; got ${JSON.stringify(options.engine)}`,
    );
  }
  return new Client({
    node,
    ...(options.requestTimeoutMs !== undefined && { requestTimeout: options.requestTimeoutMs }),
    ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
    ...(options.engine === 'opensearch' && { Transport: OpenSearchTransport }),
  });
}

function parseNodeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`search URL is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`search URL must be http:// or https://; got ${JSON.stringify(url)}`);
  }
  return url;
}
