import fs from 'node:fs';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER, TestBrowser } from '../../../test/reader-support.ts';
import { article, makeTestApp, TEST_DB, type TestApp } from '../../../test/support.ts';
import { WALL_JS_PATH } from './wall.ts';

type State = { m: string; p: string[] } | null;
type Decide = (state: State, path: string, month: string, limit: number) => { show: boolean; state: { m: string; p: string[] } };
const wallDecision = vm.runInNewContext(`${fs.readFileSync(new URL('./assets/wall.js', import.meta.url), 'utf8')}\nwallDecision`) as Decide;

describe('the wall script’s count (assets/wall.js)', () => {
  it('lets N different articles through each month, the same article again, and starts afresh next month', () => {
    let state: State = null;
    for (const path of ['/news/a', '/news/b', '/news/c']) {
      const d = wallDecision(state, path, '2026-12', 3);
      expect(d.show).toBe(true);
      state = d.state;
    }
    expect(wallDecision(state, '/news/d', '2026-12', 3).show).toBe(false);
    expect(wallDecision(state, '/news/b', '2026-12', 3).show).toBe(true);
    expect(wallDecision(state, '/news/d', '2027-01', 3)).toEqual({ show: true, state: { m: '2027-01', p: ['/news/d'] } });
    // Whatever a page or extension left in storage is not trusted as a list.
    expect(wallDecision({ m: '2026-12', p: 'x' } as never, '/news/a', '2026-12', 1).show).toBe(true);
  });
});

let app: TestApp;
beforeAll(async () => {
  app = await makeTestApp();
  await app.directory.importCompanies([JSON.stringify({ id: '77', name: 'Kapsch TrafficCom', aliases: [], parent: null })]);
  await app.pipeline.save(article({ sourceId: 'w1', headline: 'Walled story', body: 'Free-flow tolling arrives on the ring road.' }));
  await app.pipeline.save(article({ sourceId: 'w2', headline: 'Sponsored story', body: 'A word from our sponsor.', sponsor: { directoryIdOrSlug: '77' } }));
});
afterAll(async () => {
  await app?.close();
});

const jsonLdOf = (html: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as Record<string, unknown>;

describe(`registration wall on article pages (${TEST_DB})`, () => {
  it('marks walled articles for search engines and loads the counting script; off, pages are as before', async () => {
    const b = new TestBrowser(app);
    const off = await b.get('/news/walled-story');
    expect(off.text).not.toContain('paywall');
    expect(jsonLdOf(off.text).isAccessibleForFree).toBeUndefined();
    expect(off.headers['content-security-policy']).toContain("script-src 'none'");

    await app.store.state.putSettings({ ...app.settings.current, freeArticlesPerMonth: 3 }, app.clock.now, 'test');
    await app.settings.refresh();
    app.pageCache.clear();
    const on = await b.get('/news/walled-story');
    expect(on.status).toBe(200);
    expect(on.headers['set-cookie']).toBeUndefined();
    expect(on.text).toContain('<div class="body paywall" data-free-articles="3">');
    // The article is in the page whatever the count: the script hides it, the server never does.
    expect(on.text).toContain('Free-flow tolling arrives on the ring road.');
    expect(jsonLdOf(on.text)).toMatchObject({ isAccessibleForFree: false, hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.paywall' } });
    expect(on.text).toContain(`<script src="${WALL_JS_PATH}" defer`);
    expect(on.text).toContain('href="/account/sign-in?next=%2Fnews%2Fwalled-story"');
    expect(on.headers['content-security-policy']).toContain("script-src 'self'");

    // Sponsored articles stay free.
    const sponsored = await b.get('/news/sponsored-story');
    expect(sponsored.text).not.toContain('paywall');

    const script = await b.get(WALL_JS_PATH);
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('tells the script whether the browser is signed in, privately', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/account/status', headers: { ...BROWSER, accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.json()).toEqual({ signedIn: false });
  });
});
