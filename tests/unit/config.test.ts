import { availableParallelism } from 'node:os';
import { loadConfig } from '../../src/config';
import { redactUrl, redactUrlsIn } from '../../src/connections/redact-url';
import { AppError } from '../../src/errors/app-error';

const MONGO = 'mongodb://127.0.0.1:27017/stacks';
const SEARCH = 'http://127.0.0.1:9200';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_config')
      return error.details.problems as string[];
    throw error;
  }
  return [];
}

describe('loadConfig: store and index', () => {
  test('when nothing is set, then both are the embedded SQLite on data/stacks.db and no URL is kept', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({ store: 'sqlite', index: 'sqlite', dbPath: 'data/stacks.db' });
    expect(config).not.toHaveProperty('mongoUrl');
    expect(config).not.toHaveProperty('searchUrl');
  });

  test.each([
    ['sqlite', 'sqlite'],
    ['sqlite', 'elasticsearch'],
    ['sqlite', 'opensearch'],
    ['mongodb', 'sqlite'],
    ['mongodb', 'elasticsearch'],
    ['mongodb', 'opensearch'],
  ] as const)(
    'when STACKS_STORE=%s and STACKS_INDEX=%s, then each side gets only its own URL',
    (store, index) => {
      const env = { STACKS_STORE: store, STACKS_INDEX: index, MONGODB_URL: MONGO, SEARCH_URL: SEARCH };

      const config = loadConfig(env);

      expect(config.store).toBe(store);
      expect(config.index).toBe(index);
      expect(config.mongoUrl).toBe(store === 'mongodb' ? MONGO : undefined);
      expect(config.searchUrl).toBe(index === 'sqlite' ? undefined : SEARCH);
    },
  );

  test('when a scale-out pair is chosen, then STACKS_DB stays the local file for jobs and keys', () => {
    const env = {
      STACKS_STORE: 'mongodb',
      MONGODB_URL: MONGO,
      STACKS_INDEX: 'opensearch',
      SEARCH_URL: SEARCH,
    };

    expect(loadConfig({ ...env, STACKS_DB: '/data/state.db' }).dbPath).toBe('/data/state.db');
  });

  test('when STACKS_INDEX_NAME is set for an engine, then it names the alias; unset, the alias is stacks', () => {
    const env = { STACKS_INDEX: 'opensearch', SEARCH_URL: SEARCH };

    expect(loadConfig({ ...env, STACKS_INDEX_NAME: 'branch-b' }).indexName).toBe('branch-b');
    expect(loadConfig(env).indexName).toBe('stacks');
  });

  test('when the URLs are missing, then one error names both, with the choice that needs them', () => {
    const problems = problemsOf({ STACKS_STORE: 'mongodb', STACKS_INDEX: 'elasticsearch' });

    expect(problems).toEqual([
      'MONGODB_URL is required when STACKS_STORE=mongodb',
      'SEARCH_URL is required when STACKS_INDEX=elasticsearch',
    ]);
  });

  test('when the choices are unknown, then each is named with the values allowed, beside other problems', () => {
    const problems = problemsOf({ STACKS_STORE: 'mongo', STACKS_INDEX: 'solr', PORT: 'x' });

    expect(problems).toEqual([
      'STACKS_STORE="mongo" is not one of sqlite, mongodb',
      'STACKS_INDEX="solr" is not one of sqlite, elasticsearch, opensearch',
      'PORT="x" is not a port number (0–65535)',
    ]);
  });

  test.each([
    ['MONGODB_URL', 'postgres://db/stacks', 'must start with mongodb:// or mongodb+srv://'],
    ['MONGODB_URL', 'mongodb://127.0.0.1:27017', 'names no database'],
    ['MONGODB_URL', 'mongodb://127.0.0.1:27017/', 'names no database'],
    ['SEARCH_URL', '127.0.0.1:9200', 'is not an http:// or https:// URL'],
    ['STACKS_INDEX_NAME', 'Stacks*', 'must be lower-case letters'],
    ['STACKS_INDEX_NAME', '_stacks', 'must be lower-case letters'],
  ])('when %s is %j, then the problem says it %s', (name, value, says) => {
    const env = {
      STACKS_STORE: 'mongodb',
      MONGODB_URL: MONGO,
      STACKS_INDEX: 'opensearch',
      SEARCH_URL: SEARCH,
    };

    const problems = problemsOf({ ...env, [name]: value });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toContain(says);
  });

  test('when a bad URL carries credentials, then the error shows neither the user nor the password', () => {
    const load = () =>
      loadConfig({
        STACKS_STORE: 'mongodb',
        MONGODB_URL: 'mongodb://stacks:s3cret-pw@db.example:27017',
        STACKS_INDEX: 'opensearch',
        SEARCH_URL: 'ftp://admin:hunter2@search.example',
      });

    expect(load).toThrow('MONGODB_URL="mongodb://***@db.example:27017" names no database');
    expect(load).toThrow('SEARCH_URL="ftp://***@search.example" is not an http');
    expect(load).not.toThrow(/s3cret-pw|hunter2|stacks:/);
  });

  test('when a store or index is SQLite, then the URLs of the other kind are not read at all', () => {
    const reads = new Set<string>();
    const env = new Proxy({} as Record<string, string | undefined>, {
      get: (_target, name) => {
        reads.add(String(name));
        return undefined;
      },
    });

    loadConfig(env);

    expect(reads.has('MONGODB_URL')).toBe(false);
    expect(reads.has('SEARCH_URL')).toBe(false);
    expect(reads.has('STACKS_INDEX_NAME')).toBe(false);
  });
});

