import type { Backends } from '../../backends/backends';
import { MAX_LIMIT, MAX_OFFSET } from '../../search/common/validate-request';
import type { SortKey } from '../../search/port';
import type { SearchService } from '../../services/search.service';
import { parseCql } from '../cql/cql-parser';
import { cqlToSearch } from '../cql/cql-to-query';
import { explainRecord, type ExplainSettings } from './explain';
import { recordSchema, type RecordSchema } from './record-schemas';
import { scan } from './scan';
import { diagnosticFor, SRU_DIAGNOSTICS, SruDiagnostic } from './sru-diagnostic';
import {
  explainResponse,
  failureResponse,
  searchRetrieveResponse,
  type ResponseRecord,
} from './sru-response';
import { SruParams, type RawParams, type SruOperation } from './sru-request';
import { sortFromSortKeys } from './sort-keys';

export const DEFAULT_RECORDS = 10;
export const MAXIMUM_RECORDS = MAX_LIMIT;
export const MAXIMUM_TERMS = 100;

/** Where the client reached us, for explain's serverInfo. */
export interface SruEndpoint {
  host: string;
  port: number;
  database: string;
}

/**
 * SRU 1.2 and 2.0 over the catalog's services: explain, searchRetrieve (CQL → the query tree →
 * SearchService, then records from the store in the schema asked for) and scan (the browse
 * indexes). Answers are XML documents; a client's mistake is a diagnostic inside one, never an
 * exception out of here. Errors that are not the client's (the store failing) are thrown.
 */
export class SruService {
  constructor(
    private readonly search: SearchService,
    private readonly backends: Pick<Backends, 'store' | 'items'>,
  ) {}

  async handle(raw: RawParams, endpoint: SruEndpoint): Promise<string> {
    const params = new SruParams(raw);
    let operation: SruOperation | undefined;
    try {
      operation = params.operation();
      if (params.versionProblem) throw params.versionProblem;
      params.checkNames(operation);
      if (operation === 'explain') return this.explain(params, endpoint);
      if (operation === 'scan') return await scan(this.search, params);
      return await this.searchRetrieve(params);
    } catch (err) {
      const diagnostic = diagnosticFor(err);
      if (!diagnostic) throw err;
      return failureResponse(params.version, operation, diagnostic, (err as { total?: number }).total ?? 0);
    }
  }

  private explain(params: SruParams, endpoint: SruEndpoint): string {
    const settings: ExplainSettings = {
      ...endpoint,
      version: params.version,
      title: 'Stacks catalog',
      defaultRecords: DEFAULT_RECORDS,
      maximumRecords: MAXIMUM_RECORDS,
      maximumTerms: MAXIMUM_TERMS,
    };
    return explainResponse(params.version, explainRecord(settings), params.escaping());
  }

  private async searchRetrieve(params: SruParams): Promise<string> {
    const schema = recordSchema(params.first('recordSchema'));
    const escaping = params.escaping();
    if (params.first('recordXPath') !== undefined) {
      throw new SruDiagnostic(SRU_DIAGNOSTICS.xpath, undefined, 'recordXPath is not supported');
    }
    const queryType = params.first('queryType');
    if (queryType !== undefined && queryType !== 'cql') {
      throw new SruDiagnostic(
        SRU_DIAGNOSTICS.parameterValue,
        'queryType',
        `queryType \`${queryType}\`: only cql`,
      );
    }
    const start = params.integer('startRecord', 1, 1);
    const maximum = Math.min(params.integer('maximumRecords', DEFAULT_RECORDS), MAXIMUM_RECORDS);
    const cql = cqlToSearch(parseCql(params.required('query')));
    const sortKeys = params.first('sortKeys');
    const sort: SortKey | undefined = cql.sort ?? (sortKeys ? sortFromSortKeys(sortKeys) : undefined);
    const offset = start - 1;
    const result = await this.search.search({
      ...(cql.query ? { query: cql.query } : {}),
      sort: sort ?? 'relevance',
      offset: Math.min(offset, MAX_OFFSET),
      limit: Math.max(maximum, 1),
    });
    if (offset >= result.total && !(result.total === 0 && start === 1)) throw outOfRange(start, result.total);
    if (offset > MAX_OFFSET) throw outOfRange(start, result.total, MAX_OFFSET + 1);
    const hits = maximum === 0 ? [] : result.hits;
    const records = await this.records(
      hits.map((h) => h.id),
      schema,
      start,
    );
    const next = start + hits.length;
    return searchRetrieveResponse(params.version, {
      numberOfRecords: result.total,
      records,
      ...(hits.length > 0 && next <= result.total ? { nextRecordPosition: next } : {}),
      escaping,
      diagnostics: [],
    });
  }

  /** The hits' records in hit order; one the index knows but the store lost is a surrogate 65. */
  private async records(ids: string[], schema: RecordSchema, start: number): Promise<ResponseRecord[]> {
    if (ids.length === 0) return [];
    const written = await this.rendered(ids, schema);
    return ids.map((id, i) => {
      const xml = written.get(id);
      const position = start + i;
      if (xml === undefined) {
        const diagnostic = new SruDiagnostic(65, id, `record ${id} is no longer in the catalog`);
        return { position, schemaUri: schema.uri, diagnostic };
      }
      return { position, schemaUri: schema.uri, xml };
    });
  }

  /** Each record the store still holds, written in the schema: id → XML. */
  private async rendered(ids: string[], schema: RecordSchema): Promise<Map<string, string>> {
    if (schema.name === 'dc') {
      const stored = await this.backends.store.getMany(ids);
      return new Map(stored.map((r) => [r.id, schema.render(r)]));
    }
    const { store, items } = this.backends;
    // The MARC alone when the store can read it apart: the document is as large and unused here.
    const [stored, copies] = await Promise.all([
      store.getMarcMany ? store.getMarcMany(ids) : store.getMany(ids),
      items.forRecords(ids),
    ]);
    return new Map(stored.map((r) => [r.id, schema.render(r, copies.get(r.id) ?? [])]));
  }
}

function outOfRange(start: number, total: number, deepest = total): SruDiagnostic {
  return Object.assign(
    new SruDiagnostic(
      SRU_DIAGNOSTICS.firstRecordOutOfRange,
      String(start),
      `startRecord ${start} is past the last record that can be retrieved (${deepest})`,
    ),
    { total },
  );
}
