import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * TypeScript source (a folder, recursively, or one file) as CommonJS JavaScript under `to`, as
 * ts-jest transpiles it (isolatedModules, no type checking): a worker thread loads plain
 * JavaScript only, and there is no compiled build under ts-jest.
 */
export function transpileTree(from: string, to: string): void {
  if (statSync(from).isFile()) {
    mkdirSync(path.dirname(to), { recursive: true });
    writeFileSync(to.replace(/\.ts$/, '.js'), transpileFile(from));
    return;
  }
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) transpileTree(source, path.join(to, entry.name));
    else if (entry.name.endsWith('.ts'))
      writeFileSync(path.join(to, entry.name.replace(/\.ts$/, '.js')), transpileFile(source));
  }
}

function transpileFile(source: string): string {
  return ts.transpileModule(readFileSync(source, 'utf8'), {
    fileName: source,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
}
