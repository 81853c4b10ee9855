import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { seedDemo } from '../demo/index.ts';

/** What Chromium sends for a page load: these headers decide compression, which the bug hid behind. */
const BROWSER_HEADERS = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8',
  'accept-encoding': 'br, gzip',
  'accept-language': 'en-GB,en;q=0.9',
};

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes on the wire, before any decoding (fetch would decode them and hide an empty body). */
  wire: Buffer;
  /** The body as the browser sees it, after Content-Encoding. */
  text: string;
}

let app: TestApp;
let base: URL;

function rawGet(path: string, headers: Record<string, string> = BROWSER_HEADERS): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, base), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const coding = res.headers['content-encoding'];
        try {
          const decoded = coding === 'br' ? zlib.brotliDecompressSync(wire) : coding === 'gzip' ? zlib.gunzipSync(wire) : wire;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, wire, text: decoded.toString('utf8') });
        } catch (err) {
          reject(new Error(`${path}: ${coding} body of ${wire.length} bytes does not decompress (${(err as Error).message})`));
        }
      });
    });
    req.on('error', reject);
  });
}

/** Every public page type, with the status it answers and a piece of what it must show. */
const pages: { name: string; path: string; status: number; shows: string }[] = [];

beforeAll(async () => {
  // Enough results per page that a search page is well past @fastify/compress's synchronous limit (8 KB on two cores).
  app = await makeTestApp({ POSTS_PER_PAGE: '40' });
  await seedDemo(app, NOW);
  for (let i = 0; i < 30; i++) {
    await app.pipeline.save(article({ headline: `Charging corridor report part ${i + 1}`, standfirst: `Charging ${'networks and depots '.repeat(12)}`, section: 'Electric Vehicles', tags: ['Charging'] }));
  }
  base = new URL(await app.http.listen({ port: 0, host: '127.0.0.1' }));

  const latest = (await app.catalog.latest(1)).items[0]!;
  const articleHtml = (await rawGet(`/news/${latest.slug}`, {})).text;
  const link = (kind: string) => articleHtml.match(new RegExp(`href="(/${kind}/[^"/]+)"`))?.[1];
  const published = new Date(latest.publishedAt);
  const year = published.getUTCFullYear();
  const month = String(published.getUTCMonth() + 1).padStart(2, '0');
  const company = (await app.store.reads.companies.list(undefined, 1, 0)).items[0]!;
  pages.push(
    { name: 'home', path: '/', status: 200, shows: '</html>' },
    { name: 'article', path: `/news/${latest.slug}`, status: 200, shows: latest.headline },
    { name: 'news list', path: '/news?page=2', status: 200, shows: '</html>' },
    { name: 'section', path: link('sections')!, status: 200, shows: '</html>' },
    { name: 'tag', path: link('tags')!, status: 200, shows: '</html>' },
    { name: 'author', path: link('authors')!, status: 200, shows: '</html>' },
    { name: 'archive index', path: '/archive', status: 200, shows: `/archive/${year}` },
    { name: 'archive year', path: `/archive/${year}`, status: 200, shows: latest.headline },
    { name: 'archive month', path: `/archive/${year}/${month}`, status: 200, shows: latest.headline },
    { name: 'companies A–Z', path: '/companies', status: 200, shows: company.name },
    { name: 'companies by letter', path: `/companies?letter=${company.name[0]!.toLowerCase()}`, status: 200, shows: company.name },
    { name: 'company profile', path: `/companies/${company.slug}`, status: 200, shows: company.name },
    { name: 'search with many results', path: '/search?q=charging', status: 200, shows: 'Charging corridor report part 30' },
    { name: 'static page', path: '/pages/about', status: 200, shows: 'demonstration site' },
    { name: 'RSS feed', path: '/feed.xml', status: 200, shows: '</rss>' },
    { name: 'Atom feed', path: '/atom.xml', status: 200, shows: '</feed>' },
    { name: 'JSON feed', path: '/feed.json', status: 200, shows: '"items"' },
    { name: 'section feed', path: `${link('sections')!}/feed.xml`, status: 200, shows: '</rss>' },
    { name: 'sitemap index', path: '/sitemap.xml', status: 200, shows: '</sitemapindex>' },
    { name: 'articles sitemap', path: '/sitemaps/articles-1.xml', status: 200, shows: '</urlset>' },
    { name: 'news sitemap', path: '/news-sitemap.xml', status: 200, shows: '</urlset>' },
    { name: 'robots.txt', path: '/robots.txt', status: 200, shows: 'Sitemap:' },
    { name: '404 page', path: '/no-such-page', status: 404, shows: '</html>' },
    { name: 'missing article', path: '/news/no-such-story', status: 404, shows: '</html>' },
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
});

/** Headers every response carries (docs/operations.md). */
function expectSecurityHeaders(headers: http.IncomingHttpHeaders) {
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  // The test site's SITE_URL is https.
  expect(headers['strict-transport-security']).toBe('max-age=31536000');
}

describe('every public page, as a browser asks for it', () => {
  it('has every page type to check', () => {
    expect(pages.length).toBeGreaterThanOrEqual(24);
    for (const p of pages) expect(p.path, p.name).toMatch(/^\//);
  });

  // Twice: the first request renders the page, the second may come from the page cache.
  for (const round of ['first', 'second']) {
    it(`answers each with a full, compressed body and the security headers (${round} request)`, async () => {
      for (const p of pages) {
        const res = await rawGet(p.path);
        const plain = await rawGet(p.path, { ...BROWSER_HEADERS, 'accept-encoding': 'identity' });
        expect(res.status, p.name).toBe(p.status);
        expect(res.wire.length, `${p.name}: body on the wire`).toBeGreaterThan(0);
        if (res.headers['content-length'] !== undefined) expect(Number(res.headers['content-length']), p.name).toBe(res.wire.length);
        expect(res.text, p.name).toContain(p.shows);
        expect(res.text, `${p.name}: decompresses to the whole page`).toBe(plain.text);
        if (plain.wire.length > 1024) {
          expect(String(res.headers['content-encoding']), p.name).toMatch(/^(br|gzip)$/);
          expect(String(res.headers.vary).toLowerCase(), p.name).toContain('accept-encoding');
        }
        expectSecurityHeaders(res.headers);
      }
    }, 60_000);
  }

  it('sends a search page large enough to take the streaming compression path, with ETag and Vary', async () => {
    const plain = await rawGet('/search?q=charging', { ...BROWSER_HEADERS, 'accept-encoding': 'identity' });
    expect(plain.wire.length).toBeGreaterThan(16 * 1024);
    for (const coding of ['br', 'gzip']) {
      const res = await rawGet('/search?q=charging', { ...BROWSER_HEADERS, 'accept-encoding': coding });
      expect(res.headers['content-encoding']).toBe(coding);
      expect(res.text).toBe(plain.text);
      expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(String(res.headers.vary).toLowerCase()).toContain('accept-encoding');
      expect((res.text.match(/Charging corridor report part/g) ?? []).length).toBeGreaterThanOrEqual(30);
    }
  }, 60_000);
});

describe('security headers on every response', () => {
  const noActiveContent = (headers: http.IncomingHttpHeaders) => {
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['strict-transport-security']).toBe('max-age=31536000');
  };
  const json = { ...BROWSER_HEADERS, accept: 'application/json' };

  it.each([
    ['an API list', '/api/v1/articles', 200],
    ['an API search', '/api/v1/search?q=charging', 200],
    ['an API 404', '/api/v1/articles/no-such-story', 404],
    ['an API 400', '/api/v1/articles?page=0', 400],
    ['health', '/healthz', 200],
    ['the OpenAPI document', '/api/v1/openapi.json', 200],
  ])('on %s', async (_what, path, status) => {
    const res = await rawGet(path, json);
    expect(res.status).toBe(status);
    noActiveContent(res.headers);
  });

  it('on the stylesheet', async () => {
    const home = await rawGet('/');
    const css = home.text.match(/href="(\/assets\/site\.[\w]+\.css)"/)![1]!;
    const res = await rawGet(css);
    expect(res.status).toBe(200);
    expect(res.text.length).toBeGreaterThan(100);
    noActiveContent(res.headers);
  });

  it('on a 500 page', async () => {
    const home = app.catalog.home;
    app.catalog.home = () => Promise.reject(new Error('the database went away'));
    app.pageCache.clear(); // the home page is rendered, not served from the cache
    try {
      const res = await rawGet('/');
      expect(res.status).toBe(500);
      expect(res.text).toContain('</html>');
      expect(res.headers['cache-control']).toBe('no-store');
      expectSecurityHeaders(res.headers);
    } finally {
      app.catalog.home = home;
    }
  });

  it('on a 400 page', async () => {
    const res = await rawGet('/news?page=0');
    expect(res.status).toBe(400);
    expectSecurityHeaders(res.headers);
  });

  it('sends no HSTS when the site is served over plain http', async () => {
    const plain = await makeTestApp({ SITE_URL: 'http://news.example' });
    try {
      const address = await plain.http.listen({ port: 0, host: '127.0.0.1' });
      for (const path of ['/', '/no-such-page', '/api/v1/articles']) {
        const res = await fetch(`${address}${path}`, { headers: BROWSER_HEADERS });
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(res.headers.get('strict-transport-security'), path).toBeNull();
      }
    } finally {
      await plain.close();
    }
  });
});
