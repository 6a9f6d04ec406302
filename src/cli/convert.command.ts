import type { Command } from 'commander';
import { Option } from 'commander';
import { OUTPUT_FORMATS, readMarcBatches, writerFor, type OutputFormat } from '../marc/formats';
import { keepingHead } from '../marc/non-marc';
import { openSource } from '../marc/source';
import { checkInputs, noRecordsExit } from './input-files';
import { openSink } from './output';
import { createProgress } from './progress';
import { Tally } from './tally';
import { addReadOptions, readOptionsFrom, type ReadFlags } from './read-flags';

interface ConvertFlags extends ReadFlags {
  to: OutputFormat;
  output?: string;
  rejects?: string;
}

export function registerConvert(program: Command): void {
  addReadOptions(
    program
      .command('convert')
      .description(
        'convert MARC between ISO 2709, MARCXML, MARC-in-JSON (json, jsonl) and MRK; summary on stderr',
      )
      .argument('<in>', 'input file, or - for standard input'),
  )
    .addOption(
      new Option('-t, --to <format>', 'output format')
        .choices(OUTPUT_FORMATS as string[])
        .makeOptionMandatory(),
    )
    .option('-o, --output <file>', 'output file (default: standard output)')
    .option('--rejects <file>', 'write the raw bytes of rejected records here')
    .option('-v, --verbose', 'print every warning')
    .option('-q, --quiet', 'no progress, no per-record diagnostics')
    .action(async (input: string, flags: ConvertFlags) => {
      process.exitCode = await convert(input, flags);
    });
}

export async function convert(input: string, flags: ConvertFlags): Promise<number> {
  checkInputs([input]);
  const writer = writerFor(flags.to);
  const sink = openSink(flags.output);
  const rejects = flags.rejects ? openSink(flags.rejects) : undefined;
  const { source, head } = keepingHead(openSource(input));
  const progress = createProgress('convert', { quiet: flags.quiet });
  const tally = new Tally(flags, (line) => progress.say(line));
  try {
    sink.write(writer.begin());
    for await (const batch of readMarcBatches(source, readOptionsFrom(flags))) {
      for (const item of batch) {
        tally.add(item);
        if (!item.ok) rejects?.write(item.raw);
        else {
          sink.write(writer.write(item.record));
          tally.written++;
        }
      }
      progress.tick(tally.read, batch[batch.length - 1]?.byteOffset);
      await sink.drain();
      await rejects?.drain();
    }
    sink.write(writer.end());
  } finally {
    progress.done();
    await sink.close();
    if (rejects) await rejects.close();
  }
  tally.printSummary();
  return Math.max(tally.rejected > 0 ? 1 : 0, noRecordsExit(tally.read, input, head()));
}
