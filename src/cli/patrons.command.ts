import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { openLoanPolicy } from '../api/loan-policy';
import { openLocationDirectory } from '../api/location-directory';
import { openBackends } from '../backends/open-backends';
import { loadConfig } from '../config';
import { delimiterFor, openItemTable } from '../ingest/items/item-table.reader';
import {
  PATRON_COLUMNS,
  PATRON_OUTCOMES,
  resolvePatronColumns,
  runPatronImport,
  type PatronReportLine,
} from '../services/patron-import';
import { patronsBackendsOf } from '../services/patrons.service';
import { EXIT_CODES } from './exit-codes';
import { checkInputs } from './input-files';
import { ImportOutput, importSummaryTable } from './import-output';
import { createProgress } from './progress';

interface ImportFlags {
  db?: string;
  delimiter?: string;
  dryRun?: boolean;
  report?: string;
  quiet?: boolean;
}

export function registerPatrons(program: Command): void {
  const patrons = program
    .command('patrons')
    .description('registered borrowers (personal data: never logged, staff only; docs/patrons.md)');
  patrons
    .command('import')
    .description(
      'load patrons from a spreadsheet (CSV or TSV with a header), for migrations; one report line per row',
    )
    .argument('<file>', 'the spreadsheet, or - for standard input')
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('--delimiter <d>', 'comma, tab or semicolon (default: .tsv is tab, else guessed from the header)')
    .option(
      '--dry-run',
      'check every row and compare with the patrons stored; report what would happen; write nothing',
    )
    .option('--report <file>', 'write one JSON line per row here (- for standard output)')
    .option('-q, --quiet', 'no progress, no per-row messages')
    .addHelpText(
      'after',
      [
        '',
        `Columns (header row; case, spaces and "_" ignored): ${PATRON_COLUMNS.join(', ')}.`,
        "Required: barcode, name, email, patronType (one of the loan rules' types), expiry (YYYY-MM-DD).",
        'Any other column refuses the file.',
        'A card barcode already registered (or an id, with the id column) is updated from the row:',
        '"updated", or "unchanged" when the row says nothing new; an empty phone, address, homeLibrary',
        'or notes cell removes it. Each row is checked as POST /patrons checks a registration; a bad',
        'row is rejected alone. Report lines name the row and card barcode, never personal data.',
        'Exit codes: 0 every row loaded, 1 some rows rejected, 2 a bad file, header or flag.',
      ].join('\n'),
    )
    .action(async (file: string, flags: ImportFlags) => {
      process.exitCode = await importPatrons(file, flags);
    });
}

export async function importPatrons(file: string, flags: ImportFlags): Promise<number> {
  const dryRun = Boolean(flags.dryRun);
  const delimiter = delimiterFor(file, flags.delimiter);
  checkInputs([file]);
  const config = loadConfig(process.env, flags.db ? { dbPath: flags.db } : {});
  // Home libraries are checked against the file the server reads (STACKS_LOCATIONS).
  const locations = openLocationDirectory(config.locationsPath);
  // And patron types against the loan rules the server reads (STACKS_LOAN_RULES).
  const patronTypes = openLoanPolicy(config.loanRulesPath).describe().patronTypes;
  // The header is checked before the catalog opens: a wrong file stops with one line, touching nothing.
  const source = file === '-' ? process.stdin : createReadStream(file);
  const table = await openItemTable(source, delimiter);
  try {
    resolvePatronColumns(table.headers);
  } catch (err) {
    if (source !== process.stdin) source.destroy();
    throw err;
  }
  const progress = createProgress(dryRun ? 'patrons import (dry run)' : 'patrons import', {
    quiet: flags.quiet,
  });
  const output = new ImportOutput<PatronReportLine>(flags.report, Boolean(flags.quiet), (l) =>
    progress.say(l),
  );
  const backends = await openBackends(config).catch(async (err: unknown) => {
    await output.close();
    throw err;
  });
  try {
    const summary = await runPatronImport(
      table,
      patronsBackendsOf(backends),
      { dryRun, rules: { locations, patronTypes } },
      {
        line: (line) => output.line(line),
        progress: (rows) => progress.tick(rows),
        flush: () => output.drain(),
      },
    );
    progress.done();
    process.stderr.write(importSummaryTable('patrons import', PATRON_OUTCOMES, summary, dryRun));
    return summary.counts.rejected > 0 ? EXIT_CODES.notAllLoaded : EXIT_CODES.ok;
  } finally {
    progress.done();
    await output.close();
    await backends.close();
  }
}
