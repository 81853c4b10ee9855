import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdTarget } from '../../ads/index.ts';
import type { ArticleListing, ListKind } from '../../catalog/index.ts';
import { renderBody } from '../../content/index.ts';
import { formatMonth } from '../../domain/index.ts';
import { NotFound } from '../../lib/errors.ts';
import { articleKey, etagMatches, HOME_KEY, listKeys, makePage, SITEMAP_KEY, writePage } from '../cache/index.ts';
import { buildFeed, FEED_FILES, type FeedFormat, NEWS_SITEMAP_WINDOW_MS, newsSitemap, SITEMAP_MAX_URLS, sitemapIndex, urlSet } from '../feeds/index.ts';
import type { TypedApp } from '../typed-app.ts';
import { NO_QUERY_PARAMS, PAGE_PARAM, type PageCaching, type WebContext } from '../web-context.ts';
import { registerAdRoutes } from './ad-routes.ts';
import { SITE_CSS, SITE_CSS_PATH } from './assets.ts';
import { fontAt } from './fonts.ts';
import { ICON_PATHS, type SiteIcons, siteIcons, webManifest } from './icons.ts';
import { PagePathParams, PageQuery, SlugParams } from './page-params.ts';
import { siteTheme } from './theme.ts';
import { registerViewBeacon } from './view-beacon.ts';
import { AdsContext, hasAds } from './views/ad-slots.tsx';
import { ArticlePageView } from './views/article-page.tsx';
import { AuthorPageView } from './views/author-page.tsx';
import { CompaniesPageView } from './views/companies-page.tsx';
import { CompanyPageView } from './views/company-page.tsx';
import { HomePageView } from './views/home-page.tsx';
import { ListPageView } from './views/list-page.tsx';
import { RelatedPageView } from './views/related-page.tsx';
import { renderDocument } from './views/render.ts';
import { SearchPageView, type SearchState, searchParams } from './views/search-page.tsx';
import { ArchiveIndexView, StaticPageView, TopicsPageView } from './views/static-page.tsx';

const FEED_FORMATS = Object.keys(FEED_FILES) as FeedFormat[];
const LIST_KINDS: ListKind[] = ['section', 'tag', 'author'];
const FEED_SIZE = 30;
const RELATED_PAGE_SIZE = 10;
/** WordPress's query-string URLs: short links to posts, pages and attachment pages, and feeds (`/?feed=rss2`). */
const WP_QUERY_LINKS = ['p', 'page_id', 'attachment_id', 'feed'] as const;
/** The home page reads WordPress's query-string URLs (they redirect); anything else in its query string is the same page. */
const HOME_PARAMS: PageCaching = { params: [...WP_QUERY_LINKS] };
const COMPANIES_PARAMS: PageCaching = { params: ['page', 'letter'] };
const HomeQuery = Type.Object(
  { p: Type.Optional(Type.String()), page_id: Type.Optional(Type.String()), attachment_id: Type.Optional(Type.String()), feed: Type.Optional(Type.String()) },
  { additionalProperties: true },
);

