import request from 'supertest';
import type { NewItem } from '../../src/domain/items/item';
import { itemCallNumber } from '../../src/domain/items/item-call-number';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, type ApiFixture } from './support/api-fixture';
import { all, diagnostics, parseXml, textOf, type XmlNode } from '../support/sru-xml';

const SRU12 = 'http://www.loc.gov/zing/srw/';
const SRU20 = 'http://docs.oasis-open.org/ns/search-ws/sruResponse';
const MARC = 'http://www.loc.gov/MARC21/slim';
const TOLSTOY = '(StK)stk000001';

function copy(barcode: string): NewItem {
  return {
    barcode,
    recordId: TOLSTOY,
    location: { library: 'MAIN', shelf: 'STACKS' },
    callNumber: itemCallNumber({ value: 'PG3366 .V6 1993', scheme: 'lc' }),
    itemType: 'book',
    notForLoan: false,
    publicNotes: ['Signed'],
    staffNotes: ['staff only'],
    source: 'api',
  };
}

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture(target, {}, 30);
    await f.backends.items.create(copy('B1'), '2026-01-02T03:04:05.000Z');
  });
  afterAll(() => f.close());

  async function sru(query: Record<string, string | number>): Promise<XmlNode> {
    const res = await request(f.app).get('/sru').query(query);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    return parseXml(res.text);
  }

  const search = (query: string, extra: Record<string, string | number> = {}) =>
    sru({ operation: 'searchRetrieve', version: '1.2', query, ...extra });

  async function total(q: string): Promise<number> {
    const res = await request(f.app).get('/search').query({ q, limit: 1 });
    return res.body.total as number;
  }

  describe('explain', () => {
    test('when /sru is asked with no parameters, then a ZeeRex record lists indexes, schemas and limits', async () => {
      const doc = await sru({});
      expect(doc.uri).toBe(SRU12);
      expect(doc.name).toBe('explainResponse');
      const names = all(doc, 'index').map((i) => `${all(i, 'name')[0]!.attributes.set}.${textOf(i, 'name')}`);
      expect(names).toEqual(
        expect.arrayContaining(['dc.title', 'bath.isbn', 'rec.identifier', 'stacks.topic']),
      );
      expect(all(doc, 'schema').map((s) => s.attributes.name)).toEqual(['marcxml', 'dc']);
      expect(all(doc, 'setting').find((s) => s.attributes.type === 'maximumRecords')?.text).toBe('100');
    });

    test('when version 2.0 is asked, then the 2.0 namespace answers', async () => {
      const doc = await sru({ operation: 'explain', version: '2.0' });
      expect(doc.uri).toBe(SRU20);
      expect(textOf(doc, 'version')).toBe('2.0');
      expect(all(doc, 'serverInfo')[0]?.attributes.version).toBe('2.0');
    });
  });

  describe('searchRetrieve', () => {
    test('when CQL is asked, then numberOfRecords equals /search for the same query', async () => {
      const pairs: [string, string][] = [
        ['war', 'war'],
        ['dc.title = peace', 'title:peace'],
        ['dc.creator = tolstoy or dc.creator = proust', 'author:(tolstoy OR proust)'],
        ['dc.date within "1800 1850"', 'year:[1800 TO 1850]'],
        ['bath.isbn = 9780140447934', 'isbn:9780140447934'],
        ['cql.allRecords = 1 not dc.title = war', 'NOT title:war'],
        ['stacks.callnumber within "PG3366 PG3366"', 'callnumber:PG3366'],
      ];
      for (const [cql, q] of pairs) {
        const doc = await search(cql);
        expect([cql, Number(textOf(doc, 'numberOfRecords'))]).toEqual([cql, await total(q)]);
      }
    });

    test('when records are asked as MARCXML, then each is a MARC21 slim record with its position', async () => {
      const doc = await search('dc.title = "war and peace"', { maximumRecords: 5 });
      const records = all(doc, 'record');
      expect(records.length).toBeGreaterThan(0);
      expect(textOf(records[0]!, 'recordSchema')).toBe('info:srw/schema/1/marcxml-v1.1');
      expect(textOf(records[0]!, 'recordPosition')).toBe('1');
      const marc = all(records[0]!, 'recordData')[0]!.children[0]!;
      expect([marc.uri, marc.name]).toEqual([MARC, 'record']);
    });

    test('when the record has copies, then they come as 852s without staff notes', async () => {
      const doc = await search(`rec.identifier = "${TOLSTOY}"`);
      const fields = all(doc, 'datafield').filter((d) => d.attributes.tag === '852');
      expect(fields).toHaveLength(1);
      const subfields = all(fields[0]!, 'subfield').map((s) => `${s.attributes.code}=${s.text}`);
      expect(subfields).toEqual(
        expect.arrayContaining(['b=MAIN', 'c=STACKS', 'p=B1', 'z=Signed', 'z=Status: available']),
      );
      expect(JSON.stringify(subfields)).not.toContain('staff only');
    });

    test('when Dublin Core is asked, then the crosswalk gives title, creator, date and identifiers', async () => {
      const doc = await search(`rec.identifier = "${TOLSTOY}"`, { recordSchema: 'dc' });
      const dc = all(doc, 'dc')[0]!;
      expect(textOf(dc, 'title')).toMatch(/^War and peace/);
      expect(textOf(dc, 'creator')).toMatch(/^Tolstoy, Leo/);
      expect(all(dc, 'identifier').map((i) => i.text)).toContain('URN:ISBN:9780140447934');
      expect(textOf(dc, 'type')).toBe('Text');
    });

    test('when recordPacking is string, then the record is escaped text holding the same XML', async () => {
      const doc = await search(`rec.identifier = "${TOLSTOY}"`, { recordPacking: 'string' });
      const data = all(doc, 'recordData')[0]!;
      expect(data.children).toHaveLength(0);
      expect(parseXml(data.text).name).toBe('record');
    });

    test('when paging, then nextRecordPosition leads on and the last page has none', async () => {
      const n = Number(textOf(await search('cql.allRecords = 1', { maximumRecords: 0 }), 'numberOfRecords'));
      const first = await search('cql.allRecords = 1', { maximumRecords: 10 });
      expect(textOf(first, 'nextRecordPosition')).toBe('11');
      const last = await search('cql.allRecords = 1', { startRecord: n, maximumRecords: 10 });
      expect(all(last, 'record').filter((r) => r.uri === SRU12)).toHaveLength(1);
      expect(textOf(last, 'nextRecordPosition')).toBeUndefined();
    });

    test('when sortBy or sortKeys name a date, then records come in date order', async () => {
      const years = async (extra: Record<string, string>, query = 'cql.allRecords = 1') => {
        const doc = await search(query, { recordSchema: 'dc', maximumRecords: 20, ...extra });
        return all(doc, 'dc').map((d) => Number(textOf(d, 'date')?.match(/\d{4}/)?.[0]));
      };
      const descending = await years({}, 'cql.allRecords = 1 sortBy dc.date/sort.descending');
      expect(descending).toEqual([...descending].sort((a, b) => b - a));
      const ascending = await years({ sortKeys: 'dc.date,,1' });
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    });

    test('when POSTed as a form, then the answer is the GET one', async () => {
      const res = await request(f.app)
        .post('/sru')
        .type('form')
        .send({ operation: 'searchRetrieve', version: '1.2', query: 'dc.title = peace' });
      expect(res.status).toBe(200);
      expect(Number(textOf(parseXml(res.text), 'numberOfRecords'))).toBe(await total('title:peace'));
    });

    test('when POSTed with no body, then explain answers, as a bare GET does', async () => {
      const res = await request(f.app).post('/sru');
      expect(res.status).toBe(200);
      expect(parseXml(res.text).name).toBe('explainResponse');
    });

    test('when SRU 2.0 is asked, then the 2.0 namespaces and recordXMLEscaping answer', async () => {
      const doc = await sru({ version: '2.0', query: 'war', maximumRecords: 1 });
      expect(doc.uri).toBe(SRU20);
      expect(textOf(doc, 'recordXMLEscaping')).toBe('xml');
    });
  });

  describe('scan', () => {
    test('when titles are scanned, then terms come in index order with counts', async () => {
      const doc = await sru({
        operation: 'scan',
        version: '1.2',
        scanClause: 'dc.title = a',
        maximumTerms: 5,
      });
      const terms = all(doc, 'term');
      expect(terms).toHaveLength(5);
      const values = terms.map((t) => textOf(t, 'value')!.toLowerCase());
      expect(values).toEqual([...values].sort((a, b) => a.localeCompare(b)));
      expect(Number(textOf(terms[0]!, 'numberOfRecords'))).toBeGreaterThan(0);
    });

    test('when responsePosition is in the middle, then terms before the anchor come first', async () => {
      const doc = await sru({
        operation: 'scan',
        scanClause: 'dc.creator = tolstoy',
        responsePosition: 3,
        maximumTerms: 5,
      });
      const values = all(doc, 'term').map((t) => textOf(t, 'value') ?? '');
      expect(values[2]?.toLowerCase()).toMatch(/^tolstoy/);
    });

    test('when the first call number is scanned from the start, then it is first in the list', async () => {
      const doc = await sru({ operation: 'scan', scanClause: 'stacks.callnumber = ""', maximumTerms: 3 });
      expect(textOf(doc, 'whereInList')).toBe('first');
    });
  });

  describe('diagnostics', () => {
    test.each<[string, Record<string, string | number>, number, string | undefined]>([
      ['an unknown index', { operation: 'searchRetrieve', query: 'dc.nothing = x' }, 16, 'dc.nothing'],
      [
        'an unsupported relation',
        { operation: 'searchRetrieve', query: 'dc.title encloses x' },
        19,
        'encloses',
      ],
      ['a syntax error', { operation: 'searchRetrieve', query: 'dc.title = (' }, 10, '11'],
      ['an unclosed group', { operation: 'searchRetrieve', query: '(war' }, 13, '4'],
      ['an unknown schema', { operation: 'searchRetrieve', query: 'war', recordSchema: 'mods' }, 66, 'mods'],
      [
        'a first record out of range',
        { operation: 'searchRetrieve', query: 'war', startRecord: 100000 },
        61,
        '100000',
      ],
      ['PROX', { operation: 'searchRetrieve', query: 'war prox peace' }, 39, 'prox'],
      ['a ? mask', { operation: 'searchRetrieve', query: 'wa?' }, 28, '?'],
      ['a relation modifier', { operation: 'searchRetrieve', query: 'dc.title =/fuzzy war' }, 20, 'fuzzy'],
      ['no query', { operation: 'searchRetrieve' }, 7, 'query'],
      ['no operation', { query: 'war' }, 7, 'operation'],
      ['an unknown operation', { operation: 'delete' }, 4, 'delete'],
      ['an unknown version', { operation: 'explain', version: '3.0' }, 5, '2.0'],
      ['an unknown parameter', { operation: 'searchRetrieve', query: 'war', foo: 'bar' }, 8, 'foo'],
      [
        'a bad integer',
        { operation: 'searchRetrieve', query: 'war', maximumRecords: 'ten' },
        6,
        'maximumRecords',
      ],
      ['a bad packing', { operation: 'searchRetrieve', query: 'war', recordPacking: 'json' }, 71, 'json'],
      ['a stylesheet', { operation: 'explain', stylesheet: 'x.xsl' }, 110, undefined],
      ['a scan of an unscannable index', { operation: 'scan', scanClause: 'bath.isbn = 1' }, 16, 'bath.isbn'],
      [
        'a scan position out of range',
        { operation: 'scan', scanClause: 'dc.title = a', responsePosition: 30 },
        120,
        '30',
      ],
    ])(
      'when the request has %s, then the diagnostic says so with HTTP 200',
      async (_label, query, number, details) => {
        const doc = await sru(query);
        expect(diagnostics(doc)).toEqual([[number, details]]);
      },
    );

    test('when a parameter is repeated, then diagnostic 6 names it', async () => {
      const res = await request(f.app).get('/sru?operation=searchRetrieve&query=a&query=b');
      expect(diagnostics(parseXml(res.text))).toEqual([[6, 'query']]);
    });

    test('when a diagnostic message quotes the query, then the XML stays well-formed', async () => {
      const doc = await search('dc.nothing = "<&>"');
      expect(all(doc, 'message')[0]?.text).toContain('dc.nothing');
    });

    test('when x- extension parameters are sent, then they are ignored', async () => {
      const doc = await search('war', { 'x-client': 'test' });
      expect(diagnostics(doc)).toEqual([]);
    });
  });
});
