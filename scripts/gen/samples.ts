import { existsSync, mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sampleFiles } from './samples-catalog';

/**
 * Writes the bundled sample records (ingest/samples/) from the hand-written entries in
 * scripts/gen/samples-data/:
 *
 *   npm run gen:samples        (compiles this script alone, then runs it; [out-dir] to write elsewhere)
 *
 * The output depends only on the data: no clock, no randomness, so a rerun without changes leaves
 * the committed files as they are (tests/unit/samples.test.ts checks that).
 */
function main(): void {
  const out = path.resolve(process.argv[2] ?? path.join(projectRoot(), 'ingest', 'samples'));
  mkdirSync(out, { recursive: true });
  const files = sampleFiles();
  // A renamed output must not leave its old file behind for the server to load twice.
  const keep = new Set([...files.map((f) => f.name), 'README.md']);
  for (const name of readdirSync(out)) {
    if (/^samples.*\.(mrc|xml|mrk|json)$/.test(name) && !keep.has(name)) unlinkSync(path.join(out, name));
  }
  for (const file of files) {
    writeFileSync(path.join(out, file.name), file.content);
    process.stdout.write(`${file.name}: ${file.records.length} records, ${file.content.length} bytes\n`);
  }
}

/** The checkout this script was compiled from, wherever tsc put the output under dist/. */
function projectRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'ingest'))) return dir;
  }
  throw new Error(`no project root above ${__dirname}`);
}

main();
