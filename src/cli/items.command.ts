import type { Command } from 'commander';
import { createReadStream, readFileSync } from 'node:fs';
import { openLocationDirectory } from '../api/location-directory';
import { openBackends } from '../backends/open-backends';
import { loadConfig } from '../config';
import { AppError } from '../errors/app-error';
import { checkMapping, type ColumnMapping } from '../ingest/items/item-columns';
import { runItemImport, type ItemImportOptions } from '../ingest/items/item-import';
import { delimiterFor, openItemTable } from '../ingest/items/item-table.reader';
import { intFlag } from './catalog-flags';
import { EXIT_CODES } from './exit-codes';
import { checkInputs } from './input-files';
import { ImportOutput } from './import-output';
import { itemSummaryTable, itemTrouble } from './items-output';
import { createProgress } from './progress';

interface ImportFlags {
  db?: string;
  map?: string;
  column: string[];
  delimiter?: string;
  dryRun?: boolean;
  batchSize: string;
  report?: string;
  quiet?: boolean;
  allowUnknownLocations?: boolean;
}

const DEFAULT_BATCH = 500;

export function registerItems(program: Command): void {
  const items = program
    .command('items')
    .description('the copies the library holds: barcodes, locations, statuses');
  items
    .command('import')
    .description('load items from a spreadsheet (CSV or TSV with a header); one report line per row')
    .argument('<file>', 'the spreadsheet, or - for standard input')
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('--map <file>', 'JSON mapping of field → column header, e.g. {"barcode": "Item Barcode"}')
    .option(
      '--column <field=header>',
      'map one field to a column (repeatable); wins over --map',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--delimiter <d>', 'comma, tab or semicolon (default: .tsv is tab, else guessed from the header)')
    .option('--dry-run', 'find records and compare; report what would happen; write nothing')
    .option('--batch-size <n>', 'rows per transaction', String(DEFAULT_BATCH))
    .option('--report <file>', 'write one JSON line per row here (- for standard output)')
    .option(
      '--allow-unknown-locations',
      'load rows at locations the locations file does not list (else rejected, naming the listed ones)',
    )
    .option('-q, --quiet', 'no progress, no per-row messages')
    .action(async (file: string, flags: ImportFlags) => {
      process.exitCode = await importItems(file, flags);
    });
}

export async function importItems(file: string, flags: ImportFlags): Promise<number> {
  const options: ItemImportOptions = {
    dryRun: Boolean(flags.dryRun),
    batchSize: intFlag('batch-size', flags.batchSize, 1, 100_000) ?? DEFAULT_BATCH,
    mapping: mappingFrom(flags),
  };
  const delimiter = delimiterFor(file, flags.delimiter);
  checkInputs([file]);
  const config = loadConfig(process.env, flags.db ? { dbPath: flags.db } : {});
  // The file the server reads (STACKS_LOCATIONS); a bad one stops the command before the catalog opens.
  const locations = flags.allowUnknownLocations ? undefined : openLocationDirectory(config.locationsPath);
  const progress = createProgress(options.dryRun ? 'items import (dry run)' : 'items import', {
    quiet: flags.quiet,
  });
  const output = new ImportOutput(flags.report, Boolean(flags.quiet), (l) => progress.say(l), itemTrouble);
  const backends = await openBackends(config).catch(async (err: unknown) => {
    await output.close();
    throw err;
  });
  try {
    const source = file === '-' ? process.stdin : createReadStream(file);
    const table = await openItemTable(source, delimiter);
    const summary = await runItemImport(
      table,
      backends,
      { ...options, locations },
      {
        line: (line) => output.line(line),
        progress: (rows) => progress.tick(rows),
        flush: () => output.drain(),
      },
    );
    progress.done();
    process.stderr.write(itemSummaryTable(summary, options.dryRun));
    return summary.counts.rejected > 0 ? EXIT_CODES.notAllLoaded : EXIT_CODES.ok;
  } finally {
    progress.done();
    await output.close();
    await backends.close();
  }
}

/** The mapping file first, then each --column over it. */
function mappingFrom(flags: ImportFlags): ColumnMapping {
  let fromFile: ColumnMapping = {};
  if (flags.map) {
    checkInputs([flags.map]);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(flags.map, 'utf8'));
    } catch (err) {
      throw new AppError('invalid_config', `--map ${flags.map}: not JSON (${(err as Error).message})`);
    }
    fromFile = checkMapping(raw, `--map ${flags.map}`);
  }
  const pairs = flags.column.map((c) => {
    const eq = c.indexOf('=');
    if (eq <= 0) throw new AppError('invalid_config', `--column "${c}" is not field=header`);
    return [c.slice(0, eq).trim(), c.slice(eq + 1)] as const;
  });
  return { ...fromFile, ...checkMapping(Object.fromEntries(pairs), '--column') };
}
