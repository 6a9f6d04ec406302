import { dateRange, datestamp } from '../../../src/interop/oai/oai-dates';
import { OaiError } from '../../../src/interop/oai/oai-error';
import { oaiIdentifier, recordIdOf } from '../../../src/interop/oai/oai-identifier';
import { parseRequest } from '../../../src/interop/oai/oai-request';
import { parseSet, setSpec } from '../../../src/interop/oai/oai-sets';
import { decodeToken, encodeToken, type ResumptionState } from '../../../src/interop/oai/oai-token';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof OaiError) return err.code;
    throw err;
  }
  return undefined;
}

describe('OAI-PMH dates', () => {
  test('when a stored time is shown, then it is cut to the second', () => {
    expect(datestamp('2026-12-06T19:00:01.999Z')).toBe('2026-12-06T19:00:01Z');
  });

  test('when from and until are days or seconds, then each covers its whole day or second', () => {
    expect(dateRange('2026-12-06', '2026-12-07')).toEqual({
      since: '2026-12-06T00:00:00.000Z',
      until: '2026-12-07T23:59:59.999Z',
    });
    expect(dateRange(undefined, '2026-12-06T19:00:00Z')).toEqual({ until: '2026-12-06T19:00:00.999Z' });
  });

  test.each([
    ['2026-02-30', undefined],
    ['2026-12-06T19:00Z', undefined],
    ['2026-12-06', '2026-12-06T00:00:00Z'],
    ['2026-12-07', '2026-12-06'],
  ])('when from=%s until=%s, then badArgument', (from, until) => {
    expect(codeOf(() => dateRange(from, until))).toBe('badArgument');
  });
});

describe('OAI-PMH identifiers and sets', () => {
  test('when a record id holds characters the scheme forbids, then they are percent-encoded and read back', () => {
    const id = 'b 12/3:é';
    const identifier = oaiIdentifier('catalog.example.org', id);
    expect(identifier).toBe('oai:catalog.example.org:b%2012%2F3%3A%C3%A9');
    expect(recordIdOf('catalog.example.org', identifier)).toBe(id);
    expect(codeOf(() => recordIdOf('catalog.example.org', 'oai:catalog.example.org:%E0%A4%A'))).toBe(
      'idDoesNotExist',
    );
  });

  test('when values become setSpecs, then they are folded, and specs are read back', () => {
    expect(setSpec('format', 'Sound recording')).toBe('format:sound-recording');
    expect(setSpec('library', 'Bibliothèque Centrale')).toBe('library:bibliotheque-centrale');
    expect(parseSet('format:book')).toEqual({ kind: 'format', value: 'book' });
    expect(parseSet('library')).toEqual({ kind: 'library' });
    expect(parseSet('colour:red')).toBeUndefined();
    expect(codeOf(() => parseSet('format:a b'))).toBe('badArgument');
  });
});

describe('OAI-PMH requests and tokens', () => {
  test('when arguments are checked, then the protocol rules decide the error', () => {
    expect(parseRequest({ verb: 'GetRecord', identifier: 'x', metadataPrefix: 'oai_dc' }).args).toEqual({
      identifier: 'x',
      metadataPrefix: 'oai_dc',
    });
    expect(codeOf(() => parseRequest({ verb: ['Identify', 'Identify'] }))).toBe('badVerb');
    expect(codeOf(() => parseRequest({ verb: 'ListSets', set: 'x' }))).toBe('badArgument');
    expect(parseRequest({ verb: 'ListIdentifiers', resumptionToken: 't' }).args).toEqual({
      resumptionToken: 't',
    });
  });

  const state: ResumptionState = {
    list: 'r',
    metadataPrefix: 'marc21',
    set: 'format:book',
    after: '120',
    sent: 100,
    expires: 2_000_000_000,
  };

  test('when a token goes round, then it carries the whole state', () => {
    expect(decodeToken(encodeToken(state), 'r', 1_900_000_000)).toEqual(state);
  });

  test('when a token is edited, expired or of the other list, then badResumptionToken', () => {
    const token = encodeToken(state);
    const edited = `${encodeToken({ ...state, after: '1' }).split('.')[0]}.${token.split('.')[1]}`;
    expect(codeOf(() => decodeToken(edited, 'r', 0))).toBe('badResumptionToken');
    expect(codeOf(() => decodeToken(token, 'r', 2_000_000_001))).toBe('badResumptionToken');
    expect(codeOf(() => decodeToken(token, 'i', 0))).toBe('badResumptionToken');
    expect(codeOf(() => decodeToken('', 'r', 0))).toBe('badResumptionToken');
  });
});
