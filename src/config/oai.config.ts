/**
 * The OAI-PMH variables of the one Config (src/config.ts calls this): what Identify says about
 * the repository, and the list pages. Plain data; src/interop/oai reads the same shape.
 */
type Env = Record<string, string | undefined>;

export interface OaiConfig {
  /** Identify's repositoryName (STACKS_OAI_REPOSITORY_NAME; default `Stacks catalog`). */
  repositoryName: string;
  /**
   * The oai-identifier repositoryIdentifier, a domain name the library controls
   * (STACKS_OAI_REPOSITORY_ID; default `stacks.localdomain`): item identifiers are
   * `oai:<it>:<record id>`, so it must not change once harvesters have them.
   */
  repositoryIdentifier: string;
  /** Identify's adminEmail, one or more, comma-separated (STACKS_OAI_ADMIN_EMAIL). */
  adminEmails: string[];
  /** The public address of /oai behind a proxy (STACKS_OAI_BASE_URL); unset: the request's own. */
  baseUrl?: string;
  /** Records per ListRecords page (STACKS_OAI_PAGE_SIZE; default 100, 1–1,000). */
  recordsPageSize: number;
  /** Headers per ListIdentifiers page (STACKS_OAI_IDENTIFIERS_PAGE_SIZE; default 500, 1–10,000). */
  identifiersPageSize: number;
}

export const DEFAULT_OAI_CONFIG: OaiConfig = {
  repositoryName: 'Stacks catalog',
  repositoryIdentifier: 'stacks.localdomain',
  adminEmails: ['catalog@stacks.localdomain'],
  recordsPageSize: 100,
  identifiersPageSize: 500,
};

// The patterns of oai-identifier.xsd and OAI-PMH.xsd, so Identify never says what its schema refuses.
const REPOSITORY_ID = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/;
const EMAIL = /^\S+@(\S+\.)+\S+$/;

export function oaiConfigFrom(env: Env, problems: string[]): OaiConfig {
  const config: OaiConfig = { ...DEFAULT_OAI_CONFIG };
  const name = env.STACKS_OAI_REPOSITORY_NAME?.trim();
  if (name) config.repositoryName = name;
  const id = env.STACKS_OAI_REPOSITORY_ID?.trim();
  if (id && REPOSITORY_ID.test(id)) config.repositoryIdentifier = id;
  else if (id)
    problems.push(`STACKS_OAI_REPOSITORY_ID="${id}" is not a domain name (letters, digits, -, with a dot)`);
  const emails = env.STACKS_OAI_ADMIN_EMAIL?.split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (emails?.length) {
    const bad = emails.filter((e) => !EMAIL.test(e));
    if (bad.length > 0)
      problems.push(`STACKS_OAI_ADMIN_EMAIL has addresses that are not e-mail addresses: ${bad.join(', ')}`);
    else config.adminEmails = emails;
  }
  const baseUrl = env.STACKS_OAI_BASE_URL?.trim();
  if (baseUrl && /^https?:\/\/[^/]/.test(baseUrl)) config.baseUrl = baseUrl;
  else if (baseUrl) problems.push(`STACKS_OAI_BASE_URL="${baseUrl}" is not an http:// or https:// URL`);
  config.recordsPageSize = size(env, 'STACKS_OAI_PAGE_SIZE', 1000, config.recordsPageSize, problems);
  config.identifiersPageSize = size(
    env,
    'STACKS_OAI_IDENTIFIERS_PAGE_SIZE',
    10_000,
    config.identifiersPageSize,
    problems,
  );
  return config;
}

function size(env: Env, name: string, max: number, fallback: number, problems: string[]): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= max) return n;
  problems.push(`${name}="${value}" is not a whole number from 1 to ${max}`);
  return fallback;
}
