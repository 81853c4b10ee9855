/**
 * Keeps a node's page cache in step with the content its pages are rendered from. Pages read
 * `Store.reads` (a replica, or the primary), so the cache follows the `content_version` that the
 * same connection shows: the version row replicates in the same transaction as the content, so a
 * replica showing version N holds every change up to N, and nothing rendered from it before that
 * outlives the moment it shows N.
 */
import type { ContentChange } from '../../publish/index.ts';
import type { PageCache } from './page-cache.ts';

export interface VersionFollowerDeps {
  /** The version on the primary: what an announced change has reached. */
  readonly primaryVersion: () => Promise<number>;
  /** The version the pages are rendered from (the replica's, or the primary's again). */
  readonly readsVersion: () => Promise<number>;
  /** Whether reads go to a replica that may lag; without one a single look suffices. */
  readonly replicated: boolean;
  readonly pageCache: PageCache;
  /** The content changes after a version, read where the pages are (see `SiteStateRepository.changesSince`). */
  readonly changesSince?: (version: number) => Promise<readonly ContentChange[]>;
  /** The surrogate keys that changes to these articles touch (see `surrogate-keys.ts`). */
  readonly keysOf?: (articleIds: readonly number[]) => Promise<string[]>;
  /**
   * Forgets what else is derived from content (the navigation) once the page cache has purged
   * `keys`, or emptied itself when they are undefined (a change that is not only articles').
   */
  readonly invalidate: (keys: readonly string[] | undefined) => void | Promise<void>;
  readonly onError: (err: unknown) => void;
}

/** How often a lagging replica is looked at again after a change was announced. */
export const REPLICA_RETRY_MS = 50;
/** How long to keep looking before leaving it to the regular poll. */
export const REPLICA_PATIENCE_MS = 2000;

export class VersionFollower {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: VersionFollowerDeps) {}

  /**
   * One look at the version pages are rendered from; when it moved, purges the pages the changes
   * in between touch (every page, unless each was a publish and still remembered). Returns it.
   */
  async check(): Promise<number> {
    const before = this.deps.pageCache.contentVersion;
    const v = await this.deps.readsVersion();
    if (v === before) return v;
    const keys = before < 0 || v < before ? undefined : await this.keysBetween(before, v);
    if (this.deps.pageCache.syncVersion(v, keys)) await this.deps.invalidate(keys);
    return v;
  }

  /** The keys of the changes after `from` up to `to`, when each is remembered and names its articles. */
  private async keysBetween(from: number, to: number): Promise<string[] | undefined> {
    const { changesSince, keysOf } = this.deps;
    if (!changesSince || !keysOf) return undefined;
    const changes = (await changesSince(from)).filter((c) => c.version <= to);
    if (changes.length !== to - from) return undefined;
    const ids = new Set<number>();
    for (const c of changes) {
      if (!c.articleIds) return undefined;
      for (const id of c.articleIds) ids.add(id);
    }
    return keysOf([...ids]);
  }

  /**
   * After a change was announced (NOTIFY, or this node's own publish): on a replica, looks again
   * until it has replayed up to the primary's version, so the cache empties once the replica can
   * render the change — emptying it earlier would re-cache pages rendered from before the change.
   * One loop at a time; a change announced while it runs makes it go round once more, since its
   * last look may have come before that change.
   */
  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.follow().catch(this.deps.onError);
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Ends a running loop at its next look (the node is shutting down and its pools are closing). */
  stop(): void {
    this.stopped = true;
  }

  private async follow(): Promise<void> {
    if (this.stopped) return;
    if (!this.deps.replicated) {
      await this.check();
      return;
    }
    const since = Date.now();
    while ((await this.check()) < (await this.deps.primaryVersion()) && Date.now() - since < REPLICA_PATIENCE_MS) {
      await new Promise((r) => setTimeout(r, REPLICA_RETRY_MS));
      if (this.stopped) return;
    }
  }
}
