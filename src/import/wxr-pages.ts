import type { Store } from '../store/index.ts';
import type { WxrPage } from './wxr-records.ts';

/**
 * Saves an imported WordPress page as a static page at `/pages/<its old path>` and redirects its
 * old URLs to it. An unchanged page writes nothing, so the content version (which empties every
 * node's page cache) moves only when a page or one of its redirects really changed.
 */
export async function saveWxrPage(store: Store, page: WxrPage, now: number): Promise<void> {
  const to = `/pages/${page.slug}`;
  let changed = await store.pages.upsert(page.slug, page.title, page.body, now, page.bodyFormat);
  for (const from of page.oldPaths) {
    const existing = await store.redirects.find(from);
    if (existing?.to_path === to && existing.status === 301) continue;
    await store.redirects.put(from, to, 301, now);
    changed = true;
  }
  if (changed) await store.state.bumpContentVersion();
}
