import {
  callNumberForm,
  documentIdentifierTokens,
  identifierCandidates,
  isbnForms,
  queryIdentifierTokens,
} from '../../../../src/search/common/identifier-forms';
import { makeDocument } from '../../../support/documents';

describe('identifier forms', () => {
  it('when an ISBN is typed in any form, then both its forms are looked up', () => {
    expect(isbnForms('0-306-40615-2')).toEqual(['9780306406157', '0306406152']);
    expect(isbnForms('978 0 306 40615 7')).toEqual(['9780306406157', '0306406152']);
    expect(isbnForms('979-10-90636-07-1')).toEqual(['9791090636071']);
  });

  it('when a whole query is an identifier, then its tokens are the candidates', () => {
    expect(identifierCandidates('n79-21164')).toEqual(['lccnn79021164']);
    expect(identifierCandidates('(OCoLC)ocm00012345')).toEqual(['oclc12345']);
    expect(identifierCandidates('0317-8471')).toEqual(['issn03178471']);
    expect(identifierCandidates('0-306-40615-2')).toEqual(['isbn9780306406157', 'isbn0306406152']);
    expect(identifierCandidates('1984')).toEqual([]);
    expect(identifierCandidates('gardens')).toEqual([]);
  });

  it('when a fielded value cannot be that identifier, then it has no tokens', () => {
    expect(queryIdentifierTokens('isbn', 'abc')).toEqual([]);
    expect(queryIdentifierTokens('lccn', '12')).toEqual([]);
    expect(queryIdentifierTokens('id', ' -- ')).toEqual([]);
    expect(queryIdentifierTokens('id', '(OCoLC)123')).toEqual(['cnocolc123']);
  });

  it('when call numbers are spaced differently, then they compact alike', () => {
    expect(callNumberForm('qa 76.73 .J38  2008')).toBe('QA76.73.J38 2008');
    expect(callNumberForm('QA76.73.J38 2008')).toBe('QA76.73.J38 2008');
    expect(callNumberForm('   ')).toBeUndefined();
  });

  it('when a document has identifiers, then each is one token, ISBNs by their 13-digit form', () => {
    const doc = makeDocument({
      id: '(OCoLC)1',
      controlNumber: 'ocm 0001',
      isbns: ['0-306-40615-2', '9780306406157', 'not an isbn 12'],
      issns: ['0317-8471'],
      lccns: ['n 79-21164'],
      oclcNumbers: ['00012345'],
    });
    expect(documentIdentifierTokens(doc).split(' ')).toEqual([
      'isbn9780306406157',
      'issn03178471',
      'lccnn79021164',
      'oclc12345',
      'cnocm0001',
    ]);
  });
});
