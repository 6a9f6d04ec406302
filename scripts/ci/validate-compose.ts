import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../src/app-info';
import { checkModel } from './validate-compose.checks';
import { checkDockerfile, readDockerfile } from './validate-compose.dockerfile';
import { mergeCompose } from './validate-compose.merge';
import { loadComposeSchema, type ComposeSchema } from './validate-compose.schema';
import { interpolate, parseComposeYaml, withoutMergeTags } from './validate-compose.yaml';

/**
 * `npm run check:compose`: docker-compose.yml and every docker-compose.*.yml override, checked
 * without Docker (none runs on the build machines, so `docker compose config` cannot):
 *   1. each file, and the default file merged with each override, against the Compose
 *      Specification's JSON schema (validate-compose.schema.ts);
 *   2. rules the schema cannot state: pinned images, depends_on targets and conditions, health
 *      checks, ports, volumes, the sample load, and the Stacks services' environment against what
 *      src/config.ts reads (validate-compose.checks.ts, validate-compose.config.ts);
 *   3. the Dockerfile those services build (validate-compose.dockerfile.ts).
 * Interpolation uses an empty environment: what a plain `docker compose up` without .env gets.
 */
export const BASE_FILE = 'docker-compose.yml';

export interface ComposeValidation {
  /** What was checked, one line each. */
  checked: string[];
  errors: string[];
}

export function validateCompose(root: string = ROOT_DIR): ComposeValidation {
  const result: ComposeValidation = { checked: [], errors: [] };
  const schema = loadComposeSchema();
  const files = [BASE_FILE, ...overrideFiles(root)];
  const parsed = new Map(
    files.map((f) => [f, parseComposeYaml(readFileSync(path.join(root, f), 'utf8'), f)]),
  );
  // An override on its own (the default file is checked below as the first model).
  for (const file of files.slice(1)) schemaCheck(schema, file, withoutMergeTags(parsed.get(file)), result);
  const dockerfile = readDockerfile(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
  result.errors.push(...checkDockerfile(dockerfile, root, readIfThere(path.join(root, '.dockerignore'))));
  result.checked.push('Dockerfile: pinned bases, non-root user, health check, port, build context');
  const readme = readmeSection(readIfThere(path.join(root, 'README.md')), files, result.errors);
  const ctx = { root, dockerfile, readme };
  const base = parsed.get(BASE_FILE);
  for (const override of [undefined, ...files.slice(1)]) {
    const name = override ? `${BASE_FILE} + ${override}` : BASE_FILE;
    const merged = override ? mergeCompose(base, parsed.get(override)) : withoutMergeTags(base);
    const model = schemaCheck(schema, name, merged, result);
    const found = checkModel(model, ctx);
    result.errors.push(...found.errors.map((e) => `${name}: ${e}`));
    result.checked.push(`${name}: images, depends_on, health checks, ports, volumes, sample load, config`);
  }
  return result;
}

function overrideFiles(root: string): string[] {
  return readdirSync(root)
    .filter((f) => /^docker-compose\.[a-z0-9-]+\.ya?ml$/.test(f))
    .sort();
}

/** Interpolates, validates against the schema, records the outcome; returns the model. */
function schemaCheck(
  schema: ComposeSchema,
  name: string,
  document: unknown,
  result: ComposeValidation,
): unknown {
  const problems: string[] = [];
  const model = interpolate(document, {}, problems);
  problems.push(...schema.validate(model));
  result.errors.push(...problems.map((p) => `${name}: ${p}`));
  result.checked.push(`${name}: Compose Specification schema (${schema.source})`);
  return model;
}

function readIfThere(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** README.md's "Running at scale" section; it must name every Compose file it documents. */
function readmeSection(readme: string, files: string[], errors: string[]): string {
  const start = readme.search(/^## Running at scale\s*$/m);
  if (start < 0) {
    errors.push('README.md: no "## Running at scale" section');
    return '';
  }
  const rest = readme.slice(start + 1);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  for (const file of files) {
    if (!section.includes(file)) errors.push(`README.md "Running at scale": does not mention ${file}`);
  }
  return section;
}

function main(): void {
  const { checked, errors } = validateCompose();
  for (const line of checked) process.stdout.write(`checked  ${line}\n`);
  process.stdout.write('not run  docker compose config / up: no Docker engine on this machine\n');
  for (const line of errors) process.stderr.write(`error    ${line}\n`);
  process.stdout.write(
    errors.length === 0 ? 'compose files: OK\n' : `compose files: ${errors.length} problem(s)\n`,
  );
  process.exitCode = errors.length === 0 ? 0 : 1;
}

if (require.main === module) main();
