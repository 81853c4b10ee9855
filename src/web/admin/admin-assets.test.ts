import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../../test/support.ts';

/** The admin's browser modules as a browser meets them: from the page's script and preload tags, then by their imports. */
describe('admin browser modules', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeTestApp();
  });
  afterAll(() => app.close());

  it('loads one entry module whose imports all resolve to served, hashed, immutable JavaScript', async () => {
    const page = await app.http.inject({ method: 'GET', url: '/admin/sign-in' });
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const entries = [...page.body.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!);
    expect(entries).toEqual([expect.stringMatching(/^\/admin\/assets\/admin\.[0-9a-f]{12}\.js$/)]);
    expect(page.body).not.toMatch(/<script(?![^>]*type="module")/);
    const preloaded = new Set([...page.body.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]!));

    const seen = new Set<string>();
    const queue = [...entries];
    while (queue.length) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const res = await app.http.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe('text/javascript; charset=utf-8');
      expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.body, url).toMatch(/^\/\/ @ts-check\n/);
      // Every import is a sibling's hashed URL, so a changed module changes the URL of each importer.
      // (Type-only `import('./x.js')` in JSDoc comments is not loaded, so not checked.)
      for (const [, specifier] of res.body.matchAll(/^import\b[^'"]*['"]([^'"]+)['"]/gm)) {
        expect(specifier, url).toMatch(/^\.\/[a-z-]+\.[0-9a-f]{12}\.js$/);
        queue.push(new URL(specifier!, `http://admin${url}`).pathname);
      }
    }
    // The five features, the shared helpers and the entry; each non-entry module preloaded.
    expect(seen.size).toBeGreaterThanOrEqual(8);
    expect(new Set([...seen].filter((u) => !entries.includes(u)))).toEqual(preloaded);
  });
});
