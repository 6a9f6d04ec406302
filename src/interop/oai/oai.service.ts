import type { Backends } from '../../backends/backends';
import type { SearchService } from '../../services/search.service';
import type { Change } from '../../store/port';
import { XmlFragment } from '../records/xml-writer';
import { datestamp, dateRange, GRANULARITY } from './oai-dates';
import { OaiError } from './oai-error';
import { METADATA_FORMATS, metadataFormat, type MetadataFormat } from './oai-formats';
import { changedAt, harvestPage, type HarvestEntry } from './oai-harvest';
import { oaiIdentifier, recordIdOf } from './oai-identifier';
import { parseRequest, type OaiRequest, type RawParams } from './oai-request';
import {
  headerXml,
  identifyBody,
  metadataFormatsBody,
  oaiDocument,
  recordXml,
  resumptionTokenXml,
  type Header,
} from './oai-response';
import { listSets } from './oai-set-list';
import { parseSet, setSpecsOf } from './oai-sets';
import { decodeToken, encodeToken, TOKEN_LIFETIME_SECONDS, type ResumptionState } from './oai-token';

/** What a deployment says about its repository (STACKS_OAI_…, src/config/oai.config.ts). */
export interface OaiSettings {
  repositoryName: string;
  /** The oai-identifier scheme's repositoryIdentifier: a domain name (`catalog.example.org`). */
  repositoryIdentifier: string;
  adminEmails: readonly string[];
  /** The public address of /oai; absent: the address the request came to. */
  baseUrl?: string;
  /** ListRecords' page. */
  recordsPageSize: number;
  /** ListIdentifiers' page: headers are small, so more of them. */
  identifiersPageSize: number;
}

export interface OaiPorts {
  search: SearchService;
  backends: Pick<Backends, 'store' | 'items'>;
  /** The library's name for a library code, for ListSets (the locations file). */
  libraryName?: (code: string) => string;
  /** The clock, in milliseconds (tests move it to expire tokens). */
  now?: () => number;
}

/**
 * OAI-PMH 2.0 over the record store's change feed: the six verbs, sets by format and library,
 * deleted records from the store's tombstones, resumption by change cursor. Answers are XML
 * documents; a client's mistake is an `<error>` inside one, never an exception out of here.
 * Errors that are not the client's (the store failing) are thrown.
 */
export class OaiService {
  private readonly now: () => number;

  constructor(
    private readonly ports: OaiPorts,
    private readonly settings: OaiSettings,
  ) {
    this.now = ports.now ?? Date.now;
  }

  async handle(raw: RawParams, requestUrl: string): Promise<string> {
    const baseUrl = this.settings.baseUrl ?? requestUrl;
    const responseDate = datestamp(new Date(this.now()).toISOString());
    let request: OaiRequest | undefined;
    try {
      request = parseRequest(raw);
      const body = await this.answer(request, baseUrl);
      return oaiDocument({ baseUrl, responseDate, request: { verb: request.verb, ...request.args } }, body);
    } catch (err) {
      if (!(err instanceof OaiError)) throw err;
      const echoed = request && err.code !== 'badArgument' && err.code !== 'badVerb';
      const envelope = {
        baseUrl,
        responseDate,
        ...(echoed && { request: { verb: request!.verb, ...request!.args } }),
      };
      return oaiDocument(envelope, err);
    }
  }

  private async answer(request: OaiRequest, baseUrl: string): Promise<string> {
    const { args } = request;
    switch (request.verb) {
      case 'Identify':
        return this.identify(baseUrl);
      case 'ListMetadataFormats':
        if (args.identifier !== undefined) await this.mustExist(args.identifier);
        return metadataFormatsBody(METADATA_FORMATS);
      case 'ListSets':
        if (args.resumptionToken !== undefined)
          throw new OaiError(
            'badResumptionToken',
            'ListSets answers in one response; it gives out no tokens',
          );
        return listSets(this.ports);
      case 'GetRecord':
        return this.getRecord(args.identifier!, metadataFormat(args.metadataPrefix!));
      case 'ListIdentifiers':
      case 'ListRecords':
        return this.list(request.verb === 'ListRecords' ? 'r' : 'i', args);
    }
  }

  private async identify(baseUrl: string): Promise<string> {
    const first = await this.ports.backends.store.changes({ limit: 1 });
    const oldest = first.changes[0];
    return identifyBody({
      repositoryName: this.settings.repositoryName,
      baseUrl,
      adminEmails: this.settings.adminEmails,
      earliestDatestamp: datestamp(oldest ? changedAt(oldest) : new Date(this.now()).toISOString()),
      granularity: GRANULARITY,
      repositoryIdentifier: this.settings.repositoryIdentifier,
      sampleIdentifier: oaiIdentifier(this.settings.repositoryIdentifier, oldest ? idOf(oldest) : 'r1'),
    });
  }

