import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { openLoanPolicy } from '../api/loan-policy';
import { openLocationDirectory } from '../api/location-directory';
import { findSpecFile } from '../api/openapi/openapi.spec';
import type { Backends } from '../backends/backends';
import { openBackends } from '../backends/open-backends';
import { loadConfig, type Config } from '../config';
import { readOfflineFile } from '../domain/circulation/offline-file';
import { AppError } from '../errors/app-error';
import type { OfflineLineReport, OfflineReport } from '../services/circulation-offline';
import { circulationPortsOf, CirculationService } from '../services/circulation.service';
import { intFlag } from './catalog-flags';
import { EXIT_CODES } from './exit-codes';
import { checkInputs } from './input-files';
import { seedSampleDeskIfNew } from './sample-desk';

interface DbFlags {
  db?: string;
}

export function registerCirculation(program: Command): void {
  const circulation = program
    .command('circulation')
    .description('the circulation desk: offline files, hold expiry, crash recovery, the sample desk');
  circulation
    .command('offline')
    .description("apply the bookmobile's offline loans and returns")
    .argument('<file>', 'the JSON-lines file the bookmobile recorded, or - for standard input')
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('--json', 'also print the report as POST /circulation/offline answers it, on standard output')
    .addHelpText(
      'after',
      [
        '',
        'Lines are applied in time order, each at its own instant, and reported in file order:',
        'applied, already-applied (the same file again changes nothing), conflict (with its code,',
        'applied all the same or not) or invalid. Format and rules: docs/circulation.md,',
        '"The bookmobile, offline". Report lines name items and card barcodes, never personal data.',
        'Exit codes: 0 every line applied (or already), 1 a line invalid or a conflict not applied,',
        '2 a file that cannot be read, a bad flag or configuration.',
      ].join('\n'),
    )
    .action(async (file: string, flags: DbFlags & { json?: boolean }) => {
      process.exitCode = await offline(file, flags);
    });
  circulation
    .command('expire-holds')
    .description('end the holds due to expire today; print them')
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('--date <day>', "the day to expire for, YYYY-MM-DD (default: today in the loan rules' time zone)")
    .action(async (flags: DbFlags & { date?: string }) => {
      process.exitCode = await expireHolds(flags);
    });
  circulation
    .command('recover')
    .description('settle operations a crash cut short; print how many')
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option(
      '--older-than <seconds>',
      'leave operations younger than this to the server running them (default: 60)',
    )
    .action(async (flags: DbFlags & { olderThan?: string }) => {
      process.exitCode = await recover(flags);
    });
  circulation
    .command('sample-desk')
    .description("open the samples' desk: fictional patrons, their loans and holds")
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .addHelpText(
      'after',
      [
        '',
        'What `stacks serve` does after loading the samples into an empty catalog, for a catalog',
        'whose samples were loaded by `stacks ingest` (docker-compose.yml). A catalog that has',
        'patrons already is left alone. ingest/samples/README.md, "The desk".',
      ].join('\n'),
    )
    .action(async (flags: DbFlags) => {
      process.exitCode = await sampleDesk(flags);
    });
}

/** The service over the configured backends, closed after `work`. */
async function withDesk<T>(
  flags: DbFlags,
  work: (desk: CirculationService, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env, flags.db ? { dbPath: flags.db } : {});
  // The rules first: a bad rules file stops the command before the catalog opens.
  const policy = openLoanPolicy(config.loanRulesPath);
  const backends: Backends = await openBackends(config);
  try {
    return await work(new CirculationService(circulationPortsOf(backends), policy), config);
  } finally {
    await backends.close();
  }
}

async function offline(file: string, flags: DbFlags & { json?: boolean }): Promise<number> {
  checkInputs([file]);
  const parsed = readOfflineFile(file === '-' ? await readStdin() : await readFile(file));
  const report = await withDesk(flags, (desk, config) =>
    desk.applyOffline(parsed, { locations: openLocationDirectory(config.locationsPath) }),
  );
  for (const line of report.lines) say(offlineLine(line));
  say(offlineSummary(report));
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const unapplied = report.lines.some(
    (l) => l.outcome === 'invalid' || (l.outcome === 'conflict' && !l.applied),
  );
  return unapplied ? EXIT_CODES.notAllLoaded : EXIT_CODES.ok;
}

export function offlineLine(l: OfflineLineReport): string {
  const what = [l.id, l.op].filter(Boolean).join(' ');
  const code = l.code
    ? ` (${l.code}${l.outcome === 'conflict' ? (l.applied ? ', applied' : ', not applied') : ''})`
    : '';
  return `line ${l.line}${what ? ` ${what}` : ''}: ${l.outcome}${code}${l.message ? `: ${l.message}` : ''}`;
}

export function offlineSummary({ summary, lines }: OfflineReport): string {
  const notApplied = lines.filter((l) => l.outcome === 'conflict' && !l.applied).length;
  return (
    `offline: ${summary.applied} applied, ${summary.alreadyApplied} already applied, ` +
    `${summary.conflicts} conflicts (${notApplied} not applied), ${summary.invalid} invalid`
  );
}

async function expireHolds(flags: DbFlags & { date?: string }): Promise<number> {
  const day = flags.date;
  if (day !== undefined && !isDay(day))
    throw new AppError('invalid_config', `--date "${day}" is not a day written YYYY-MM-DD`);
  const expired = await withDesk(flags, (desk) => desk.expireHolds(day));
  for (const hold of expired) {
    const where = hold.trappedItem ? `, item ${hold.trappedItem} leaves the hold shelf` : '';
    say(`hold ${hold.id} expired (record ${hold.recordId}, pickup ${hold.pickupLibrary}${where})`);
  }
  say(`expire-holds: ${expired.length} hold${expired.length === 1 ? '' : 's'} expired`);
  return EXIT_CODES.ok;
}

async function recover(flags: DbFlags & { olderThan?: string }): Promise<number> {
  const seconds = intFlag('older-than', flags.olderThan, 0, 365 * 86_400) ?? 60;
  const report = await withDesk(flags, (desk) =>
    desk.recover(new Date(Date.now() - seconds * 1000).toISOString()),
  );
  for (const failed of report.failed) say(`operation ${failed.id} not settled: ${failed.error}`);
  say(
    `recover: ${report.finished.length} finished, ${report.undone.length} undone, ${report.failed.length} failed`,
  );
  return report.failed.length > 0 ? EXIT_CODES.notAllLoaded : EXIT_CODES.ok;
}

async function sampleDesk(flags: DbFlags): Promise<number> {
  const config = loadConfig(process.env, flags.db ? { dbPath: flags.db } : {});
  const rules = {
    policy: openLoanPolicy(config.loanRulesPath),
    locations: openLocationDirectory(config.locationsPath),
  };
  const backends: Backends = await openBackends(config);
  try {
    const dir = path.join(path.dirname(findSpecFile()), 'ingest', 'samples');
    const desk = await seedSampleDeskIfNew(backends, rules, dir);
    if (!desk) say('sample-desk: the catalog has patrons already; nothing added');
    else
      say(
        `sample-desk: ${desk.patrons} patrons, ${desk.checkOuts} check-outs, ${desk.checkIns} check-ins, ` +
          `${desk.renewals} renewals, ${desk.holds} holds, ${desk.blocks} blocks`,
      );
    return EXIT_CODES.ok;
  } finally {
    await backends.close();
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
