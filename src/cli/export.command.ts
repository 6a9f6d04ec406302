import type { Command } from 'commander';
import { Option } from 'commander';
import { ExportService } from '../interop/export/export.service';
import { writeExport } from '../interop/export/export-writer';
import { OUTPUT_FORMATS, writerFor, type OutputFormat } from '../marc/formats';
import { openExistingCatalog } from './catalog-flags';
import { EXIT_CODES } from './exit-codes';
import { openSink } from './output';
import { createProgress } from './progress';

interface ExportFlags {
  db?: string;
  to: OutputFormat;
  output?: string;
  withItems?: boolean;
  after?: string;
  quiet?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'write the records of a query, or the whole catalog, in id order as one MARC file; summary on stderr',
    )
    .argument('[query...]', 'the query language, as `stacks search` takes it; empty for every record')
    .addOption(
      new Option('-t, --to <format>', 'output format, as `stacks convert --to`')
        .choices(OUTPUT_FORMATS as string[])
        .makeOptionMandatory(),
    )
    .option('-o, --output <file>', 'output file (default: standard output)')
    .option('--with-items', "add each record's copies as 852 fields")
    .option('--after <id>', 'resume: only records whose id comes after this one (the last one written)')
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('-q, --quiet', 'no progress line')
    .action(async (words: string[], flags: ExportFlags) => {
      process.exitCode = await exportCatalog(words.join(' '), flags);
    });
}

export async function exportCatalog(q: string, flags: ExportFlags): Promise<number> {
  const backends = await openExistingCatalog(flags.db);
  try {
    const started = Date.now();
    const run = await new ExportService(backends).open({
      q,
      withItems: Boolean(flags.withItems),
      ...(flags.after !== undefined && { after: flags.after }),
    });
    // Opened once the query is known to be good, so a mistake leaves no empty file behind.
    const sink = openSink(flags.output);
    const progress = createProgress('export', { quiet: flags.quiet, totalRecords: run.total });
    let tally;
    try {
      tally = await writeExport(run, writerFor(flags.to), sink, {
        progress: (t) => progress.tick(t.written),
        skipped: (id, reason) => progress.say(`stacks: record ${id} skipped: ${reason}`),
      });
    } finally {
      progress.done();
      await sink.close();
    }
    const seconds = (Date.now() - started) / 1000;
    const rate = Math.round(tally.written / Math.max(seconds, 0.001));
    const where = flags.output && flags.output !== '-' ? flags.output : 'standard output';
    process.stderr.write(
      `export: ${tally.written.toLocaleString('en-US')} records written to ${where} (${flags.to}) in ` +
        `${seconds.toFixed(1)} s, ${rate.toLocaleString('en-US')}/s` +
        (tally.skipped.length > 0 ? `; ${tally.skipped.length} skipped (the format cannot hold them)` : '') +
        (tally.lastId !== undefined ? `; last id ${JSON.stringify(tally.lastId)}` : '') +
        '\n',
    );
    return tally.skipped.length > 0 ? EXIT_CODES.notAllLoaded : EXIT_CODES.ok;
  } finally {
    await backends.close();
  }
}
