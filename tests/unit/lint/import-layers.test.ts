import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';

/**
 * The layering rule of docs/architecture.md, enforced by `npm run lint` through the
 * stacks/import-layers rule and the table in scripts/lint/layers.js. These tests lint snippets as
 * if they sat at a path in src/, so they show the rule bites without touching the real tree.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
// The config is handed over as an object: ESLint's own loader imports the file dynamically,
// which Jest's module sandbox does not allow.
const config = require(path.join(ROOT, 'eslint.config.js')) as Linter.Config[];
const { LAYERS } = require(path.join(ROOT, 'scripts', 'lint', 'layers.js')) as {
  LAYERS: Record<string, string[]>;
};

const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config });

/** One exception like those scripts/lint/layers.js lists, for the cases about exceptions. */
const EXCEPTION = {
  file: 'src/ingest/example.ts',
  imports: ['src/search/sqlite/index-rows', 'src/store/sqlite/sqlite.record-store'],
  until: 'issue 0',
};
const withException = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  overrideConfig: [
    ...config,
    { files: ['src/**/*.ts'], rules: { 'stacks/import-layers': ['error', { exceptions: [EXCEPTION] }] } },
  ],
});

async function layerErrors(filePath: string, code: string, linter = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: path.join(ROOT, filePath) });
  return result!.messages.filter((m) => m.ruleId === 'stacks/import-layers').map((m) => m.message);
}

describe('the import-layers lint rule', () => {
  it('when marc imports the api, then lint reports the upward import', async () => {
    const errors = await layerErrors('src/marc/example.ts', "export { createApp } from '../api/app';\n");
    expect(errors).toEqual([expect.stringContaining('src/marc may not import src/api (../api/app)')]);
  });

  it('when config reaches api through require or a type import, then both are reported', async () => {
    const code = "export type A = import('./api/app').AppDeps;\nexport const b = require('./api/app');\n";
    expect(await layerErrors('src/config.ts', code)).toHaveLength(2);
  });

  it('when mapping imports a profile, then lint reports it: profiles sit above mapping', async () => {
    const code = "export { defaultProfile } from '../../ingest/profile/default.profile';\n";
    const errors = await layerErrors('src/mapping/example.ts', code);
    expect(errors).toEqual([expect.stringContaining('src/mapping may not import ingest/profile')]);
  });

  it('when the cli reaches into a search adapter, then lint reports it; from backends it is allowed', async () => {
    const code = "export { dropSearchTables } from '../search/sqlite/schema';\n";
    expect(await layerErrors('src/cli/example.ts', code)).toEqual([
      expect.stringContaining('src/cli may not reach into the adapter src/search/sqlite'),
    ]);
    expect(await layerErrors('src/backends/example.ts', code)).toEqual([]);
  });

  it('when one adapter imports another, then lint reports it', async () => {
    const code = "export { ensureSchema } from '../sqlite/schema';\n";
    const errors = await layerErrors('src/search/elastic/example.ts', code);
    expect(errors).toEqual([expect.stringContaining('may not reach into the adapter src/search/sqlite')]);
  });

  it('when an import goes down the table, then lint is silent', async () => {
    const code =
      "export { AppError } from '../errors/app-error';\nexport type { RecordStore } from '../store/port';\n";
    expect(await layerErrors('src/services/example.ts', code)).toEqual([]);
  });

  it('when a temporary exception names a file, then only that file and those imports are excused', async () => {
    const code =
      "export { indexRows } from '../search/sqlite/index-rows';\nexport * from '../store/sqlite/sqlite.record-store';\n";
    expect(await layerErrors(EXCEPTION.file, code, withException)).toEqual([]);
    expect(await layerErrors('src/ingest/other.ts', code, withException)).toHaveLength(2);
  });

  it('when an excused file no longer makes the import, then lint asks for the exception to be deleted', async () => {
    const code = "export { indexRows } from '../search/sqlite/index-rows';\n";
    const errors = await layerErrors(EXCEPTION.file, code, withException);
    expect(errors).toEqual([
      expect.stringContaining('sqlite.record-store in scripts/lint/layers.js is no longer used'),
    ]);
  });

  it('when a file sits in a folder the table does not know, then lint asks for the folder to be added', async () => {
    const errors = await layerErrors('src/nowhere/example.ts', 'export const a = 1;\n');
    expect(errors).toEqual([expect.stringContaining('is in no module of the layer table')]);
  });

  it('when docs/architecture.md states the rule, then it names every module of the table', () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const named = (m: string): boolean => page.includes(`\`${m}\``) || page.includes(`\`${m}.ts\``);
    expect(Object.keys(LAYERS).filter((m) => !named(m))).toEqual([]);
  });

  it('when src/ is listed, then every folder and top-level file in it has a row in the table', () => {
    const modules = readdirSync(path.join(ROOT, 'src'), { withFileTypes: true }).map(
      (e) => `src/${e.name.replace(/\.ts$/, '')}`,
    );
    expect(modules.filter((m) => !(m in LAYERS))).toEqual([]);
  });
});
