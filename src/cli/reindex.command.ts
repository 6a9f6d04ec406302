import type { Command } from 'commander';
import type { Backends } from '../backends/backends';
import { catchUpIndex } from '../backends/index-catch-up';
import { rebuildIndexFromStore, type RebuildPhase } from '../backends/index-rebuild';
import { loadConfig } from '../config';
import { AppError } from '../errors/app-error';
import { loadMapper } from '../ingest/profile-loader';
import { ITEM_OUTCOMES } from '../ingest/ingest.types';
import { remapStore, type RemapSummary } from '../ingest/remap';
import { describeWarnings, totalWarnings } from '../ingest/warning-counts';
import type { Mapper } from '../mapping/mapper';
import { intFlag, openExistingCatalog } from './catalog-flags';
import { addAlias } from './option-aliases';
import { createProgress, type Progress } from './progress';

interface ReindexFlags {
  db?: string;
  pending?: boolean;
  remap?: boolean;
  syncItems?: boolean;
  profile?: string;
  batchSize?: string;
  quiet?: boolean;
}

const DEFAULT_BATCH = 1000;

export function registerReindex(program: Command): void {
  const command = program
    .command('reindex')
    .description(
      'rebuild the search index from the record store beside the live one, then swap; --pending: index only what waits; --remap: map the stored MARC again first',
    )
    .option(
      '--pending',
      'only the records the store holds as not yet indexed (after the search engine was down)',
    )
    .option(
      '--remap',
      'map every stored record again with the profile and store the documents that change, then rebuild',
    )
    .option(
      '--sync-items',
      'with --remap: withdraw ("not in load") items a record\'s MARC gave it and no longer lists',
    )
    .option(
      '--profile <file>',
      'with --remap: mapping profile, JSON or a module (default: $STACKS_PROFILE or the bundled one)',
    )
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('--batch-size <n>', 'records per page read from the store', String(DEFAULT_BATCH))
    .option('-q, --quiet', 'no progress')
    .action(async (flags: ReindexFlags) => {
      process.exitCode = await reindex(flags);
    });
  addAlias(command, '--batch <n>', 'batch-size');
}

/** Exit code 0 when nothing is left pending, 1 when the index refused some records or some did not map. */
export async function reindex(flags: ReindexFlags): Promise<number> {
  const batch = intFlag('batch-size', flags.batchSize, 1, 100_000) ?? DEFAULT_BATCH;
  // Compiled before the catalog is opened: a bad rule stops the run before it starts.
  const map = remapMapper(flags);
  const backends = await openForReindex(flags);
  const started = Date.now();
  try {
    const unmapped = map
      ? await remap(backends, map, {
          batch,
          quiet: Boolean(flags.quiet),
          syncItems: Boolean(flags.syncItems),
        })
      : 0;
    const line = flags.pending
      ? await pendingOnly(backends, batch, Boolean(flags.quiet))
      : await fullRebuild(backends, batch, Boolean(flags.quiet));
    const left = await backends.store.pendingIndexCount();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`${line}; ${count(left)} still pending (${seconds} s)\n`);
    return left > 0 || unmapped > 0 ? 1 : 0;
  } finally {
    await backends.close();
  }
}

/** The mapper `--remap` maps with, loaded as `stacks ingest` loads it; undefined without `--remap`. */
function remapMapper(flags: ReindexFlags): Mapper | undefined {
  if (flags.remap && flags.pending)
    throw new AppError('invalid_config', '--remap rebuilds the whole index; it does not go with --pending');
  if (!flags.remap) {
    if (flags.syncItems)
      throw new AppError('invalid_config', '--sync-items is for --remap: a plain reindex loads no items');
    if (flags.profile !== undefined)
      throw new AppError(
        'invalid_config',
        '--profile is for --remap: a plain reindex copies the stored documents',
      );
    return undefined;
  }
  const config = loadConfig(process.env, flags.profile ? { profilePath: flags.profile } : {});
  return loadMapper(config.profilePath);
}

