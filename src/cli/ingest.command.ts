import type { Command } from 'commander';
import { Option } from 'commander';
import { openBackends } from '../backends/open-backends';
import { loadConfig } from '../config';
import { AppError } from '../errors/app-error';
import {
  DEFAULT_INGEST_OPTIONS,
  MATCH_KEYS,
  type IngestOptions,
  type MatchKey,
} from '../ingest/ingest.types';
import { runIngest, type IngestInput } from '../ingest/pipeline';
import { loadMapper } from '../ingest/profile-loader';
import { openSource } from '../marc/source';
import { intFlag } from './catalog-flags';
import { checkInputs } from './input-files';
import { addAlias } from './option-aliases';
import { formatOption } from './read-flags';
import { IngestOutput, summaryTable } from './ingest-output';
import { createProgress } from './progress';

interface IngestFlags {
  db?: string;
  format: IngestOptions['format'];
  charset: IngestOptions['charset'];
  dryRun?: boolean;
  batchSize: string;
  match?: string;
  onMatch: 'replace' | 'skip';
  syncItems?: boolean;
  report?: string;
  rejects?: string;
  quiet?: boolean;
  profile?: string;
}

export function registerIngest(program: Command): void {
  const command = program
    .command('ingest')
    .description('load MARC records into the catalog (store and search index); one report line per record')
    .argument('<files...>', 'MARC files (ISO 2709, MARCXML, MARC-in-JSON, MRK), or - for standard input')
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .addOption(formatOption())
    .addOption(
      new Option('--charset <charset>', 'ISO 2709 input charset')
        .choices(['auto', 'utf8', 'marc8', 'latin1'])
        .default('auto'),
    )
    .option('--dry-run', 'read, map and match; report what would happen; write nothing')
    .option('--batch-size <n>', 'records per transaction', String(DEFAULT_INGEST_OPTIONS.batchSize))
    .option('--match <keys>', `also match existing records on these, in order (${MATCH_KEYS.join(',')})`)
    .addOption(
      new Option('--on-match <action>', 'a matched record replaces the existing one, or is skipped')
        .choices(['replace', 'skip'])
        .default('replace'),
    )
    .option(
      '--sync-items',
      'withdraw ("not in load") items a loaded record no longer lists; without it they stay',
    )
    .option('--report <file>', 'write one JSON line per record here')
    .option('--rejects <file>', 'write the bytes of rejected records here')
    .option('-q, --quiet', 'no progress, no per-record messages')
    .option(
      '--profile <file>',
      'mapping profile, JSON or a module (default: $STACKS_PROFILE or the bundled one)',
    )
    .action(async (files: string[], flags: IngestFlags) => {
      process.exitCode = await ingest(files, flags);
    });
  addAlias(command, '--batch <n>', 'batch-size');
}

export async function ingest(files: string[], flags: IngestFlags): Promise<number> {
  const options = optionsFrom(flags);
  const config = loadConfig(process.env, {
    ...(flags.db ? { dbPath: flags.db } : {}),
    ...(flags.profile ? { profilePath: flags.profile } : {}),
  });
  // Compiled before any input is opened: a bad rule stops the run before it starts.
  const map = loadMapper(config.profilePath);
  const sizes = checkInputs(files);
  const inputs: IngestInput[] = files.map((f, i) => ({
    name: f,
    source: openSource(f),
    ...(sizes[i] !== undefined ? { size: sizes[i] } : {}),
  }));
  const progress = createProgress(options.dryRun ? 'ingest (dry run)' : 'ingest', {
    quiet: flags.quiet,
    totalBytes: total(inputs),
  });
  const output = new IngestOutput(
    { report: flags.report, rejects: flags.rejects },
    Boolean(flags.quiet),
    (l) => progress.say(l),
  );
  const backends = await openBackends(config).catch(async (err: unknown) => {
    await output.close();
    throw err;
  });
  try {
    const summary = await runIngest(inputs, backends, map, options, {
      line: (line, raw) => output.line(line, raw),
      progress: (p) => progress.tick(p.records, p.bytes),
      flush: () => output.drain(),
    });
    progress.done();
    process.stderr.write(summaryTable(summary, options.dryRun));
    // 1: the run finished but not all of the input loaded (records rejected, a file without any).
    return summary.counts.rejected > 0 || summary.withoutRecords.length > 0 ? 1 : 0;
  } finally {
    progress.done();
    await output.close();
    await backends.close();
  }
}

function optionsFrom(flags: IngestFlags): IngestOptions {
  const batchSize = intFlag('batch-size', flags.batchSize, 1, 100_000) ?? DEFAULT_INGEST_OPTIONS.batchSize;
  const match = (flags.match ?? '').split(',').filter(Boolean) as MatchKey[];
  const bad = match.filter((k) => !MATCH_KEYS.includes(k));
  if (bad.length > 0)
    throw new AppError(
      'invalid_config',
      `--match: unknown key(s) ${bad.join(', ')}; use ${MATCH_KEYS.join(', ')}`,
    );
  return {
    format: flags.format,
    charset: flags.charset,
    dryRun: Boolean(flags.dryRun),
    batchSize,
    match,
    onMatch: flags.onMatch,
    ...(flags.syncItems && { syncItems: true }),
  };
}

function total(inputs: IngestInput[]): number | undefined {
  return inputs.every((i) => i.size !== undefined)
    ? inputs.reduce((n, i) => n + (i.size ?? 0), 0)
    : undefined;
}
