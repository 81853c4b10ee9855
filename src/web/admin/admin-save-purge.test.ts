import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedIn } from '../../../test/admin-support.ts';
import { article, makeTestApp, type TestApp } from '../../../test/support.ts';
import { settingsForm } from '../../admin/index.ts';

let app: TestApp;
let address: string | undefined;
beforeEach(async () => {
  app = await makeTestApp();
  address = undefined;
  await app.pipeline.save(article({ sourceId: 's', headline: 'Cached story', section: 'Rail' }));
});
afterEach(() => app.close());

/** Through a real socket with a browser's headers: cache hits are answered before Fastify, which inject() skips. */
async function fetchPage(path: string) {
  address ??= await app.http.listen({ port: 0, host: '127.0.0.1' });
  const res = await fetch(`${address}${path}`, { headers: { 'accept-encoding': 'br, gzip', accept: 'text/html' } });
  return { cache: res.headers.get('x-cache'), body: await res.text() };
}

describe('an admin save and the page cache', () => {
  it('empties the cache once: the content-version poll does not purge the pages rendered after the save', async () => {
    const admin = await signedIn(app, 'admin');
    expect((await fetchPage('/news/cached-story')).cache).toBe('MISS');
    expect((await fetchPage('/news/cached-story')).cache).toBe('HIT');

    const res = await admin.post('/admin/settings', { ...settingsForm(app.settings.current), title: 'Highways Today' });
    expect(res.statusCode).toBe(303);
    // The save emptied the cache and the cache knows the version the save reached.
    expect(app.pageCache.contentVersion).toBe(await app.store.state.contentVersion());
    const after = await fetchPage('/news/cached-story');
    expect(after.cache).toBe('MISS');
    expect(after.body).toContain('Highways Today');
    expect((await fetchPage('/news/cached-story')).cache).toBe('HIT');

    // The poll's look finds the version it holds: the page rendered after the save stays.
    await app.checkContent();
    expect((await fetchPage('/news/cached-story')).cache).toBe('HIT');
  });

  it('still empties the cache for a save that does not move the content version', async () => {
    expect((await fetchPage('/news/cached-story')).cache).toBe('MISS');
    const version = await app.store.state.contentVersion();
    await app.web.changed();
    expect(await app.store.state.contentVersion()).toBe(version);
    expect((await fetchPage('/news/cached-story')).cache).toBe('MISS');
  });
});
