import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Agent, signedIn } from '../../test/admin-support.ts';
import { feedReaderAvailable, readFeed } from '../../test/feed-reader.ts';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

/** What Chromium sends for a page load. */
const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'accept-encoding': 'br, gzip',
  'accept-language': 'en-GB,en;q=0.9',
};
const LABEL = 'Sponsored by <a href="/companies/acme-tolling">Acme Tolling</a>';
const HOUR = 3600_000;

let app: TestApp;
let address: string;
let editor: Agent;

/** A request through a real socket (cache hits are answered before Fastify), decoded as a browser would. */
async function get(path: string) {
  const res = await fetch(`${address}${path}`, { headers: BROWSER, redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: await res.text() };
}
const count = (text: string, part: string) => text.split(part).length - 1;
const articleOf = (page: string) => /<article>.*?<\/article>/s.exec(page)![0];

beforeAll(async () => {
  app = await makeTestApp();
  await app.directory.importCompanies([JSON.stringify({ id: '501', name: 'Acme Tolling', aliases: [] }), JSON.stringify({ id: '502', name: 'Brightlane', aliases: [] })]);
  await app.pipeline.save(
    article({
      headline: 'Acme opens its free-flow gantry',
      standfirst: 'A gantry story paid for by its maker.',
      body: 'Acme Tolling built the gantry. See [the maker](https://acme.example/gantry) and [our tolling pages](/sections/tolling).',
      section: 'Tolling',
      tags: ['ANPR'],
      publishedAt: NOW - HOUR,
      sponsor: { directoryIdOrSlug: '501' },
    }),
  );
  await app.pipeline.save(
    article({
      headline: 'Council reviews gantry tolls',
      standfirst: 'Reporting on the gantry review.',
      body: 'The council read [the report](https://council.example/report) about Acme Tolling.',
      section: 'Tolling',
      tags: ['ANPR'],
      publishedAt: NOW - 2 * HOUR,
    }),
  );
  address = await app.http.listen({ port: 0, host: '127.0.0.1' });
  editor = await signedIn(app, 'editor');
});
afterAll(async () => {
  await app.close();
});

describe('sponsored articles on the public site', () => {
  it.each(['/', '/news', '/sections/tolling', '/tags/anpr', '/companies/acme-tolling', '/search?q=gantry', '/archive/2026/11', '/news/council-reviews-gantry-tolls/related'])(
    'labels the sponsored card, and only it, on %s',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(count(res.body, LABEL)).toBe(1);
    },
  );

  it('labels the article page, marks its links rel="sponsored", and tells search engines it is an advertiser’s content', async () => {
    const page = (await get('/news/acme-opens-its-free-flow-gantry')).body;
    expect(page).toContain(`<p class="sponsor-label">${LABEL}</p>`);
    expect(page).toContain('<a href="https://acme.example/gantry" rel="sponsored noopener">the maker</a>');
    expect(page).toContain('<a href="/sections/tolling" rel="sponsored">our tolling pages</a>');
    expect(page).toContain('<meta name="Googlebot-News" content="noindex"/>');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!);
    expect(ld['@type']).toBe('AdvertiserContentArticle');
    expect(ld.sponsor).toEqual({ '@type': 'Organization', name: 'Acme Tolling', url: 'https://news.example/companies/acme-tolling' });

    const editorial = (await get('/news/council-reviews-gantry-tolls')).body;
    // Its related rail lists the sponsored story, labelled; the article itself carries no label.
    expect(articleOf(editorial)).not.toContain('Sponsored');
    expect(editorial).toContain('<a href="https://council.example/report" rel="noopener">the report</a>');
    expect(editorial).not.toContain('Googlebot-News');
    const editorialLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(editorial)![1]!);
    expect(editorialLd['@type']).toBe('NewsArticle');
    expect(editorialLd.sponsor).toBeUndefined();
  });

  it('leaves sponsored articles out of the Google News sitemap, not out of the sitemap', async () => {
    const news = (await get('/news-sitemap.xml')).body;
    expect(news).toContain('<loc>https://news.example/news/council-reviews-gantry-tolls</loc>');
    expect(news).not.toContain('acme-opens-its-free-flow-gantry');
    expect((await get('/sitemaps/articles-1.xml')).body).toContain('<loc>https://news.example/news/acme-opens-its-free-flow-gantry</loc>');
  });

  it('gives the content API a sponsor object, null for editorial articles', async () => {
    const list = JSON.parse((await get('/api/v1/articles')).body) as { articles: { slug: string; sponsor: unknown }[] };
    const sponsor = { slug: 'acme-tolling', name: 'Acme Tolling', url: 'https://news.example/companies/acme-tolling', label: 'Sponsored by Acme Tolling' };
    expect(list.articles.map((a) => [a.slug, a.sponsor])).toEqual([
      ['acme-opens-its-free-flow-gantry', sponsor],
      ['council-reviews-gantry-tolls', null],
    ]);
    const detail = JSON.parse((await get('/api/v1/articles/acme-opens-its-free-flow-gantry')).body);
    expect(detail.sponsor).toEqual(sponsor);
    expect(detail.bodyHtml).toContain('rel="sponsored noopener"');
    expect(JSON.parse((await get('/api/v1/companies/acme-tolling')).body).articles.articles[0].sponsor).toEqual(sponsor);
    const hits = JSON.parse((await get('/api/v1/search?q=gantry&sort=date')).body).hits as { slug: string; sponsor: unknown }[];
    expect(hits.map((h) => [h.slug, h.sponsor])).toEqual([
      ['acme-opens-its-free-flow-gantry', sponsor],
      ['council-reviews-gantry-tolls', null],
    ]);
  });

  it.skipIf(!feedReaderAvailable())('labels sponsored entries in RSS and Atom as a feed reader shows them', async () => {
    for (const path of ['/feed.xml', '/atom.xml', '/sections/tolling/feed.xml', '/companies/acme-tolling/atom.xml']) {
      const feed = readFeed((await get(path)).body);
      expect(feed.bozo, path).toBe(0);
      const sponsored = feed.entries.find((e) => e.title === 'Acme opens its free-flow gantry')!;
      const editorial = feed.entries.find((e) => e.title === 'Council reviews gantry tolls')!;
      expect(sponsored.summary, path).toMatch(/^Sponsored by Acme Tolling\. A gantry story paid for by its maker\.$/);
      expect(sponsored.content?.[0]?.value, path).toContain('<p><em>Sponsored by <a href="https://news.example/companies/acme-tolling">Acme Tolling</a></em></p>');
      expect(sponsored.content?.[0]?.value, path).toContain('rel="sponsored noopener"');
      expect(editorial.summary, path).toBe('Reporting on the gantry review.');
      expect(editorial.content?.[0]?.value, path).not.toContain('Sponsored');
    }
  });

  it('labels sponsored items in JSON Feed (which feedparser does not read)', async () => {
    const feed = JSON.parse((await get('/feed.json')).body) as { items: { title: string; summary: string; content_html: string }[] };
    const sponsored = feed.items.find((i) => i.title === 'Acme opens its free-flow gantry')!;
    expect(sponsored.summary).toBe('Sponsored by Acme Tolling. A gantry story paid for by its maker.');
    expect(sponsored.content_html).toMatch(/^<p><em>Sponsored by <a href="https:\/\/news\.example\/companies\/acme-tolling">Acme Tolling<\/a><\/em><\/p>/);
    expect(feed.items.find((i) => i.title === 'Council reviews gantry tolls')!.summary).toBe('Reporting on the gantry review.');
  });
});

