import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import type { Backends } from '../../src/backends/backends';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import { seedSamplesIfEmpty } from '../../src/cli/sample-seed';
import { DEFAULT_OAI_CONFIG } from '../../src/config/oai.config';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { errorCodes, headersOf, tokenOf } from '../support/oai-xml';
import { schemaToolsMissing, validators, type Validators } from '../support/oai-schemas';
import { all, parseXml } from '../support/sru-xml';

/**
 * Every kind of /oai response validated by xmllint against the published schemas: the envelope
 * against OAI-PMH.xsd as its MANIFEST says, and (where the response holds metadata or Identify's
 * description, which OAI-PMH.xsd's wildcards check strictly) against OAI-PMH.xsd with oai_dc.xsd,
 * MARC21slim.xsd and oai-identifier.xsd. Skipped, saying so, without xmllint or ../shared/schemas.
 */
const oaiSettings = { ...DEFAULT_OAI_CONFIG, recordsPageSize: 3, identifiersPageSize: 4 };

describe('OAI-PMH responses against the published schemas (xmllint)', () => {
  let skip: string | undefined;
  let backends: Backends;
  let empty: Backends;
  let app: Express;
  let emptyApp: Express;
  let v: Validators;
  let n = 0;
  let deletedId = '';

  beforeAll(async () => {
    skip = await schemaToolsMissing();
    if (skip) {
      process.stderr.write(`oai-xmllint SKIPPED: ${skip}\n`);
      return;
    }
    v = validators();
    backends = openSqliteBackends(':memory:');
    await seedSamplesIfEmpty(
      backends,
      createDefaultMapper(),
      path.join(__dirname, '..', '..', 'ingest', 'samples'),
    );
    const [first] = (await backends.store.changes({ limit: 1 })).changes;
    if (first?.kind === 'record') await backends.store.deleteMany([first.record.id]);
    deletedId = `oai:${oaiSettings.repositoryIdentifier}:${encodeURIComponent(first?.kind === 'record' ? first.record.id : '')}`;
    app = createApp({ backends, oai: oaiSettings, onUnexpected: () => undefined });
    empty = openSqliteBackends(':memory:');
    emptyApp = createApp({ backends: empty, oai: oaiSettings, onUnexpected: () => undefined });
  });
  afterAll(async () => {
    if (skip) return;
    await backends.close();
    await empty.close();
    rmSync(v.dir, { recursive: true, force: true });
  });

  /** The response to a GET, written to a file for xmllint. */
  async function fetchTo(query: Record<string, string>, on = app): Promise<{ file: string; text: string }> {
    const res = await request(on).get('/oai').query(query);
    expect(res.status).toBe(200);
    const file = path.join(v.dir, `response-${++n}.xml`);
    writeFileSync(file, res.text);
    return { file, text: res.text };
  }

  const lastPage = async (verb: string, metadataPrefix: string) => {
    let page = await fetchTo({ verb, metadataPrefix });
    while (tokenOf(parseXml(page.text))?.text)
      page = await fetchTo({ verb, resumptionToken: tokenOf(parseXml(page.text))!.text });
    return page;
  };

  test('when Identify answers, then it and its oai-identifier description are valid', async () => {
    if (skip) return;
    const { file } = await fetchTo({ verb: 'Identify' });
    await v.full(file);
  });

  test.each([
    ['ListMetadataFormats', { verb: 'ListMetadataFormats' }],
    ['ListSets', { verb: 'ListSets' }],
    ['ListIdentifiers, first page', { verb: 'ListIdentifiers', metadataPrefix: 'marc21' }],
  ])('when %s answers, then it is valid against OAI-PMH.xsd', async (_, query) => {
    if (skip) return;
    const { file, text } = await fetchTo(query);
    expect(errorCodes(parseXml(text))).toEqual([]);
    await v.envelope(file);
  });

  test('when a list ends, then its last page with the empty token and its deleted header are valid', async () => {
    if (skip) return;
    const ids = await lastPage('ListIdentifiers', 'oai_dc');
    const last = parseXml(ids.text);
    expect(tokenOf(last)?.text).toBe('');
    // The deletion is the latest change, so the last page reports it.
    expect(headersOf(last).pop()).toMatchObject({ identifier: deletedId, deleted: true });
    await v.envelope(ids.file);
    const records = await lastPage('ListRecords', 'marc21');
    expect(headersOf(parseXml(records.text)).pop()?.deleted).toBe(true);
    await v.full(records.file);
  });

  test.each(['oai_dc', 'marc21'])(
    'when ListRecords writes %s, then the records and token are valid',
    async (prefix) => {
      if (skip) return;
      const { file, text } = await fetchTo({ verb: 'ListRecords', metadataPrefix: prefix });
      const doc = parseXml(text);
      expect(all(doc, 'metadata').length).toBeGreaterThan(0);
      expect(tokenOf(doc)?.text).not.toBe('');
      await v.full(file);
    },
  );

  test('when GetRecord answers live and deleted records in both formats, then each is valid', async () => {
    if (skip) return;
    const list = parseXml((await fetchTo({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc' })).text);
    const [live] = headersOf(list);
    for (const identifier of [deletedId, live!.identifier])
      for (const metadataPrefix of ['oai_dc', 'marc21']) {
        const { file } = await fetchTo({ verb: 'GetRecord', identifier, metadataPrefix });
        await v.full(file);
      }
  });

  test.each([
    ['badVerb', { verb: 'Nope' }],
    ['badArgument', { verb: 'ListRecords' }],
    ['badResumptionToken', { verb: 'ListRecords', resumptionToken: 'x.y' }],
    ['cannotDisseminateFormat', { verb: 'ListRecords', metadataPrefix: 'mods' }],
    ['idDoesNotExist', { verb: 'GetRecord', metadataPrefix: 'oai_dc', identifier: 'oai:x.org:1' }],
    ['noRecordsMatch', { verb: 'ListRecords', metadataPrefix: 'oai_dc', from: '2999-01-01' }],
  ])('when the error is %s, then the response is valid against OAI-PMH.xsd', async (code, query) => {
    if (skip) return;
    const { file, text } = await fetchTo(query);
    expect(errorCodes(parseXml(text))).toEqual([code]);
    await v.envelope(file);
  });

  test('when an empty catalog is asked for its sets, then noSetHierarchy is valid', async () => {
    if (skip) return;
    const { file, text } = await fetchTo({ verb: 'ListSets' }, emptyApp);
    expect(errorCodes(parseXml(text))).toEqual(['noSetHierarchy']);
    await v.envelope(file);
  });
});