  private async mustExist(identifier: string): Promise<void> {
    const id = recordIdOf(this.settings.repositoryIdentifier, identifier);
    const { store } = this.ports.backends;
    if ((await store.get(id)) || (await store.getTombstone(id))) return;
    throw new OaiError('idDoesNotExist', `${identifier} is not in the catalog`);
  }

  private async getRecord(identifier: string, format: MetadataFormat): Promise<string> {
    const id = recordIdOf(this.settings.repositoryIdentifier, identifier);
    const { store, items } = this.ports.backends;
    const xml = new XmlFragment().open('GetRecord');
    const stored = await store.get(id);
    if (stored) {
      const own = await items.forRecord(id);
      const header = this.header(id, stored.updatedAt, setSpecsOf(stored, own), false);
      recordXml(xml, header, format.render(stored, own));
      return xml.close().toString();
    }
    const tombstone = await store.getTombstone(id);
    if (!tombstone) throw new OaiError('idDoesNotExist', `${identifier} is not in the catalog`);
    recordXml(xml, this.header(id, tombstone.deletedAt, [], true), undefined);
    return xml.close().toString();
  }

  private async list(list: 'i' | 'r', args: Record<string, string>): Promise<string> {
    const state = await this.listState(list, args);
    const format = metadataFormat(state.metadataPrefix);
    const range = dateRange(state.from, state.until);
    const set = state.set === undefined ? undefined : parseSet(state.set);
    if (state.set !== undefined && !set)
      throw new OaiError('noRecordsMatch', `there is no set "${state.set}" here`);
    const page = await harvestPage(this.ports.backends, {
      ...range,
      ...(set && { set }),
      ...(args.resumptionToken !== undefined && { after: state.after }),
      pageSize: list === 'r' ? this.settings.recordsPageSize : this.settings.identifiersPageSize,
      withItems: true,
    });
    if (page.entries.length === 0)
      throw new OaiError('noRecordsMatch', 'no records match the arguments given');
    const xml = new XmlFragment().open(list === 'r' ? 'ListRecords' : 'ListIdentifiers');
    for (const entry of page.entries) this.entryXml(xml, entry, list === 'r' ? format : undefined);
    const continued = args.resumptionToken !== undefined;
    if (page.next !== undefined || continued) {
      const sent = state.sent + page.entries.length;
      const next =
        page.next === undefined ? undefined : { ...state, after: page.next, sent, expires: this.expires() };
      resumptionTokenXml(xml, {
        token: next ? encodeToken(next) : '',
        cursor: state.sent,
        ...(state.completeListSize !== undefined && { completeListSize: state.completeListSize }),
        ...(next && { expirationDate: datestamp(new Date(next.expires * 1000).toISOString()) }),
      });
    }
    return xml.close().toString();
  }

  /** The list's arguments: from the token, or from the request (then counted, if that is cheap). */
  private async listState(list: 'i' | 'r', args: Record<string, string>): Promise<ResumptionState> {
    if (args.resumptionToken !== undefined) return decodeToken(args.resumptionToken, list, this.now() / 1000);
    const { metadataPrefix, set, from, until } = args;
    metadataFormat(metadataPrefix!);
    dateRange(from, until);
    if (set !== undefined) parseSet(set);
    // Counting a filtered list would read it all; the whole feed is one count (docs/interop.md).
    const unfiltered = set === undefined && from === undefined && until === undefined;
    return {
      list,
      metadataPrefix: metadataPrefix!,
      ...(set !== undefined && { set }),
      ...(from !== undefined && { from }),
      ...(until !== undefined && { until }),
      after: '0',
      sent: 0,
      ...(unfiltered && { completeListSize: await this.ports.backends.store.changeCount() }),
      expires: this.expires(),
    };
  }

  private entryXml(xml: XmlFragment, entry: HarvestEntry, format: MetadataFormat | undefined): void {
    const { change, items } = entry;
    if (change.kind === 'deleted') {
      const header = this.header(change.tombstone.id, change.tombstone.deletedAt, [], true);
      if (format) recordXml(xml, header, undefined);
      else headerXml(xml, header);
      return;
    }
    const stored = change.record;
    const header = this.header(stored.id, stored.updatedAt, setSpecsOf(stored, items), false);
    if (format) recordXml(xml, header, format.render(stored, items));
    else headerXml(xml, header);
  }

  private header(id: string, at: string, setSpecs: string[], deleted: boolean): Header {
    return {
      identifier: oaiIdentifier(this.settings.repositoryIdentifier, id),
      datestamp: datestamp(at),
      setSpecs,
      deleted,
    };
  }

  private expires(): number {
    return Math.floor(this.now() / 1000) + TOKEN_LIFETIME_SECONDS;
  }
}

function idOf(change: Change): string {
  return change.kind === 'record' ? change.record.id : change.tombstone.id;
}