describe('section and tag sponsorships', () => {
  const association = 'Tolling, in association with <a href="/companies/brightlane">Brightlane</a>';

  it('shows "<Section>, in association with <Company>" only during the period, whatever the page cache holds', async () => {
    const id = (await app.store.terms.bySlug('sections', 'tolling'))!.id;
    // The site's time zone is UTC: 28 November 00:00 to 29 November 24:00.
    const set = await editor.post(`/admin/sections/${id}/sponsorship`, { company: 'Brightlane', starts: '2026-11-28', ends: '2026-11-29' });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe(`/admin/sections/${id}?done=sponsored`);
    // The save emptied this node's cache at once; the content-version poll (every 2 s) empties it
    // once more when it sees the new version. Waited for here, so the HITs below are the cache's
    // own doing and not a race with the poll (which failed this test now and then).
    const version = await app.store.state.contentVersion();
    await vi.waitFor(() => expect(app.pageCache.contentVersion).toBe(version), { timeout: 15_000, interval: 50 });
    const starts = Date.UTC(2026, 10, 28);
    const ends = Date.UTC(2026, 10, 30);
    try {
      const before = await get('/sections/tolling');
      expect(before.body).not.toContain('in association with');
      expect((await get('/sections/tolling')).headers.get('x-cache')).toBe('HIT');
      app.clock.now = starts - 1;
      expect((await get('/sections/tolling')).headers.get('x-cache')).toBe('HIT');
      app.clock.now = starts;
      const during = await get('/sections/tolling');
      expect(during.headers.get('x-cache')).toBe('MISS');
      expect(during.body).toContain(`<p class="sponsorship">${association}</p>`);
      expect((await get('/sections/tolling')).headers.get('x-cache')).toBe('HIT');
      // Paged copies follow the same period.
      expect((await get('/sections/tolling?page=1')).body).toContain(association);
      app.clock.now = ends - 1;
      expect((await get('/sections/tolling')).body).toContain(association);
      app.clock.now = ends;
      const after = await get('/sections/tolling');
      expect(after.headers.get('x-cache')).toBe('MISS');
      expect(after.body).not.toContain('in association with');
    } finally {
      app.clock.now = NOW;
    }
    const admin = (await editor.get(`/admin/sections/${id}`)).body;
    expect(admin).toContain('from 2026-11-28 to 2026-11-29 (not started yet)');
    const cleared = await editor.post(`/admin/sections/${id}/sponsorship/clear`, {});
    expect(cleared.headers.location).toBe(`/admin/sections/${id}?done=unsponsored`);
    expect(await app.store.sponsorships.ofTerm('section', id)).toBeUndefined();
    expect((await app.store.operations.auditOf(`section:${id}`)).map((a) => a.action)).toEqual(['section.sponsor', 'section.unsponsor']);
  });

  it('sponsors a tag from the tags admin page, at once on the public page; refuses an unknown company, bad days and a missing CSRF token', async () => {
    const id = (await app.store.terms.bySlug('tags', 'anpr'))!.id;
    const page = await editor.get(`/admin/tags/${id}`);
    expect(page.body).toContain('<h2 id="sponsorship-heading">Sponsorship</h2>');
    expect(page.body).toContain('Not sponsored.');
    const unknown = await editor.post(`/admin/tags/${id}/sponsorship`, { company: 'Nobody Ltd', starts: '2026-11-01', ends: '2026-10-01' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('No company with that name in the directory');
    expect(unknown.body).toContain('The last day cannot come before the first.');
    const noDays = await editor.post(`/admin/tags/${id}/sponsorship`, { company: 'acme-tolling', starts: '', ends: 'soon' });
    expect(noDays.body).toContain('Pick the first day of the sponsorship.');
    expect(noDays.body).toContain('Pick the last day of the sponsorship.');
    const forged = await app.http.inject({
      method: 'POST',
      url: `/admin/tags/${id}/sponsorship`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: editor.cookie },
      payload: 'company=acme-tolling&starts=2026-11-01&ends=2026-12-31',
    });
    expect(forged.statusCode).toBe(403);
    expect(await app.store.sponsorships.ofTerm('tag', id)).toBeUndefined();

    expect((await get('/tags/anpr')).body).not.toContain('in association with');
    expect((await editor.post(`/admin/tags/${id}/sponsorship`, { company: 'acme-tolling', starts: '2026-11-01', ends: '2026-12-31' })).statusCode).toBe(303);
    expect((await get('/tags/anpr')).body).toContain('<p class="sponsorship">ANPR, in association with <a href="/companies/acme-tolling">Acme Tolling</a></p>');
    expect((await editor.get(`/admin/tags/${id}`)).body).toContain('from 2026-11-01 to 2026-12-31 (running now)');
    await editor.post(`/admin/tags/${id}/sponsorship/clear`, {});
    expect((await get('/tags/anpr')).body).not.toContain('in association with');
  });
});

describe('the editor’s sponsor field', () => {
  it('takes a directory company by name, shows it again, and refuses a company the directory does not know', async () => {
    const fields = { headline: 'Brightlane explains kerbside charging', body: 'Words about [charging](https://brightlane.example/).', section: 'Tolling', action: 'publish' };
    const preview = await editor.post('/admin/preview', { ...fields, sponsor: 'Brightlane', action: 'preview' });
    expect(preview.body).toContain('Sponsored by <a href="/companies/brightlane">Brightlane</a>');
    expect(preview.body).toContain('<a href="https://brightlane.example/" rel="sponsored noopener">charging</a>');
    const refused = await editor.post('/admin/articles/new', { ...fields, sponsor: 'Brightlane Holdings' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<p class="error" id="sponsor-error">No company with that name in the directory: add it in Companies first.</p>');
    const made = await editor.post('/admin/articles/new', { ...fields, sponsor: 'brightlane' });
    expect(made.statusCode).toBe(303);
    const row = (await app.store.articles.findBySlug('brightlane-explains-kerbside-charging'))!;
    expect(row.sponsor_company_id).toBe(Number((await app.store.companies.bySlug('brightlane'))!.id));
    const form = (await editor.get(`/admin/articles/${row.id}`)).body;
    expect(form).toMatch(/<input id="sponsor" name="sponsor" type="text" value="Brightlane"/);
    const page = (await get('/news/brightlane-explains-kerbside-charging')).body;
    expect(page).toContain('Sponsored by <a href="/companies/brightlane">Brightlane</a>');
    expect(page).toContain('rel="sponsored noopener"');
    // Emptied, the article is editorial again.
    expect((await editor.post(`/admin/articles/${row.id}`, { ...fields, action: 'save', sponsor: '' })).statusCode).toBe(303);
    expect((await app.store.articles.findById(Number(row.id)))!.sponsor_company_id).toBeNull();
    expect(articleOf((await get('/news/brightlane-explains-kerbside-charging')).body)).not.toContain('Sponsored by');
  });
});
