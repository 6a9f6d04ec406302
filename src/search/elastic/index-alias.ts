import type { Client, estypes } from '@elastic/elasticsearch';
import type { IndexedDocument } from '../port';
import { AppError } from '../../errors/app-error';
import { BulkWriter, type BulkOptions } from './bulk-writer';
import { documentOperations, engineBulkSender } from './document-writes';
import { engineCall, statusOf, toAppError } from './engine-errors';
import { indexMappings, indexSettings, MAPPING_VERSION, type IndexSettingsOptions } from './index-settings';

/**
 * Readers and writers only ever name the alias (`stacks`); it points at one physical index named
 * `<alias>-v<mapping version>` when first created, `<alias>-v<mapping version>-<UTC timestamp>`
 * when rebuilt. A rebuild (`stacks reindex`) loads a new physical index beside the live one,
 * then moves the alias in one atomic update, so searches never see a half-built index, and
 * drops the old one. All physical indices of an alias match `<alias>-v*`.
 */
const ALIAS_NAME = /^[a-z0-9][a-z0-9_-]{0,200}$/;

export function checkAliasName(alias: string): void {
  if (!ALIAS_NAME.test(alias)) {
    throw new AppError(
      'invalid_config',
      `search index name must be lower-case letters, digits, _ or - (not starting with _ or -): "${alias}"`,
      { indexName: alias },
    );
  }
}

export function initialIndexName(alias: string): string {
  return `${alias}-v${MAPPING_VERSION}`;
}

/** `stacks-v1-20261129T104512123Z`: sorts by creation time within a mapping version. */
export function versionedIndexName(alias: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '').toLowerCase();
  return `${alias}-v${MAPPING_VERSION}-${stamp}`;
}

/** The physical indices the alias points at (none when the alias does not exist). */
export async function aliasTargets(client: Client, alias: string): Promise<string[]> {
  try {
    return Object.keys(await client.indices.getAlias({ name: alias }));
  } catch (error) {
    if (statusOf(error) === 404) return [];
    throw toAppError(error, alias);
  }
}

/**
 * What to do with an index built under another mapping version: `refuse` it at open (the default:
 * never read or write it half-compatible), or open it for `rebuild` only (`stacks reindex`).
 */
export type StaleMapping = 'refuse' | 'rebuild';

export interface EnsuredIndex {
  /** The physical index behind the alias. */
  index: string;
  /** With `staleMapping: 'rebuild'`: why the index may not be used until it is rebuilt. */
  stale?: StaleIndex;
}

export interface StaleIndex {
  index: string;
  found: unknown;
}

/**
 * The physical index behind the alias, created with the alias when missing. Two processes
 * starting at once both try the same initial name; the loser finds it made. An index of another
 * mapping version is refused (`search_index_version`), unless the caller opens it to rebuild it.
 */
export async function ensureIndex(
  client: Client,
  alias: string,
  options: IndexSettingsOptions & { staleMapping?: StaleMapping } = {},
): Promise<EnsuredIndex> {
  checkAliasName(alias);
  let targets = await aliasTargets(client, alias);
  if (targets.length === 0) {
    if (await engineCall(alias, () => client.indices.exists({ index: alias }))) {
      throw new AppError(
        'index_unavailable',
        `"${alias}" is an index, not an alias; rebuild it under an alias`,
        {
          index: alias,
        },
      );
    }
    await createPhysicalIndex(client, initialIndexName(alias), alias, options).catch((error: unknown) => {
      if (!isAlreadyThere(error)) throw error;
    });
    targets = await aliasTargets(client, alias);
  }
  if (targets.length !== 1) {
    throw new AppError('index_unavailable', `the alias ${alias} points at ${targets.length} indices`, {
      index: alias,
      targets,
    });
  }
  const index = targets[0] as string;
  const found = await mappingVersionOf(client, index);
  if (found === MAPPING_VERSION) return { index };
  if (options.staleMapping === 'rebuild') return { index, stale: { index, found } };
  throw staleIndexError({ index, found });
}

