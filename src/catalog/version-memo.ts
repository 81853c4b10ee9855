/**
 * Figures that take a scan of every matching article (a list's total, when the newest of them
 * changed), kept for as long as the content version says nothing changed. At a million articles
 * `/news` counted every published article on each request (170–300 ms) and the sitemap index read
 * every row for `max(updated_at)` (390 ms); the version is one indexed row.
 *
 * Every change that can move a count or a date bumps `content_version` in its own transaction
 * (the page cache relies on the same), and the version is read before the figure, so a figure is
 * never filed under a version older than the content it was read from: the next request after a
 * publish reads the new version and counts again.
 */
export class VersionMemo {
  private version = -1;
  private values = new Map<string, Promise<number>>();

  /**
   * @param contentVersion the version, read where the figures are read (a replica shows its own).
   * @param maxEntries beyond this many figures (date-bounded lists give many keys) all are dropped.
   * @example
   * const memo = new VersionMemo(() => store.state.contentVersion());
   * const total = await memo.get('all', () => store.articles.countListed({}));
   */
  constructor(
    private readonly contentVersion: () => Promise<number>,
    private readonly maxEntries = 10_000,
  ) {}

  /** The figure under `key` at the current content version: `read` runs when it is not known. */
  async get(key: string, read: () => Promise<number>): Promise<number> {
    const version = await this.contentVersion();
    // A read from a replica behind another (or a restored database) is answered, not kept.
    if (version < this.version) return read();
    if (version > this.version || this.values.size >= this.maxEntries) {
      this.version = version;
      this.values = new Map();
    }
    const values = this.values;
    let value = values.get(key);
    if (!value) {
      value = read();
      values.set(key, value);
      // A failed read is not kept.
      value.catch(() => {
        if (values.get(key) === value) values.delete(key);
      });
    }
    return value;
  }
}
