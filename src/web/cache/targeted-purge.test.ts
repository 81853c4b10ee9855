import { describe, expect, it } from 'vitest';
import type { ContentChange } from '../../store/index.ts';
import { makePage, PageCache } from './page-cache.ts';
import { articleKey, listKey, surrogateHeaders, touchedKeys } from './surrogate-keys.ts';
import { VersionFollower } from './version-follower.ts';

const page = (keys?: string[]) => makePage(200, 'text/html', '<p>x</p>', undefined, undefined, undefined, keys);

/** A node's cache following a version and its change notes, both moved by hand. */
function setup() {
  const state = { version: 1, changes: [] as ContentChange[] };
  const pageCache = new PageCache(100);
  pageCache.syncVersion(1);
  const purged: (readonly string[] | undefined)[] = [];
  const follower = new VersionFollower({
    primaryVersion: async () => state.version,
    readsVersion: async () => state.version,
    replicated: false,
    pageCache,
    changesSince: async (v) => state.changes.filter((c) => c.version > v),
    keysOf: async (ids) => ids.flatMap((id) => touchedKeys({ id, section: 'tolling', tags: [], authors: [], companies: ['acme'] })),
    invalidate: (keys) => {
      purged.push(keys);
    },
    onError: (err) => {
      throw err;
    },
  });
  pageCache.set('/news/seven', page([articleKey(7)]));
  pageCache.set('/news/eight', page([articleKey(8)]));
  pageCache.set('/sections/tolling', page([listKey('/sections/tolling'), articleKey(8)]));
  pageCache.set('/sections/bridges', page([listKey('/sections/bridges'), articleKey(7)]));
  pageCache.set('/companies/other', page([listKey('/companies/other')]));
  pageCache.set('/topics', page());
  const cached = () => ['/news/seven', '/news/eight', '/sections/tolling', '/sections/bridges', '/companies/other', '/topics'].filter((u) => pageCache.get(u));
  return { state, pageCache, follower, purged, cached };
}

describe('targeted purging', () => {
  it('a publish purges its page, the lists it is in or has left, and pages that named nothing; the rest stay', async () => {
    const { state, follower, purged, cached } = setup();
    state.version = 2;
    state.changes.push({ version: 2, articleIds: [7] });
    await follower.catchUp();
    // Article 7 moved from bridges to tolling: both lists go, article 8's page and another company's list stay.
    expect(cached()).toEqual(['/news/eight', '/companies/other']);
    expect(purged).toHaveLength(1);
    expect(purged[0]).toContain('section:tolling');
  });

  it('empties everything when a change in between named no articles, or is no longer remembered', async () => {
    const { state, follower, purged, cached } = setup();
    state.version = 3;
    state.changes.push({ version: 2, articleIds: [7] }, { version: 3, articleIds: null });
    await follower.catchUp();
    expect(cached()).toEqual([]);
    expect(purged).toEqual([undefined]);

    const second = setup();
    second.state.version = 3;
    second.state.changes.push({ version: 3, articleIds: [7] });
    await second.follower.catchUp();
    expect(second.cached()).toEqual([]);
  });

  it('names the keys in Surrogate-Key and Cache-Tag, with the key every page carries', () => {
    expect(surrogateHeaders(['article:7', 'home'])).toEqual({ 'surrogate-key': 'article:7 home all', 'cache-tag': 'article:7,home,all' });
    expect(page(['article:7']).headers['surrogate-key']).toBe('article:7 all');
    expect(listKey('/archive/2024/03')).toBe('archive:2024-03');
    expect(listKey('')).toBe('news');
    expect(touchedKeys({ id: 7, tags: ['ev'], authors: ['ann'], companies: [], publishedAt: Date.UTC(2024, 2, 5) })).toEqual([
      'article:7',
      'home',
      'news',
      'sitemap',
      'tag:ev',
      'author:ann',
      'archive:2024',
      'archive:2024-03',
    ]);
  });

  it('serves nothing from the cache while a purge is held', async () => {
    const { pageCache } = setup();
    let release = () => {};
    pageCache.holdUntil(new Promise<void>((r) => (release = r)));
    const req = { method: 'GET', url: '/news/eight', headers: {} } as never;
    const res = { writeHead: () => {}, end: () => {} } as never;
    expect(pageCache.tryServe(req, res)).toBe(false);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(pageCache.tryServe({ method: 'GET', url: '/news/eight', headers: {} } as never, res)).toBe(true);
  });
});
