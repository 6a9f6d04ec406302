import {
  callNumberForm,
  documentIdentifiers,
  identifierCandidates,
  isbnForms,
} from '../../../../src/search/sqlite/identifier-forms';
import { makeDocument } from '../../../support/documents';

describe('identifier forms', () => {
  it('when an ISBN is typed in any form, then both its forms are looked up', () => {
    expect(isbnForms('0-306-40615-2')).toEqual(['9780306406157', '0306406152']);
    expect(isbnForms('978 0 306 40615 7')).toEqual(['9780306406157', '0306406152']);
    expect(isbnForms('979-10-90636-07-1')).toEqual(['9791090636071']);
  });

  it('when a whole query is an identifier, then its kind and normalised value are the candidates', () => {
    expect(identifierCandidates('n79-21164')).toEqual([{ kind: 'lccn', value: 'n79021164' }]);
    expect(identifierCandidates('(OCoLC)ocm00012345')).toEqual([{ kind: 'oclc', value: '12345' }]);
    expect(identifierCandidates('0317-8471')).toEqual([{ kind: 'issn', value: '0317-8471' }]);
    expect(identifierCandidates('1984')).toEqual([]);
    expect(identifierCandidates('gardens')).toEqual([]);
  });

  it('when call numbers are spaced differently, then they compact alike', () => {
    expect(callNumberForm('qa 76.73 .J38  2008')).toBe('QA76.73.J38 2008');
    expect(callNumberForm('QA76.73.J38 2008')).toBe('QA76.73.J38 2008');
    expect(callNumberForm('   ')).toBeUndefined();
  });

  it('when a document has identifiers, then every normalised form is indexed once', () => {
    const doc = makeDocument({
      id: '(OCoLC)1',
      controlNumber: '1',
      isbns: ['0-306-40615-2', '9780306406157'],
      issns: ['0317-8471'],
      lccns: ['n 79-21164'],
      oclcNumbers: ['00012345'],
      callNumbers: ['QA76 .K5'],
    });
    expect(documentIdentifiers(doc)).toEqual([
      { kind: 'isbn', value: '9780306406157' },
      { kind: 'isbn', value: '0306406152' },
      { kind: 'issn', value: '0317-8471' },
      { kind: 'lccn', value: 'n79021164' },
      { kind: 'oclc', value: '12345' },
      { kind: 'id', value: '(OCoLC)1' },
      { kind: 'id', value: '1' },
      { kind: 'callnumber', value: 'QA76.K5' },
    ]);
  });
});
