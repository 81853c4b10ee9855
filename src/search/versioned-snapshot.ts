/**
 * Something derived from the whole database (the vocabulary, facet columns, company names),
 * rebuilt when a version number in the database moves. The version is read on every use (one
 * indexed row), or given by a caller that read it in its own statement, so a change made through
 * any app node is seen by the next search.
 *
 * A rebuild that took under `syncBudgetMs` last time is awaited, so on a small site every answer
 * is exact; a slower one runs in the background while the previous snapshot keeps answering
 * (stale-while-revalidate), so a large site never makes a reader wait for it. One rebuild at a time.
 */
export class VersionedSnapshot<T> {
  private value: T | undefined;
  private builtFor = Number.NaN;
  private lastBuildMs = 0;
  private building: Promise<T> | undefined;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly version: () => Promise<number>,
    private readonly syncBudgetMs = 50,
  ) {}

  /** `known`: the current version when the caller has just read it (then no read of its own). */
  async get(known?: number): Promise<T> {
    const v = known ?? (await this.version());
    if (this.value !== undefined && v === this.builtFor) return this.value;
    if (this.value === undefined || this.lastBuildMs <= this.syncBudgetMs) {
      const value = await this.rebuild(v);
      // A build that was already running may have read an older version.
      return this.builtFor === v ? value : this.rebuild(v);
    }
    this.rebuild(v).catch(() => {});
    return this.value;
  }

  /** Starts a build in the background when there is none yet (warming up before the first reader). */
  warm(): void {
    if (this.value === undefined && !this.building) {
      this.version()
        .then((v) => this.rebuild(v))
        .catch(() => {});
    }
  }

  private rebuild(v: number): Promise<T> {
    this.building ??= (async () => {
      try {
        const t0 = performance.now();
        const value = await this.load();
        this.lastBuildMs = performance.now() - t0;
        this.value = value;
        this.builtFor = v;
        return value;
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }
}
