import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { makePage, PageCache } from './page-cache.ts';
import { REPLICA_RETRY_MS, VersionFollower } from './version-follower.ts';

/** A primary and a replica as two version counters the test moves by hand. */
function setup(replicated: boolean) {
  const versions = { primary: 1, replica: 1, readsLooked: 0 };
  const pageCache = new PageCache(10);
  pageCache.syncVersion(1);
  let invalidated = 0;
  const follower = new VersionFollower({
    primaryVersion: async () => versions.primary,
    readsVersion: async () => {
      versions.readsLooked++;
      return replicated ? versions.replica : versions.primary;
    },
    replicated,
    pageCache,
    invalidate: () => {
      invalidated++;
      pageCache.clear();
    },
    onError: (err) => {
      throw err;
    },
  });
  return { versions, pageCache, follower, invalidated: () => invalidated };
}

const page = makePage(200, 'text/html', '<p>old</p>', undefined);

describe('VersionFollower', () => {
  it('without a replica, looks once and empties the cache when the version moved', async () => {
    const { versions, pageCache, follower, invalidated } = setup(false);
    pageCache.set('/', page);
    await follower.catchUp();
    expect(invalidated()).toBe(0);
    versions.primary = 2;
    await follower.catchUp();
    expect(invalidated()).toBe(1);
    expect(pageCache.size).toBe(0);
    expect(versions.readsLooked).toBe(2);
  });

  it('on a lagging replica, keeps the cache until the replica shows the primary’s version', async () => {
    const { versions, pageCache, follower, invalidated } = setup(true);
    pageCache.set('/', page);
    versions.primary = 2;
    const done = follower.catchUp();
    await new Promise((r) => setTimeout(r, REPLICA_RETRY_MS * 3));
    expect(pageCache.size).toBe(1);
    expect(invalidated()).toBe(0);
    versions.replica = 2;
    await done;
    expect(invalidated()).toBe(1);
    expect(pageCache.size).toBe(0);
  });

  it('goes round once more when a change is announced while it looks', async () => {
    const { versions, follower, invalidated } = setup(false);
    versions.primary = 2;
    const first = follower.catchUp();
    versions.primary = 3; // committed after the first look was sent
    const second = follower.catchUp();
    await Promise.all([first, second]);
    expect(invalidated()).toBe(2);
    expect(versions.readsLooked).toBe(2);
  });
});

describe('PageCache.setFor', () => {
  const req = (url: string) => ({ method: 'GET', url, headers: {} }) as IncomingMessage;
  const res = {} as ServerResponse;

  it('drops a page whose request arrived before a clear and keeps the next render', () => {
    const cache = new PageCache(10);
    const r = req('/');
    expect(cache.tryServe(r, res)).toBe(false); // a miss: the render starts
    cache.clear(); // the content moved meanwhile (a replica caught up, another node published)
    cache.setFor(r, '/', page);
    expect(cache.size).toBe(0);
    const next = req('/');
    cache.tryServe(next, res);
    cache.setFor(next, '/', page);
    expect(cache.size).toBe(1);
  });

  it('keeps a render no clear crossed', () => {
    const cache = new PageCache(10);
    const r = req('/');
    cache.tryServe(r, res);
    cache.setFor(r, '/', page);
    expect(cache.size).toBe(1);
  });
});