async function createPhysicalIndex(
  client: Client,
  index: string,
  alias: string | undefined,
  options: IndexSettingsOptions,
): Promise<void> {
  try {
    await client.indices.create({
      index,
      settings: indexSettings(options),
      mappings: indexMappings(),
      ...(alias !== undefined && { aliases: { [alias]: { is_write_index: true } } }),
    });
  } catch (error) {
    throw isAlreadyThere(error) ? error : toAppError(error, index);
  }
}

function isAlreadyThere(error: unknown): boolean {
  const type = (error as { body?: { error?: { type?: string } } } | undefined)?.body?.error?.type;
  return type === 'resource_already_exists_exception';
}

/** The mapping version Stacks wrote into the index's `_meta` (undefined when none). */
async function mappingVersionOf(client: Client, index: string): Promise<unknown> {
  const mappings = await engineCall(index, () => client.indices.getMapping({ index }));
  const meta = mappings[index]?.mappings._meta as { stacks?: { mappingVersion?: unknown } } | undefined;
  return meta?.stacks?.mappingVersion;
}

/** The one line `stacks serve` and every other command stop with on an index of another version. */
export function staleIndexError({ index, found }: StaleIndex): AppError {
  return new AppError(
    'search_index_version',
    `The search index ${index} has mapping version ${String(found)}; this build needs ${MAPPING_VERSION}. Rebuild it (stacks reindex).`,
    { index, found, expected: MAPPING_VERSION },
  );
}

/** A new physical index with the current settings and mappings, not yet behind the alias. */
export async function createIndexVersion(
  client: Client,
  alias: string,
  options: IndexSettingsOptions & { now?: Date } = {},
): Promise<string> {
  checkAliasName(alias);
  const index = versionedIndexName(alias, options.now);
  await createPhysicalIndex(client, index, undefined, { ...options, refreshInterval: '-1' });
  return index;
}

/** Moves the alias to `index` in one update; returns the indices it pointed at before. */
export async function swapAlias(client: Client, alias: string, index: string): Promise<string[]> {
  const previous = (await aliasTargets(client, alias)).filter((name) => name !== index);
  await engineCall(alias, () =>
    client.indices.updateAliases({
      actions: [
        ...previous.map((old) => ({ remove: { index: old, alias } })),
        { add: { index, alias, is_write_index: true } },
      ],
    }),
  );
  return previous;
}

export async function dropIndices(client: Client, indices: readonly string[]): Promise<void> {
  if (indices.length === 0) return;
  await engineCall(indices.join(','), () =>
    client.indices.delete({ index: [...indices] }, { ignore: [404] }),
  );
}

export interface RebuildOptions extends IndexSettingsOptions {
  bulk?: BulkOptions;
  /** Keep the old physical index after the swap (to swap back by hand); default false. */
  keepPrevious?: boolean;
}

export interface RebuildResult {
  index: string;
  previous: string[];
  documents: number;
}

/**
 * Rebuilds the alias's index from `batches` (e.g. the record store read in order): new index,
 * bulk load without refreshes, refresh, swap, drop the old. On failure the new index is deleted
 * and the alias is untouched. Writes made through the alias during the load go to the old index:
 * the caller pauses ingest, or replays what changed since it began.
 */
export async function rebuildIndex(
  client: Client,
  alias: string,
  batches: AsyncIterable<readonly IndexedDocument[]>,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const index = await createIndexVersion(client, alias, options);
  let documents = 0;
  try {
    const writer = new BulkWriter(index, engineBulkSender(client, index, false), options.bulk);
    for await (const batch of batches) {
      await writer.write(documentOperations(batch));
      documents += batch.length;
    }
    await engineCall(index, async () => {
      // null restores the engine's default interval (the client's types only allow a duration).
      const settings = { refresh_interval: options.refreshInterval ?? null } as estypes.IndicesIndexSettings;
      await client.indices.putSettings({ index, settings });
      await client.indices.refresh({ index });
    });
  } catch (error) {
    await dropIndices(client, [index]).catch(() => undefined);
    throw error;
  }
  const previous = await swapAlias(client, alias, index);
  if (!options.keepPrevious) await dropIndices(client, previous);
  return { index, previous, documents };
}