describe('redactUrl', () => {
  test.each([
    ['mongodb://u:p@h:27017/db', 'mongodb://***@h:27017/db'],
    ['mongodb://u:p@ss/w@h1:1,h2:2/db?authSource=admin', 'mongodb://***@h1:1,h2:2/db?***'],
    ['https://elastic:pw@search:9200', 'https://***@search:9200'],
    ['http://127.0.0.1:9201', 'http://127.0.0.1:9201'],
    ['mongodb://h/db?tlsCertificateKeyFilePassword=x', 'mongodb://h/db?***'],
  ])('when the URL is %s, then it is shown as %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  test('when a message quotes a URL with a password, then only the credentials are hidden', () => {
    expect(redactUrlsIn('failed for mongodb://u:pw@host:1/x (timeout)')).toBe(
      'failed for mongodb://***@host:1/x (timeout)',
    );
  });
});

describe('loadConfig: the read pool', () => {
  test('when nothing is set, then one worker per core, a 10-s budget and a queue of 128', () => {
    expect(loadConfig({})).toMatchObject({
      searchWorkers: availableParallelism(),
      searchTimeoutMs: 10_000,
      searchQueue: 128,
    });
  });

  test('when the pool is set, then 0 workers (reads in-process) and a queue of 0 are allowed', () => {
    const env = { STACKS_SEARCH_WORKERS: '0', STACKS_SEARCH_TIMEOUT_MS: '2500', STACKS_SEARCH_QUEUE: '0' };
    expect(loadConfig(env)).toMatchObject({ searchWorkers: 0, searchTimeoutMs: 2500, searchQueue: 0 });
  });

  test('when the pool variables are bad, then one error names each', () => {
    const problems = problemsOf({
      STACKS_SEARCH_WORKERS: 'two',
      STACKS_SEARCH_TIMEOUT_MS: '0',
      STACKS_SEARCH_QUEUE: '-1',
    });
    expect(problems).toEqual([
      'STACKS_SEARCH_WORKERS="two" is not a whole number from 0 to 256',
      'STACKS_SEARCH_TIMEOUT_MS="0" is not a whole number from 1 to 3600000',
      'STACKS_SEARCH_QUEUE="-1" is not a whole number from 0 to 1000000',
    ]);
  });
});

describe('the mapping profile', () => {
  test('when STACKS_PROFILE is set, then it names the file; --profile wins; unset or empty, none (the default)', () => {
    expect(loadConfig({}).profilePath).toBeUndefined();
    expect(loadConfig({ STACKS_PROFILE: 'a.json' }).profilePath).toBe('a.json');
    expect(loadConfig({ STACKS_PROFILE: 'a.json' }, { profilePath: 'b.json' }).profilePath).toBe('b.json');
    expect(loadConfig({ STACKS_PROFILE: ' ' }).profilePath).toBeUndefined();
  });
});

describe('the locations file', () => {
  test('when STACKS_LOCATIONS is set, then it names the file; unset or empty, the bundled one', () => {
    expect(loadConfig({}).locationsPath).toBeUndefined();
    expect(loadConfig({ STACKS_LOCATIONS: ' /etc/stacks/locations.yaml ' }).locationsPath).toBe(
      '/etc/stacks/locations.yaml',
    );
    expect(loadConfig({ STACKS_LOCATIONS: '' }).locationsPath).toBeUndefined();
  });
});

describe('the loan rules file', () => {
  test('when STACKS_LOAN_RULES is set, then it names the file; unset or empty, the bundled one', () => {
    expect(loadConfig({}).loanRulesPath).toBeUndefined();
    expect(loadConfig({ STACKS_LOAN_RULES: ' /etc/stacks/loan-rules.yaml ' }).loanRulesPath).toBe(
      '/etc/stacks/loan-rules.yaml',
    );
    expect(loadConfig({ STACKS_LOAN_RULES: '' }).loanRulesPath).toBeUndefined();
  });
});
