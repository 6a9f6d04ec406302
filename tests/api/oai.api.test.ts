import request from 'supertest';
import { DEFAULT_OAI_CONFIG } from '../../src/config/oai.config';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, type ApiFixture } from './support/api-fixture';
import { all, parseXml, textOf } from '../support/sru-xml';
import { errorCodes, harvest, headersOf, oaiGet, tokenOf } from '../support/oai-xml';

const REPO = DEFAULT_OAI_CONFIG.repositoryIdentifier;
const TOLSTOY = '(StK)stk000001';
const oaiId = (id: string) => `oai:${REPO}:${encodeURIComponent(id)}`;
const idOf = (identifier: string) => decodeURIComponent(identifier.slice(`oai:${REPO}:`.length));
const map = createDefaultMapper();

/** Until the clock shows the next whole second: datestamps have seconds granularity. */
async function nextSecond(): Promise<string> {
  const start = Math.floor(Date.now() / 1000);
  while (Math.floor(Date.now() / 1000) === start) await new Promise((r) => setTimeout(r, 50));
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

describeApiBackends((target) => {
  let f: ApiFixture;
  let now = Date.now();
  let edits = 0;
  beforeAll(async () => {
    f = await apiFixture(
      target,
      { oai: { ...DEFAULT_OAI_CONFIG, recordsPageSize: 7, identifiersPageSize: 9 }, oaiClock: () => now },
      30,
    );
    // Through the API, so the index learns of the copy (ListSets reads the library facet).
    const res = await request(f.app)
      .post(`/records/${encodeURIComponent(TOLSTOY)}/items`)
      .set({ 'x-test-role': 'staff' })
      .send({ barcode: 'B1', location: 'MAIN/STACKS', staffNotes: ['staff only'] });
    expect(res.status).toBe(201);
  });
  afterAll(() => f.close());
  beforeEach(() => {
    now = Date.now();
  });

  /** A new version of a stored record (a 500 note), written to the store and the index. */
  async function rewrite(id: string): Promise<void> {
    const stored = await f.backends.store.get(id);
    const record = stored!.record.clone();
    record.addField({
      tag: '500',
      ind1: ' ',
      ind2: ' ',
      subfields: [{ code: 'a', value: `Edit ${++edits}.` }],
    });
    const document = map(record);
    await f.backends.store.upsertMany([{ record, document }]);
    await f.backends.index.upsert([document]);
  }

  async function remove(id: string): Promise<void> {
    await f.backends.store.deleteMany([id]);
    await f.backends.index.remove([id]);
  }

  async function liveIds(): Promise<string[]> {
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await f.backends.store.changes({ limit: 100, ...(after !== undefined && { after }) });
      for (const c of page.changes) if (c.kind === 'record') ids.push(c.record.id);
      after = page.next;
    } while (after !== undefined);
    return ids;
  }

  describe('Identify and ListMetadataFormats', () => {
    test('when Identify is asked, then it names the repository, deletions and the oai-identifier', async () => {
      const doc = await oaiGet(f.app, { verb: 'Identify' });
      expect(textOf(doc, 'repositoryName')).toBe(DEFAULT_OAI_CONFIG.repositoryName);
      expect(textOf(doc, 'baseURL')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oai$/);
      expect(textOf(doc, 'protocolVersion')).toBe('2.0');
      expect(textOf(doc, 'deletedRecord')).toBe('persistent');
      expect(textOf(doc, 'granularity')).toBe('YYYY-MM-DDThh:mm:ssZ');
      expect(textOf(doc, 'earliestDatestamp')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(textOf(doc, 'repositoryIdentifier')).toBe(REPO);
      expect(textOf(doc, 'sampleIdentifier')).toMatch(new RegExp(`^oai:${REPO.replace('.', '\\.')}:`));
      expect(all(doc, 'request')[0]?.attributes).toEqual({ verb: 'Identify' });
    });

    test('when the formats are asked, for the repository or one record, then oai_dc and marc21', async () => {
      for (const extra of [{}, { identifier: oaiId(TOLSTOY) }] as Record<string, string>[]) {
        const doc = await oaiGet(f.app, { verb: 'ListMetadataFormats', ...extra });
        expect(all(doc, 'metadataPrefix').map((p) => p.text)).toEqual(['oai_dc', 'marc21']);
      }
      const missing = await oaiGet(f.app, { verb: 'ListMetadataFormats', identifier: oaiId('nope') });
      expect(errorCodes(missing)).toEqual(['idDoesNotExist']);
    });

    test('when POSTed as a form, then the answer is the GET one', async () => {
      const res = await request(f.app)
        .post('/oai')
        .type('form')
        .send({ verb: 'GetRecord', identifier: oaiId(TOLSTOY), metadataPrefix: 'oai_dc' });
      expect(res.status).toBe(200);
      expect(textOf(parseXml(res.text), 'title')).toMatch(/^War and peace/);
    });
  });

  describe('ListSets and GetRecord', () => {
    test('when the sets are listed, then the formats and the libraries holding copies are there', async () => {
      const doc = await oaiGet(f.app, { verb: 'ListSets' });
      const specs = all(doc, 'setSpec').map((s) => s.text);
      expect(specs).toEqual(expect.arrayContaining(['format', 'format:book', 'library', 'library:main']));
    });

    test('when a record is asked in oai_dc and marc21, then its metadata, sets and copies come', async () => {
      const dc = await oaiGet(f.app, {
        verb: 'GetRecord',
        identifier: oaiId(TOLSTOY),
        metadataPrefix: 'oai_dc',
      });
      expect(all(dc, 'dc')[0]?.uri).toBe('http://www.openarchives.org/OAI/2.0/oai_dc/');
      expect(textOf(dc, 'creator')).toMatch(/^Tolstoy, Leo/);
      expect(headersOf(dc)[0]?.setSpecs).toEqual(expect.arrayContaining(['format:book', 'library:main']));
      const marc = await oaiGet(f.app, {
        verb: 'GetRecord',
        identifier: oaiId(TOLSTOY),
        metadataPrefix: 'marc21',
      });
      const f852 = all(marc, 'datafield').filter((d) => d.attributes.tag === '852');
      expect(f852.map((d) => all(d, 'subfield').find((s) => s.attributes.code === 'p')?.text)).toContain(
        'B1',
      );
      expect(JSON.stringify(marc)).not.toContain('staff only');
    });

    test('when a deleted record is asked, then a deleted header without metadata answers', async () => {
      const [, , victim] = await liveIds();
      await remove(victim!);
      const doc = await oaiGet(f.app, {
        verb: 'GetRecord',
        identifier: oaiId(victim!),
        metadataPrefix: 'marc21',
      });
      expect(headersOf(doc)).toEqual([
        expect.objectContaining({ identifier: oaiId(victim!), deleted: true }),
      ]);
      expect(all(doc, 'metadata')).toEqual([]);
    });
  });

  describe('lists and resumption', () => {
    test('when every header is harvested, then each change comes once, with cursor and size', async () => {
      const { headers, tokens } = await harvest(f.app, 'ListIdentifiers', { metadataPrefix: 'oai_dc' });
      const size = await f.backends.store.changeCount();
      expect(headers).toHaveLength(size);
      expect(new Set(headers.map((h) => h.identifier)).size).toBe(size);
      expect(tokens.map((t) => Number(t.attributes.cursor))).toEqual(tokens.map((_, i) => i * 9));
      expect(new Set(tokens.map((t) => t.attributes.completeListSize))).toEqual(new Set([String(size)]));
      expect(tokens.slice(0, -1).every((t) => /Z$/.test(t.attributes.expirationDate ?? ''))).toBe(true);
      expect(tokens[tokens.length - 1]?.text).toBe('');
    });

    test('when records are written during a harvest, then nothing is missed and only changes repeat', async () => {
      const ids = await liveIds();
      const harvestedEarly = ids[1]!;
      const notYet = ids[ids.length - 2]!;
      const doomed = ids[2]!;
      const { headers } = await harvest(f.app, 'ListRecords', { metadataPrefix: 'marc21' }, async (page) => {
        if (page !== 1) return;
        await rewrite(harvestedEarly);
        await rewrite(notYet);
        await remove(doomed);
      });
      const count = (id: string) => headers.filter((h) => idOf(h.identifier) === id).length;
      expect(count(harvestedEarly)).toBe(2);
      expect(count(notYet)).toBe(1);
      expect(headers.filter((h) => idOf(h.identifier) === doomed).map((h) => h.deleted)).toEqual([
        false,
        true,
      ]);
      const unchanged = ids.filter((id) => ![harvestedEarly, notYet, doomed].includes(id));
      expect(unchanged.every((id) => count(id) === 1)).toBe(true);
    });

    test('when harvesting from the last datestamp, then exactly what changed since comes', async () => {
      const from = await nextSecond();
      const ids = await liveIds();
      await rewrite(ids[0]!);
      await rewrite(ids[5]!);
      await remove(ids[6]!);
      const { headers } = await harvest(f.app, 'ListRecords', { metadataPrefix: 'oai_dc', from });
      expect(headers.map((h) => [idOf(h.identifier), h.deleted])).toEqual([
        [ids[0], false],
        [ids[5], false],
        [ids[6], true],
      ]);
      expect(headers.every((h) => h.datestamp >= from)).toBe(true);
      const until = `${new Date(Date.parse(from) - 1000).toISOString().slice(0, 19)}Z`;
      const before = await harvest(f.app, 'ListIdentifiers', { metadataPrefix: 'oai_dc', until });
      expect(before.headers.every((h) => h.datestamp <= until)).toBe(true);
      expect(before.headers.map((h) => idOf(h.identifier))).not.toContain(ids[5]);
    });

    test('when a set is harvested, then only its records come, with every deletion', async () => {
      const lib = await harvest(f.app, 'ListIdentifiers', { metadataPrefix: 'marc21', set: 'library:main' });
      expect(lib.headers.filter((h) => !h.deleted).map((h) => idOf(h.identifier))).toEqual([TOLSTOY]);
      const books = await harvest(f.app, 'ListRecords', { metadataPrefix: 'oai_dc', set: 'format:book' });
      const live = books.headers.filter((h) => !h.deleted);
      expect(live.length).toBeGreaterThan(0);
      expect(live.every((h) => h.setSpecs.includes('format:book'))).toBe(true);
      expect(books.headers.some((h) => h.deleted)).toBe(true);
      expect(books.tokens.every((t) => t.attributes.completeListSize === undefined)).toBe(true);
    });
  });

  describe('errors', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['no verb', {}, 'badVerb'],
      ['an unknown verb', { verb: 'ListEverything' }, 'badVerb'],
      ['an argument the verb does not take', { verb: 'Identify', set: 'x' }, 'badArgument'],
      ['no metadataPrefix', { verb: 'ListRecords' }, 'badArgument'],
      ['GetRecord without identifier', { verb: 'GetRecord', metadataPrefix: 'oai_dc' }, 'badArgument'],
      [
        'a token with other arguments',
        { verb: 'ListRecords', metadataPrefix: 'oai_dc', resumptionToken: 'x' },
        'badArgument',
      ],
      ['a bad date', { verb: 'ListRecords', metadataPrefix: 'oai_dc', from: '2026-13-01' }, 'badArgument'],
      [
        'mixed granularities',
        { verb: 'ListRecords', metadataPrefix: 'oai_dc', from: '2026-01-01', until: '2026-02-01T00:00:00Z' },
        'badArgument',
      ],
      [
        'from after until',
        { verb: 'ListRecords', metadataPrefix: 'oai_dc', from: '2026-02-01', until: '2026-01-01' },
        'badArgument',
      ],
      ['a garbled token', { verb: 'ListRecords', resumptionToken: 'garbage' }, 'badResumptionToken'],
      ['a token for ListSets', { verb: 'ListSets', resumptionToken: 'x' }, 'badResumptionToken'],
      ['an unknown format', { verb: 'ListRecords', metadataPrefix: 'mods' }, 'cannotDisseminateFormat'],
      [
        'an unknown record',
        { verb: 'GetRecord', metadataPrefix: 'oai_dc', identifier: oaiId('nope') },
        'idDoesNotExist',
      ],
      [
        "another repository's identifier",
        { verb: 'GetRecord', metadataPrefix: 'oai_dc', identifier: 'oai:other.org:1' },
        'idDoesNotExist',
      ],
      [
        'a future from',
        { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', from: '2999-01-01' },
        'noRecordsMatch',
      ],
      [
        'a set that does not exist',
        { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', set: 'colour:red' },
        'noRecordsMatch',
      ],
    ];
    test.each(cases)('when %s, then the error is its code in a 200 answer', async (_, query, code) => {
      const doc = await oaiGet(f.app, query);
      expect(errorCodes(doc)).toEqual([code]);
      const echoed = all(doc, 'request')[0]!.attributes;
      if (code === 'badVerb' || code === 'badArgument') expect(echoed).toEqual({});
    });

    test('when a verb or an argument is repeated, then badVerb or badArgument', async () => {
      const verb = await request(f.app).get('/oai?verb=Identify&verb=Identify');
      expect(errorCodes(parseXml(verb.text))).toEqual(['badVerb']);
      const arg = await request(f.app).get(
        '/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=marc21',
      );
      expect(errorCodes(parseXml(arg.text))).toEqual(['badArgument']);
    });

    test('when a token is edited, used for the other list, or expired, then badResumptionToken', async () => {
      const first = await oaiGet(f.app, { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc' });
      const token = tokenOf(first)!.text;
      const [body, sum] = token.split('.');
      const edited = `${Buffer.from(Buffer.from(body!, 'base64url').toString().replace('"sent":9', '"sent":90')).toString('base64url')}.${sum}`;
      for (const [verb, resumptionToken] of [
        ['ListIdentifiers', edited],
        ['ListRecords', token],
      ]) {
        expect(errorCodes(await oaiGet(f.app, { verb: verb!, resumptionToken: resumptionToken! }))).toEqual([
          'badResumptionToken',
        ]);
      }
      now += 25 * 60 * 60 * 1000;
      const late = await oaiGet(f.app, { verb: 'ListIdentifiers', resumptionToken: token });
      expect(errorCodes(late)).toEqual(['badResumptionToken']);
    });
  });
});
