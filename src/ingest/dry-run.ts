import type { Backends } from '../backends/backends';
import type { IdentifierKind, RecordStore } from '../store/port';
import { DryRunItems } from './dry-run-items';
import { applyItems, type ItemsOfBatch, type ItemStep } from './item-writer';
import type { StagedRecord } from './staged-record';

/**
 * What a dry run (`stacks ingest --dry-run`, a job with `dryRun`) would have written so far, as
 * far as the item step of its later batches reads it back: the items (DryRunItems) and the
 * records a holdings record (MFHD) looks for by control number. One per run, since a real run's
 * later batches and inputs see what the earlier ones wrote: bibs in one file, their MFHDs in the next.
 */
export class DryRun implements ItemStep {
  readonly items: DryRunItems;
  readonly records: Pick<RecordStore, 'findIds'> = { findIds: (kind, values) => this.findIds(kind, values) };
  /** Records the run would create, by control number: the store does not know them. */
  private readonly created = new Map<string, string[]>();
  private readonly deleted = new Set<string>();

  constructor(private readonly backends: Pick<Backends, 'store' | 'items'>) {
    this.items = new DryRunItems(backends.items);
  }

  /**
   * The item half of a predicted batch, after its records' outcomes are decided: the writer's
   * item step on this run's view of the items, writing nothing. Says what would happen on the
   * records' report lines, as a write would.
   */
  async predictItems(batch: readonly StagedRecord[], plan: ItemsOfBatch): Promise<void> {
    for (const p of batch) {
      const outcome = p.decided?.outcome;
      const id = p.document.id;
      if (outcome === 'deleted') this.deleted.add(id);
      if (outcome !== 'created' || !p.document.controlNumber) continue;
      this.deleted.delete(id);
      const ids = this.created.get(p.document.controlNumber);
      if (ids) ids.push(id);
      else this.created.set(p.document.controlNumber, [id]);
    }
    await applyItems(batch, this, plan);
  }

  private async findIds(kind: IdentifierKind, values: readonly string[]): Promise<Map<string, string[]>> {
    const found = await this.backends.store.findIds(kind, values);
    if (kind !== 'controlNumber') return found;
    const out = new Map<string, string[]>();
    for (const value of values) {
      const ids = [...new Set([...(found.get(value) ?? []), ...(this.created.get(value) ?? [])])].filter(
        (id) => !this.deleted.has(id),
      );
      if (ids.length > 0) out.set(value, ids);
    }
    return out;
  }
}