/** Every public page, feed and sitemap URL in one table. */
export function registerSiteRoutes(app: TypedApp, web: WebContext): void {
  registerAdRoutes(app, web);
  registerViewBeacon(app, web);
  const { config } = web.deps;
  const site = (req: FastifyRequest) => web.siteIdOf(req);
  const page = (req: { query: { page?: number } }) => req.query.page ?? 1;
  // Each page says which query parameters it reads: they, and only they, key it in the page cache.
  // The page carries every creative its slots may show (targeted by what it is about); the
  // reader's browser picks one per view, so a cached page never freezes the choice.
  const html = async (req: FastifyRequest, reply: FastifyReply, view: preact.VNode, lastModified?: number, cache: PageCaching = NO_QUERY_PARAMS, target: AdTarget = {}, ownScript = false) => {
    const ads = await web.deps.ads.placements({ ...target, siteId: web.siteIdOf(req) });
    const body = renderDocument(<AdsContext.Provider value={ads}>{view}</AdsContext.Provider>);
    web.send(req, reply, body, 'text/html; charset=utf-8', lastModified, 200, cache, hasAds(ads) || ownScript ? web.adPageHeaders : web.pageHeaders);
  };
  const sendResource = (req: FastifyRequest, reply: FastifyReply, body: string, contentType = 'application/xml; charset=utf-8', lastModified?: number, keys?: readonly string[]) =>
    web.send(req, reply, body, contentType, lastModified, 200, keys ? { ...NO_QUERY_PARAMS, keys } : NO_QUERY_PARAMS);
  const sitemap = (req: FastifyRequest, reply: FastifyReply, body: string) => sendResource(req, reply, body, undefined, undefined, [SITEMAP_KEY]);
  // Surrogate keys (web/cache/surrogate-keys.ts): each page names itself and the articles it shows.
  const ids = (items: readonly { id: number }[]) => items.map((i) => i.id);

  const listPage = async (req: FastifyRequest, reply: FastifyReply, list: ArticleListing, feedBase?: string, target: AdTarget = {}) =>
    html(
      req,
      reply,
      <ListPageView site={await web.siteInfo(req)} list={list} {...(feedBase ? { feedBase } : {})} />,
      list.items[0]?.updatedAt,
      { ...PAGE_PARAM, keys: listKeys(list.path, ids(list.items)), ...(list.changesAt ? { expiresAt: list.changesAt } : {}) },
      target,
    );

  const feed = async (req: FastifyRequest, reply: FastifyReply, list: ArticleListing, feedPath: string, format: FeedFormat) => {
    const entries = await web.catalog(req).feedEntries(list.items);
    const body = buildFeed(web.site(req), { title: list.title, description: list.description, path: feedPath, entries }, format, config.feeds.content);
    return sendResource(req, reply, body, FEED_FILES[format].contentType, list.items[0]?.updatedAt, listKeys(feedPath, ids(list.items)));
  };

  app.get('/', { schema: { querystring: HomeQuery } }, async (req, reply) => {
    // WordPress's query-string URLs (/?p=ID, /?page_id=ID, /?attachment_id=ID, /?feed=rss2) of an imported site redirect like any old URL.
    const query = req.query;
    const key = WP_QUERY_LINKS.find((k) => query[k] !== undefined && query[k] !== '');
    if (key) {
      const old = await web.catalog(req).redirectFrom(`/?${key}=${query[key]}`);
      if (old?.status === 301 && old.to_path) return reply.redirect(old.to_path, 301);
      throw NotFound(`Page ${req.url}`);
    }
    const [home, mostRead] = await Promise.all([web.catalog(req).home(), web.deps.mostRead.list()]);
    const view = <HomePageView site={await web.siteInfo(req)} latest={home.latest} images={home.images} bySection={home.bySection} mostRead={mostRead.items} />;
    // Kept until the "Most read" list is due again (or content changes, as every page).
    const shown = [...home.latest, ...home.bySection.flatMap((s) => s.items), ...mostRead.items];
    await html(req, reply, view, home.latest[0]?.updatedAt, { ...HOME_PARAMS, expiresAt: mostRead.until, keys: [HOME_KEY, ...new Set(ids(shown).map(articleKey))] });
  });

  app.get('/news', { schema: { querystring: PageQuery } }, async (req, reply) => listPage(req, reply, await web.catalog(req).latest(page(req)), ''));

  app.get('/news/:slug', { schema: { params: SlugParams } }, async (req, reply) => {
    const { slug } = req.params;
    const [data, mostRead] = await Promise.all([web.catalog(req).article(slug), web.deps.mostRead.list()]);
    if (!data) throw NotFound(`Article "${slug}"`);
    const a = data.article;
    const target = { section: a.section?.slug, tags: a.tags.map((t) => t.slug), companies: a.companies.map((c) => c.id) };
    // The registration wall's script runs on walled articles only (script-src 'self' there).
    const freeArticles = a.sponsor === null ? web.deps.settings.current.freeArticlesPerMonth : 0;
    // Cross-published: the page names the article's home site as its canonical address.
    const home = data.homeSiteId !== undefined && site(req) !== undefined && data.homeSiteId !== req.site.id ? web.homeUrl(data.homeSiteId) : undefined;
    const view = <ArticlePageView site={await web.siteInfo(req)} data={data} mostRead={mostRead.items} countViews freeArticles={freeArticles} {...(home ? { canonical: `${home}/news/${a.slug}` } : {})} />;
    const keys = [...new Set([a.id, ...data.related.map((r) => r.article.id), ...ids(mostRead.items)])].map(articleKey);
    await html(req, reply, view, a.updatedAt, { ...NO_QUERY_PARAMS, expiresAt: mostRead.until, keys }, target, freeArticles > 0);
  });

  app.get('/news/:slug/related', { schema: { params: SlugParams, querystring: PageQuery } }, async (req, reply) => {
    const { slug } = req.params;
    const p = page(req);
    const found = await web.catalog(req).relatedTo(slug, RELATED_PAGE_SIZE, (p - 1) * RELATED_PAGE_SIZE);
    if (!found) throw NotFound(`Article "${slug}"`);
    const { article, items, total } = found;
    const totalPages = Math.max(1, Math.ceil(total / RELATED_PAGE_SIZE));
    if (p > totalPages) throw NotFound(`Page ${p}`);
    const keys = [article.id, ...items.map((r) => r.article.id)].map(articleKey);
    await html(req, reply, <RelatedPageView site={await web.siteInfo(req)} slug={article.slug} headline={article.headline} items={items} page={p} totalPages={totalPages} />, undefined, { ...PAGE_PARAM, keys });
  });

  for (const kind of LIST_KINDS) {
    app.get(`/${kind}s/:slug`, { schema: { params: SlugParams, querystring: PageQuery } }, async (req, reply) => {
      const { slug } = req.params;
      if (kind === 'author') {
        const author = await web.catalog(req).author(slug, page(req));
        const keys = listKeys(author.articles.path, ids(author.articles.items));
        return html(req, reply, <AuthorPageView site={await web.siteInfo(req)} author={author} />, author.articles.items[0]?.updatedAt, { ...PAGE_PARAM, keys });
      }
      const target = kind === 'section' ? { section: slug } : kind === 'tag' ? { tags: [slug] } : {};
      await listPage(req, reply, await web.catalog(req).byTerm(kind, slug, page(req)), undefined, target);
    });
    for (const format of FEED_FORMATS) {
      app.get(`/${kind}s/:slug/${FEED_FILES[format].file}`, { schema: { params: SlugParams } }, async (req, reply) => {
        const { slug } = req.params;
        const list = await web.catalog(req).byTerm(kind, slug, 1, FEED_SIZE);
        await feed(req, reply, list, list.path, format);
      });
    }
  }

  for (const format of FEED_FORMATS) {
    const handler = async (req: FastifyRequest, reply: FastifyReply) => feed(req, reply, await web.catalog(req).latest(1, FEED_SIZE), '', format);
    app.get(`/${FEED_FILES[format].file}`, handler);
    app.get(`/news/${FEED_FILES[format].file}`, handler);
  }

  app.get('/archive', async (req, reply) => {
    const months = (await web.catalog(req).archiveMonths()).map((m) => ({ ...m, label: formatMonth(m.year, m.month, config.site.locale) }));
    await html(req, reply, <ArchiveIndexView site={await web.siteInfo(req)} months={months} />);
  });

  const ArchiveParams = Type.Object({ year: Type.Integer({ minimum: 1, maximum: 9999 }), month: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })) });
  app.get('/archive/:year', { schema: { params: ArchiveParams, querystring: PageQuery } }, async (req, reply) => {
    const { year } = req.params;
    await listPage(req, reply, await web.catalog(req).archive(year, undefined, page(req)));
  });
  app.get('/archive/:year/:month', { schema: { params: ArchiveParams, querystring: PageQuery } }, async (req, reply) => {
    const { year, month } = req.params;
    await listPage(req, reply, await web.catalog(req).archive(year, month, page(req)));
  });
  // Archive pages advertise their feeds like every list; a static file name outranks `:month`.
  for (const format of FEED_FORMATS) {
    app.get(`/archive/:year/${FEED_FILES[format].file}`, { schema: { params: ArchiveParams } }, async (req, reply) => {
      const { year } = req.params;
      const list = await web.catalog(req).archive(year, undefined, 1, FEED_SIZE);
      await feed(req, reply, list, list.path, format);
    });
    app.get(`/archive/:year/:month/${FEED_FILES[format].file}`, { schema: { params: ArchiveParams } }, async (req, reply) => {
      const { year, month } = req.params;
      const list = await web.catalog(req).archive(year, month, 1, FEED_SIZE);
      await feed(req, reply, list, list.path, format);
    });
  }

  const CompaniesQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })), letter: Type.Optional(Type.String({ pattern: '^([a-z]|#)$' })) });
  app.get('/companies', { schema: { querystring: CompaniesQuery } }, async (req, reply) => {
    const { letter } = req.query;
    const p = page(req);
    const perPage = 50;
    const { total, items } = await web.catalog(req).companyDirectory(letter, perPage, (p - 1) * perPage);
    const totalPages = Math.max(1, Math.ceil(total / perPage));
    if (p > totalPages) throw NotFound(`Page ${p}`);
    await html(req, reply, <CompaniesPageView site={await web.siteInfo(req)} letter={letter} companies={items} total={total} page={p} totalPages={totalPages} />, undefined, COMPANIES_PARAMS);
  });

  app.get('/companies/:slug', { schema: { params: SlugParams, querystring: PageQuery } }, async (req, reply) => {
    const { slug } = req.params;
    const company = await web.catalog(req).company(slug, page(req));
    const sisters = (company.elsewhere ?? []).flatMap((e) => {
      const other = web.deps.sites.byId(e.siteId);
      // The first site is known by the title its settings give it, as its pages show.
      const name = other && other.id === web.deps.sites.first().id ? web.site().title : other?.name;
      return other && name ? [{ name, url: `${web.homeUrl(other.id)}/companies/${company.slug}`, count: e.count }] : [];
    });
    const keys = listKeys(`/companies/${company.slug}`, ids(company.articles.items));
    await html(req, reply, <CompanyPageView site={await web.siteInfo(req)} company={company} sisters={sisters} />, company.articles.items[0]?.updatedAt, { ...PAGE_PARAM, keys }, { companies: [company.id] });
  });
  for (const format of FEED_FORMATS) {
    app.get(`/companies/:slug/${FEED_FILES[format].file}`, { schema: { params: SlugParams } }, async (req, reply) => {
      const { slug } = req.params;
      const company = await web.catalog(req).company(slug, 1, FEED_SIZE);
      await feed(req, reply, company.articles, `/companies/${company.slug}`, format);
    });
  }

  const slugParam = Type.Optional(Type.String({ maxLength: 200 }));
  // Dates come from the form's date inputs: an empty or odd value is ignored, not an error page.
  const dateParam = Type.Optional(Type.String({ maxLength: 40 }));
  const SearchQuerySchema = Type.Object({
    q: Type.Optional(Type.String({ maxLength: 10_000 })),
    section: slugParam,
    company: slugParam,
    tag: slugParam,
    author: slugParam,
    from: dateParam,
    to: dateParam,
    sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('date')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    correct: Type.Optional(Type.Boolean()),
  });
  const isoDate = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);
  app.get('/search', { schema: { querystring: SearchQuerySchema } }, async (req, reply) => {
    const { query } = req;
    const state: SearchState = {
      q: (query.q ?? '').trim(),
      section: query.section || undefined,
      company: query.company || undefined,
      tag: query.tag || undefined,
      author: query.author || undefined,
      from: isoDate(query.from),
      to: isoDate(query.to),
      sort: query.sort ?? 'relevance',
      page: query.page ?? 1,
      correct: query.correct ?? true,
    };
    const perPage = web.site(req).postsPerPage;
    const outcome = state.q ? await web.deps.search.search({ ...searchParams(state, perPage), siteId: site(req) }) : undefined;
    // Through the page writer like every page (it used to be reply.send without a return: with a
    // body past @fastify/compress's synchronous limit, Fastify ended the reply empty before the
    // compressed stream came). One query, one page: not worth a place in the page cache.
    web.send(req, reply, renderDocument(<SearchPageView site={await web.siteInfo(req)} state={state} perPage={perPage} outcome={outcome} />), undefined, undefined, 200, false);
  });

  // A page's slug may be a path (`about-us/history`): imported WordPress child pages keep theirs.
  app.get('/pages/*', { schema: { params: PagePathParams } }, async (req, reply) => {
    const slug = (req.params)['*'];
    // The pattern allows only slug characters, so this stays a path on this site.
    if (slug.endsWith('/')) return reply.redirect(`/pages/${slug.slice(0, -1)}`, 301);
    const p = await web.catalog(req).page(slug);
    if (!p) throw NotFound(`Page "${slug}"`);
    await html(req, reply, <StaticPageView site={await web.siteInfo(req)} slug={p.slug} title={p.title} bodyHtml={renderBody(p.body, p.body_format)} />, Number(p.updated_at));
  });

  app.get('/topics', async (req, reply) => {
    const sections = (await web.catalog(req).sections()).filter((s) => s.count > 0);
    await html(req, reply, <TopicsPageView site={await web.siteInfo(req)} sections={sections} />);
  });

  // The sign-up box posted here before newsletters existed: old links and pages still cached
  // elsewhere land on the real ones (308 keeps the POST and its body).
  app.get('/newsletter', async (_req, reply) => reply.redirect('/newsletters', 301));
  app.register(async (form) => {
    form.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, _body, done) => done(null, {}));
    form.post('/newsletter', async (_req, reply) => reply.redirect('/newsletters/subscribe', 308));
  });

  // Written like a cached page (compressed once, ETag), not through reply.send: the stylesheet is
  // over 8 KB, and the compression of reply.send drops bodies that large.
  const stylesheet = makePage(200, 'text/css; charset=utf-8', SITE_CSS, undefined, 'public, max-age=31536000, immutable', web.responseHeaders);
  app.get(SITE_CSS_PATH, async (req, reply) => {
    reply.hijack();
    writePage(req.raw, reply.raw, stylesheet);
  });

  // The accent colour's and fonts' stylesheet: only the current one exists (pages naming an older
  // one are re-rendered when a setting changes).
  app.get('/assets/theme/:file', { schema: { params: Type.Object({ file: Type.String() }) } }, async (req, reply) => {
    const theme = siteTheme(web.settingsOf(req));
    if (!theme || theme.path !== `/assets/theme/${req.params.file}`) throw NotFound(`Stylesheet ${req.url}`);
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/css; charset=utf-8').send(theme.css);
  });

  // Bundled font files, by content hash: every version stays servable (a cached page or stylesheet
  // may name it), and woff2 is compressed already, so it is written as it is.
  app.get('/assets/fonts/:file', async (req, reply) => {
    const font = fontAt(req.url.split('?')[0]!);
    if (!font) throw NotFound(`Font ${req.url}`);
    reply.hijack();
    const headers = { ...web.responseHeaders, 'cache-control': 'public, max-age=31536000, immutable', etag: font.etag };
    if (etagMatches(req.headers['if-none-match'], font.etag)) {
      reply.raw.writeHead(304, headers);
      reply.raw.end();
      return;
    }
    reply.raw.writeHead(200, { ...headers, 'content-type': 'font/woff2', 'content-length': font.body.length });
    reply.raw.end(req.method === 'HEAD' ? undefined : font.body);
  });

  // Icons change only with the site title: a day's caching, so a new title shows within one.
  const ICON_FILES: { path: string; type: string; body: (icons: SiteIcons) => string | Buffer }[] = [
    { path: ICON_PATHS.ico, type: 'image/x-icon', body: (i) => i.ico },
    { path: ICON_PATHS.svg, type: 'image/svg+xml', body: (i) => i.svg },
    { path: ICON_PATHS.appleTouch, type: 'image/png', body: (i) => i.appleTouch },
    { path: ICON_PATHS.png192, type: 'image/png', body: (i) => i.png192 },
    { path: ICON_PATHS.png512, type: 'image/png', body: (i) => i.png512 },
  ];
  for (const file of ICON_FILES) {
    app.get(file.path, async (req, reply) => {
      const body = file.body(await siteIcons(web.site(req).title));
      return reply.header('cache-control', 'public, max-age=86400').type(file.type).send(body);
    });
  }
  app.get(ICON_PATHS.manifest, async (req, reply) => {
    return reply.header('cache-control', 'public, max-age=86400').type('application/manifest+json').send(webManifest(web.site(req)));
  });

  app.get('/robots.txt', async (req, reply) => {
    sendResource(req, reply, `User-agent: *\nDisallow: /admin\nDisallow: /api/\nDisallow: /search\nDisallow: /ads/\n\nSitemap: ${web.site(req).url}/sitemap.xml\nSitemap: ${web.site(req).url}/news-sitemap.xml\n`, 'text/plain; charset=utf-8');
  });

  app.get('/sitemap.xml', async (req, reply) => {
    const { count, lastModified } = await web.catalog(req).sitemapSize();
    sitemap(req, reply, await sitemapIndex(web.site(req).url, Math.max(1, Math.ceil(count / SITEMAP_MAX_URLS)), lastModified));
  });

  app.get('/sitemaps/pages.xml', async (req, reply) => {
    const catalog = web.catalog(req);
    const [sections, pages, companies, resources] = await Promise.all([catalog.sections(), catalog.pages(), catalog.companyDirectory(undefined, SITEMAP_MAX_URLS, 0), web.deps.leads.published(site(req))]);
    const urls = [
      { path: '/' },
      { path: '/companies' },
      ...(resources.length ? [{ path: '/resources' }, ...resources.map((r) => ({ path: `/resources/${r.slug}` }))] : []),
      ...sections.filter((s) => s.count > 0).map((s) => ({ path: `/sections/${s.slug}` })),
      ...pages.map((p) => ({ path: `/pages/${p.slug}` })),
      ...companies.items.map((c) => ({ path: `/companies/${c.slug}` })),
    ];
    sitemap(req, reply, await urlSet(web.site(req).url, urls));
  });

  app.get('/sitemaps/articles-:part.xml', { schema: { params: Type.Object({ part: Type.Integer({ minimum: 1, maximum: 100_000 }) }) } }, async (req, reply) => {
    const { part } = req.params;
    const chunk = await web.catalog(req).sitemapChunk((part - 1) * SITEMAP_MAX_URLS, SITEMAP_MAX_URLS);
    if (chunk.length === 0 && part > 1) throw NotFound(`Sitemap part ${part}`);
    sitemap(req, reply, await urlSet(web.site(req).url, chunk.map((a) => ({ path: `/news/${a.slug}`, lastmod: a.updatedAt }))));
  });

  app.get('/news-sitemap.xml', async (req, reply) => {
    // Google News takes no advertiser content: sponsored articles are left out (docs/advertising.md).
    const recent = await web.catalog(req).editorialSince(web.deps.clock() - NEWS_SITEMAP_WINDOW_MS, 1000);
    const body = await newsSitemap(web.site(req).url, { name: web.site(req).title, language: config.site.locale.split('-')[0] ?? 'en' }, recent.map((a) => ({ path: `/news/${a.slug}`, title: a.headline, publishedAt: a.publishedAt })));
    sitemap(req, reply, body);
  });
}
