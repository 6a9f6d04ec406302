import type { Command } from 'commander';
import type { Backends } from '../backends/backends';
import { catchUpIndex } from '../backends/index-catch-up';
import { rebuildIndexFromStore, type RebuildPhase } from '../backends/index-rebuild';
import { intFlag, openExistingCatalog } from './catalog-flags';
import { addAlias } from './option-aliases';
import { createProgress, type Progress } from './progress';

interface ReindexFlags {
  db?: string;
  pending?: boolean;
  batchSize?: string;
  quiet?: boolean;
}

const DEFAULT_BATCH = 1000;

export function registerReindex(program: Command): void {
  const command = program
    .command('reindex')
    .description(
      'rebuild the search index from the record store beside the live one, then swap; --pending: index only what waits',
    )
    .option(
      '--pending',
      'only the records the store holds as not yet indexed (after the search engine was down)',
    )
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('--batch-size <n>', 'records per page read from the store', String(DEFAULT_BATCH))
    .option('-q, --quiet', 'no progress')
    .action(async (flags: ReindexFlags) => {
      process.exitCode = await reindex(flags);
    });
  addAlias(command, '--batch <n>', 'batch-size');
}

/** Exit code 0 when nothing is left pending, 1 when the index refused some records. */
export async function reindex(flags: ReindexFlags): Promise<number> {
  const batch = intFlag('batch-size', flags.batchSize, 1, 100_000) ?? DEFAULT_BATCH;
  const backends = await openForReindex(flags);
  const started = Date.now();
  try {
    const line = flags.pending
      ? await pendingOnly(backends, batch, Boolean(flags.quiet))
      : await fullRebuild(backends, batch, Boolean(flags.quiet));
    const left = await backends.store.pendingIndexCount();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`${line}; ${count(left)} still pending (${seconds} s)\n`);
    return left > 0 ? 1 : 0;
  } finally {
    await backends.close();
  }
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
