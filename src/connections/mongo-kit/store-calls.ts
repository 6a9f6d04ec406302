/**
 * One MongoDB store's calls to its server: every call's driver errors translated (by the store's
 * own rule), and writes run one at a time. On MongoDB a filtered write is atomic by itself;
 * FerretDB 1.24 reads, filters and writes without a transaction, so two of its connections can
 * both win a compare-and-set, and concurrent writers can hit SQLITE_BUSY (docs/store.md). One
 * writer per store per process keeps the contract on both; reads are not queued.
 */
export class StoreCalls {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly translate: (err: unknown) => unknown) {}

  /** Queued behind this store's earlier writes, and its driver errors translated. */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => this.guard(work));
    this.tail = run.catch(() => undefined);
    return run;
  }

  async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw this.translate(err);
    }
  }
}
