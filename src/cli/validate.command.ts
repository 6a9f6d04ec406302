import type { Command } from 'commander';
import { readMarc } from '../marc/formats';
import type { ReadItem } from '../marc/read-item';
import { keepingHead } from '../marc/non-marc';
import { openSource } from '../marc/source';
import { checkInputs, noRecordsExit } from './input-files';
import { createProgress } from './progress';
import { addReadOptions, readOptionsFrom, type ReadFlags } from './read-flags';
import { Tally } from './tally';

interface ValidateFlags extends ReadFlags {
  json?: boolean;
}

export function registerValidate(program: Command): void {
  addReadOptions(
    program
      .command('validate')
      .description(
        'parse MARC without writing it; list damaged records and warnings; exit 1 if any record is rejected',
      )
      .argument('<in>', 'input file, or - for standard input'),
  )
    .option('--json', 'one JSON line per diagnostic on stdout')
    .option('-v, --verbose', 'print every warning')
    .option('-q, --quiet', 'only the summary')
    .action(async (input: string, flags: ValidateFlags) => {
      process.exitCode = await validate(input, flags);
    });
}

export async function validate(input: string, flags: ValidateFlags): Promise<number> {
  checkInputs([input]);
  const { source, head } = keepingHead(openSource(input));
  const progress = createProgress('validate', { quiet: flags.quiet || flags.json });
  const tally = new Tally({ verbose: flags.verbose ?? true, quiet: flags.quiet || flags.json }, (line) =>
    progress.say(line),
  );
  try {
    for await (const item of readMarc(source, readOptionsFrom(flags))) {
      tally.add(item);
      progress.tick(tally.read, item.byteOffset);
      if (flags.json) writeJson(item);
    }
  } finally {
    progress.done();
  }
  tally.printSummary();
  return Math.max(tally.rejected > 0 ? 1 : 0, noRecordsExit(tally.read, input, head()));
}

function writeJson(item: ReadItem): void {
  const at = { record: item.recordNumber, byteOffset: item.byteOffset };
  if (!item.ok)
    process.stdout.write(
      JSON.stringify({ ...at, level: 'error', code: item.code, message: item.message }) + '\n',
    );
  else
    for (const w of item.warnings)
      process.stdout.write(
        JSON.stringify({ ...at, level: 'warning', code: w.code, message: w.message }) + '\n',
      );
}
