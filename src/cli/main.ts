import { Command } from 'commander';
import { VERSION } from '../app-info';
import { AppError } from '../errors/app-error';
import { registerBrowse } from './browse.command';
import { registerCirculation } from './circulation.command';
import { registerConvert } from './convert.command';
import { registerExport } from './export.command';
import { registerIngest } from './ingest.command';
import { registerItems } from './items.command';
import { registerKeys } from './keys.command';
import { registerPatrons } from './patrons.command';
import { registerReindex } from './reindex.command';
import { registerSearch } from './search.command';
import { registerServe } from './serve.command';
import { registerShelfRead } from './shelf-read.command';
import { registerValidate } from './validate.command';
import { EXIT_CODE_BY_CATEGORY, EXIT_CODES } from './exit-codes';

export function buildProgram(): Command {
  const program = new Command('stacks').description('Stacks: MARC catalog tools and server').version(VERSION);
  registerIngest(program);
  registerItems(program);
  registerPatrons(program);
  registerCirculation(program);
  registerShelfRead(program);
  registerSearch(program);
  registerBrowse(program);
  registerConvert(program);
  registerExport(program);
  registerValidate(program);
  registerKeys(program);
  registerReindex(program);
  registerServe(program);
  return program;
}

/**
 * Typed errors get a message and the exit code of their category (exit-codes.ts): almost all are
 * the user's to fix. Anything else is our bug: a stack trace.
 */
function fail(err: unknown): void {
  if (err instanceof AppError) {
    process.stderr.write(`stacks: ${err.message} (${err.code})\n`);
    process.exitCode = EXIT_CODE_BY_CATEGORY[err.category];
    return;
  }
  process.stderr.write(
    `stacks: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = EXIT_CODES.bug;
}

export function run(argv: string[] = process.argv): Promise<void> {
  return buildProgram()
    .parseAsync(argv)
    .then(() => undefined, fail);
}

if (require.main === module) void run();
