import { parseLocations, readLocationsFile } from '../../../../src/config/locations.config';
import { BUNDLED_LOCATIONS_FILE, openLocationDirectory } from '../../../../src/api/location-directory';
import { LocationDirectory } from '../../../../src/domain/items/locations';
import { AppError } from '../../../../src/errors/app-error';

function problemsOf(text: string): string[] {
  try {
    parseLocations(text, 'loc.json');
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_config');
    return (err as AppError).details.problems as string[];
  }
  throw new Error('expected the file to be refused');
}

describe('the locations file', () => {
  test('when the bundled file is read, then MAIN and BRANCH are there with the samples’ locations', () => {
    const dir = openLocationDirectory();
    expect(dir.codes()).toEqual(
      expect.arrayContaining([
        'MAIN/STACKS',
        'MAIN/REFERENCE',
        'MAIN/PERIODICALS',
        'MAIN/BOOKMOBILE',
        'BRANCH/STACKS',
      ]),
    );
    expect(readLocationsFile(BUNDLED_LOCATIONS_FILE).length).toBeGreaterThanOrEqual(2);
  });

  test('when codes are written in lower case, then they are read upper-cased', () => {
    const libraries = parseLocations(
      '{"libraries": {"main": {"name": "Main", "locations": {"stacks": "Stacks"}}}}',
      'x',
    );
    expect(libraries).toEqual([
      { code: 'MAIN', name: 'Main', locations: [{ code: 'STACKS', name: 'Stacks' }] },
    ]);
  });

  test('when the file is YAML, then it reads as well', () => {
    const text = 'libraries:\n  MAIN:\n    name: Main Library\n    locations:\n      STACKS: Stacks\n';
    expect(parseLocations(text, 'x')[0]!.locations[0]).toEqual({ code: 'STACKS', name: 'Stacks' });
  });

  test('when entries are bad, then every problem is named with its line and entry', () => {
    const text = [
      '{',
      '  "libraries": {',
      '    "MAIN": {',
      '      "name": "Main",',
      '      "locations": { "STACKS": "", "bad code": "X", "stacks": "Again" }',
      '    },',
      '    "BRANCH": { "name": "Branch", "locations": {}, "colour": "red" }',
      '  }',
      '}',
    ].join('\n');
    const problems = problemsOf(text);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^loc\.json line 5: libraries\.MAIN\.locations\.STACKS: a name must be text/),
        expect.stringMatching(/^loc\.json line 5: libraries\.MAIN\.locations\.bad code: a code must be/),
        expect.stringMatching(/line 5: libraries\.MAIN\.locations\.stacks: STACKS is listed twice/),
        expect.stringMatching(/line 7: libraries\.BRANCH: unknown field "colour"/),
        expect.stringMatching(
          /line 7: libraries\.BRANCH\.locations: must be an object of at least one location/,
        ),
      ]),
    );
  });

  test('when the JSON does not parse, then the line is named', () => {
    expect(problemsOf('{\n  "libraries": {\n    "MAIN": \n}')[0]).toMatch(/^loc\.json line \d+: /);
  });

  test('when the file does not exist, then start-up is refused naming it', () => {
    expect(() => readLocationsFile('/nonexistent/loc.json')).toThrow(/\/nonexistent\/loc\.json.*ENOENT/);
  });
});

describe('LocationDirectory', () => {
  const dir = new LocationDirectory([
    { code: 'MAIN', name: 'Main Library', locations: [{ code: 'STACKS', name: 'Stacks' }] },
  ]);

  test('when a location is listed, then its names come from the file', () => {
    expect(dir.names({ library: 'MAIN', shelf: 'STACKS' })).toEqual({
      code: 'MAIN/STACKS',
      libraryName: 'Main Library',
      shelfName: 'Stacks',
      name: 'Main Library, Stacks',
      known: true,
    });
  });

  test('when a load brought a location the file lacks, then its code stands in for its name', () => {
    expect(dir.names({ library: 'ANNEX', shelf: 'BASEMENT' })).toMatchObject({
      name: 'ANNEX/BASEMENT',
      libraryName: 'ANNEX',
      known: false,
    });
    expect(dir.knows({ library: 'ANNEX', shelf: 'BASEMENT' })).toBe(false);
  });
});
