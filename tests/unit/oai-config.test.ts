import { loadConfig } from '../../src/config';
import { DEFAULT_OAI_CONFIG } from '../../src/config/oai.config';
import { AppError } from '../../src/errors/app-error';

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

describe('loadConfig: OAI-PMH', () => {
  test('when nothing or empty values are set, then the defaults hold', () => {
    expect(loadConfig({}).oai).toEqual(DEFAULT_OAI_CONFIG);
    const names = [
      'REPOSITORY_ID',
      'REPOSITORY_NAME',
      'ADMIN_EMAIL',
      'BASE_URL',
      'PAGE_SIZE',
      'IDENTIFIERS_PAGE_SIZE',
    ];
    expect(loadConfig(Object.fromEntries(names.map((n) => [`STACKS_OAI_${n}`, '']))).oai).toEqual(
      DEFAULT_OAI_CONFIG,
    );
  });

  test('when every variable is set, then each is read', () => {
    const oai = loadConfig({
      STACKS_OAI_REPOSITORY_ID: 'catalog.example.org',
      STACKS_OAI_REPOSITORY_NAME: 'Example Library',
      STACKS_OAI_ADMIN_EMAIL: 'a@example.org, b@example.org',
      STACKS_OAI_BASE_URL: 'https://catalog.example.org/oai',
      STACKS_OAI_PAGE_SIZE: '250',
      STACKS_OAI_IDENTIFIERS_PAGE_SIZE: '2000',
    }).oai;
    expect(oai).toEqual({
      repositoryIdentifier: 'catalog.example.org',
      repositoryName: 'Example Library',
      adminEmails: ['a@example.org', 'b@example.org'],
      baseUrl: 'https://catalog.example.org/oai',
      recordsPageSize: 250,
      identifiersPageSize: 2000,
    });
  });

  test('when values break the schemas or the ranges, then each bad variable is named', () => {
    const problems = problemsOf({
      STACKS_OAI_REPOSITORY_ID: 'localhost',
      STACKS_OAI_ADMIN_EMAIL: 'nobody',
      STACKS_OAI_BASE_URL: 'ftp://x',
      STACKS_OAI_PAGE_SIZE: '0',
      STACKS_OAI_IDENTIFIERS_PAGE_SIZE: 'many',
    });
    expect(problems.map((p) => p.split(/[= ]/)[0])).toEqual([
      'STACKS_OAI_REPOSITORY_ID',
      'STACKS_OAI_ADMIN_EMAIL',
      'STACKS_OAI_BASE_URL',
      'STACKS_OAI_PAGE_SIZE',
      'STACKS_OAI_IDENTIFIERS_PAGE_SIZE',
    ]);
  });
});
