import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { openLocationDirectory } from '../api/location-directory';
import { loadConfig } from '../config';
import { AppError } from '../errors/app-error';
import { ShelfService, type ShelfReadingReport } from '../services/shelf.service';
import { openExistingCatalog } from './catalog-flags';
import { EXIT_CODES } from './exit-codes';
import { checkInputs } from './input-files';
import { renderShelfReading } from './shelf-read-output';

interface ShelfReadFlags {
  location: string;
  db?: string;
  json?: boolean;
  markFoundAvailable?: boolean;
}

/** Who the history of an item marked found names (the HTTP route names the API key). */
const BY = 'shelf-read';

export function registerShelfRead(program: Command): void {
  program
    .command('shelf-read')
    .description('check barcodes scanned along a shelf against the catalog: order, strays, statuses, gaps')
    .argument(
      '<file>',
      'the scans, one barcode per line in shelf order (blank lines and # comments skipped), or -',
    )
    .requiredOption('--location <LIBRARY/LOCATION>', 'the shelving location scanned, e.g. MAIN/STACKS')
    .option('--mark-found-available', 'mark scanned missing items available (else only offered)')
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('--json', 'print the JSON the HTTP API returns')
    .action(async (file: string, flags: ShelfReadFlags) => {
      const report = await shelfRead(file, flags);
      process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + '\n' : renderShelfReading(report));
      // Like diff: 1 when the shelf needs work, 0 when it is all in order.
      process.exitCode = needsWork(report) ? EXIT_CODES.notAllLoaded : EXIT_CODES.ok;
    });
}

export async function shelfRead(file: string, flags: ShelfReadFlags): Promise<ShelfReadingReport> {
  const barcodes = scansIn(readScans(file), file);
  // The locations file the server reads (STACKS_LOCATIONS), checked before the catalog opens.
  const locations = openLocationDirectory(loadConfig(process.env).locationsPath);
  const backends = await openExistingCatalog(flags.db);
  try {
    return await new ShelfService(backends, locations).readShelf(
      { location: flags.location, barcodes, markFoundAvailable: Boolean(flags.markFoundAvailable) },
      BY,
    );
  } finally {
    await backends.close();
  }
}

function readScans(file: string): string {
  checkInputs([file]);
  return readFileSync(file === '-' ? 0 : file, 'utf8');
}

/** One barcode a line; blank lines and `#` comments (a scanner's session notes) are not scans. */
export function scansIn(text: string, file: string): string[] {
  const scans = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (scans.length === 0) throw new AppError('invalid_shelf_barcodes', `${file} holds no barcodes`, { file });
  return scans;
}

export function needsWork(r: ShelfReadingReport): boolean {
  return [r.misplaced, r.unknown, r.elsewhere, r.wrongStatus, r.duplicates, r.notScanned].some(
    (list) => list.length > 0,
  );
}