/**
 * Maps the stored MARC again (src/ingest/remap.ts); the rebuild that follows puts the documents
 * that changed in the index. Each record that no longer maps is named, and keeps its document.
 * Returns how many did not map.
 */
async function remap(
  backends: Backends,
  map: Mapper,
  { batch, quiet, syncItems }: { batch: number; quiet: boolean; syncItems: boolean },
): Promise<number> {
  const progress = createProgress('reindex --remap (mapping the stored records again)', { quiet });
  let shown = 0;
  // The first few dozen item messages, as ingest shows them: the rest are counted in the summary.
  const show = (message: string): void => {
    if (!quiet && shown++ < 20) progress.say(message);
  };
  try {
    const done = await remapStore(backends, map, {
      batch,
      syncItems,
      progress: (n) => progress.tick(n),
      failed: (f) => progress.say(`reindex --remap: ${f.id}: ${f.reason}; kept as it was`),
      items: (r) => {
        for (const text of [...r.warnings, ...r.notes]) show(`reindex --remap: ${r.id}: ${text}`);
      },
    });
    progress.done();
    process.stderr.write(
      `reindex --remap: ${count(done.records)} records mapped with profile "${map.profileName}": ` +
        `${count(done.changed)} changed, ${count(done.unchanged)} unchanged, ${count(done.failed)} could not be mapped\n` +
        itemLine(done),
    );
    return done.failed;
  } finally {
    progress.done();
  }
}

/** `reindex --remap: items: 3 created, 1 moved, 12 unchanged; warnings: item_without_barcode 2` */
function itemLine(done: RemapSummary): string {
  const outcomes = ITEM_OUTCOMES.filter((o) => done.items[o] > 0).map((o) => `${count(done.items[o])} ${o}`);
  if (outcomes.length === 0 && totalWarnings(done.itemWarnings) === 0) return '';
  const warnings =
    totalWarnings(done.itemWarnings) > 0 ? `; warnings: ${describeWarnings(done.itemWarnings)}` : '';
  return `reindex --remap: items: ${outcomes.length > 0 ? outcomes.join(', ') : 'none'}${warnings}\n`;
}

/**
 * An index built by another version refuses to open for every command ("rebuild it"), except a
 * full reindex, which is how it is rebuilt: an engine index is replaced behind its alias, the
 * embedded one dropped and made again (open-backends.ts). `--pending` adds to the index as it is,
 * so it is refused like the rest.
 */
function openForReindex(flags: ReindexFlags): Promise<Backends> {
  return openExistingCatalog(flags.db, { staleIndex: flags.pending ? 'refuse' : 'rebuild' });
}

async function pendingOnly(backends: Backends, batch: number, quiet: boolean): Promise<string> {
  const progress = createProgress('reindex --pending', { quiet });
  try {
    const done = await catchUpIndex(backends, { batch, progress: (p) => progress.tick(p.done) });
    return `reindex --pending: ${count(done.indexed)} indexed, ${count(done.removed)} removed, ${count(done.refused)} refused`;
  } finally {
    progress.done();
  }
}

async function fullRebuild(backends: Backends, batch: number, quiet: boolean): Promise<string> {
  const bars = new Map<RebuildPhase, Progress>();
  const progress = (phase: RebuildPhase, done: number): void => {
    if (!bars.has(phase)) {
      for (const bar of bars.values()) bar.done();
      bars.set(phase, createProgress(`reindex (${PHASES[phase]})`, { quiet }));
    }
    bars.get(phase)?.tick(done);
  };
  try {
    const done = await rebuildIndexFromStore(backends, { batch, progress });
    const pending = done.pending.indexed + done.pending.removed;
    return `reindex: ${count(done.documents)} records loaded into a new index, ${count(done.replayed)} recent changes replayed, ${count(pending)} pending indexed`;
  } finally {
    for (const bar of bars.values()) bar.done();
  }
}

const PHASES: Record<RebuildPhase, string> = {
  load: 'loading the new index',
  replay: 'replaying changes made while it loaded',
  pending: 'indexing what was pending',
};

function count(n: number): string {
  return n.toLocaleString('en-US');
}
