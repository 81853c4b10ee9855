import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService, ApiKeyService, AuthorAdminService, CompanyAdminService, EditorService, MediaService, RedirectAdminService, SettingsService, SiteSettings, TaggingReviewService, TaxonomyAdminService } from '../admin/index.ts';
import { menus, socialLinks } from '../admin/index.ts';
import type { AdsService } from '../ads/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { Config } from '../config/index.ts';
import type { LeadService } from '../leads/index.ts';
import type { MostReadService } from '../most-read/index.ts';
import type { NewsletterService } from '../newsletters/index.ts';
import type { PublishPipeline } from '../publish/index.ts';
import type { FollowService, ReaderAccountService } from '../readers/index.ts';
import type { SearchService } from '../search/index.ts';
import { type SiteService, siteUrl } from '../sites/index.ts';
import { CACHED_BROTLI_QUALITY, type CachedPage, type KeyParams, makePage, ON_THE_FLY_BROTLI_QUALITY, PAGE_SECURITY_HEADERS, type PageCache, RESPONSE_SECURITY_HEADERS, withHsts, writePage } from './cache/index.ts';
import type { DatabaseHealth, DatabaseSignals } from './observability/index.ts';
import { siteTheme } from './site/theme.ts';
import type { SiteInfo } from './site/views/layout.tsx';

/**
 * The services the web layer reaches, built once by the composition root. This is the one list:
 * `App` (src/app.ts) extends it, so a service the web needs is added here and nowhere else.
 */
export interface WebServices {
  readonly config: Config;
  readonly catalog: CatalogService;
  readonly search: SearchService;
  readonly pipeline: PublishPipeline;
  readonly accounts: AccountService;
  readonly editor: EditorService;
  readonly tagging: TaggingReviewService;
  readonly redirectAdmin: RedirectAdminService;
  readonly media: MediaService;
  readonly apiKeys: ApiKeyService;
  readonly settings: SettingsService;
  readonly taxonomyAdmin: TaxonomyAdminService;
  readonly authorAdmin: AuthorAdminService;
  readonly mostRead: MostReadService;
  readonly companies: CompanyAdminService;
  /** Reader accounts: magic-link sign-in, profile, export, deletion. */
  readonly readerAccounts: ReaderAccountService;
  readonly follows: FollowService;
  readonly ads: AdsService;
  /** Newsletter lists, subscribers, issues, sending, unsubscribe links and the archive. */
  readonly newsletters: NewsletterService;
  readonly leads: LeadService;
  /** The titles this installation serves; `request.site` is resolved from them (site-resolution.ts, docs/sites.md). */
  readonly sites: SiteService;
}

/** What every route table receives: the services, plus what only the web layer has. */
export interface WebDeps extends WebServices {
  /**
   * The little /healthz, /readyz and /metrics read of the database itself (the primary), as
   * observability/ declares it. Everything else reaches data through a service.
   */
  readonly database: DatabaseSignals & DatabaseHealth;
  readonly pageCache: PageCache;
  readonly clock: () => number;
}

/** Shared helpers for page handlers: the site frame's data, and cached responses. */
export class WebContext {
  /** Each site's frame data, by site id. */
  private readonly site_ = new Map<number, Promise<SiteInfo>>();
  /** Every route as declared, for the checks that keep the route tables honest. */
  readonly routes: { method: string; url: string; hasResponseSchema: boolean }[] = [];

  /** The security headers of every page (HSTS included when the site is https). */
  readonly pageHeaders: Readonly<Record<string, string>>;
  /** A page with ads: the same, except that it may run the site's own ad script ('self'). */
  readonly adPageHeaders: Readonly<Record<string, string>>;
  /** The security headers of every other response. */
  readonly responseHeaders: Readonly<Record<string, string>>;

  constructor(readonly deps: WebDeps) {
    this.pageHeaders = withHsts(PAGE_SECURITY_HEADERS, deps.config.site.url);
    this.responseHeaders = withHsts(RESPONSE_SECURITY_HEADERS, deps.config.site.url);
    this.adPageHeaders = { ...this.pageHeaders, 'content-security-policy': (this.pageHeaders['content-security-policy'] ?? '').replace("script-src 'none'", "script-src 'self'") };
  }

  /**
   * The site's settings in effect: the environment's, overridden by what an admin saved. For a
   * site other than the first (the request's, see site-resolution.ts), its own name, description,
   * time zone and URL (the configured URL with the site's primary host).
   */
  site(req?: FastifyRequest): Config['site'] {
    const { title, description, timeZone, postsPerPage } = this.deps.settings.current;
    const base = { ...this.deps.config.site, title, description, timeZone, postsPerPage };
    const other = req?.site && req.site.id !== this.deps.sites.first().id ? req.site : undefined;
    if (!other) return base;
    const own = this.deps.settings.forSite(other.id);
    return { ...base, title: other.name, description: other.description, timeZone: other.timeZone ?? timeZone, postsPerPage: own.postsPerPage, url: siteUrl(base.url, other.hosts[0]) };
  }

  /** The settings of the request's site (the first site's with one site, or without a request). */
  settingsOf(req?: FastifyRequest): SiteSettings {
    return this.deps.settings.forSite(req ? this.siteIdOf(req) : undefined);
  }

  /** A site's URL by id (the installation's for the first site). */
  homeUrl(siteId: number): string {
    const site = this.deps.sites.byId(siteId);
    const base = this.deps.config.site.url;
    return !site || site.id === this.deps.sites.first().id ? base : siteUrl(base, site.hosts[0]);
  }

  /** The site whose content a request reads: undefined when there is one site (every read unfiltered, as before sites). */
  siteIdOf(req: FastifyRequest): number | undefined {
    return this.deps.sites.several ? req.site.id : undefined;
  }

  /** The catalog's reads for the request's site. */
  catalog(req: FastifyRequest): CatalogService {
    return this.deps.catalog.forSite(this.siteIdOf(req));
  }

  /** Site title, sections for the navigation, static pages for the footer; kept until content or settings change. */
  siteInfo(req?: FastifyRequest): Promise<SiteInfo> {
    const siteId = req ? this.siteIdOf(req) : undefined;
    const key = siteId ?? 0;
    const known = this.site_.get(key);
    if (known) return known;
    const settings = this.deps.settings.forSite(siteId);
    const theme = siteTheme(settings);
    const made = Promise.all([this.deps.catalog.forSite(siteId).sections(), this.deps.catalog.forSite(siteId).pages(), this.deps.catalog.siteLogo(settings.logoMedia)]).then(([sections, pages, logo]) => ({
      ...this.site(req),
      sections: sections.filter((s) => s.count > 0).map((s) => ({ slug: s.slug, name: s.name, count: s.count })),
      pages: pages.map((p) => ({ slug: p.slug, title: p.title })),
      ...chosenMenus(settings, sections, pages),
      themePath: theme?.path,
      fontPreload: theme?.headingFont,
      logo,
      social: socialLinks(settings),
    }));
    this.site_.set(key, made);
    return made;
  }

  /** How this node follows a change made through it (set by the composition root, see `followOwnChanges`). */
  private ownChange: (() => Promise<void>) | undefined;

  /**
   * Wires `changed` to the node's content-version follower (app.ts): it reads the version the
   * change reached, empties the page cache and forgets derived data, and purges the edge.
   */
  followOwnChanges(follow: () => Promise<void>): void {
    this.ownChange = follow;
  }

  /**
   * After a change made through this node (an admin save, which bumps the content version): the
   * page cache follows the version at once, emptying itself once. Emptying it without noting the
   * version (`invalidate` alone) left the version poll to empty it again up to 2 s later, throwing
   * away the pages rendered since. When the version did not move (a change that does not bump
   * it, or reads from a replica that has not replayed it yet: the follower empties the cache
   * again when it has), the cache is emptied here.
   */
  async changed(): Promise<void> {
    const before = this.deps.pageCache.contentVersion;
    await this.ownChange?.();
    if (this.deps.pageCache.contentVersion === before) this.invalidate();
  }

  /** Forget derived data after content changed: the pages showing `keys` (all of them without). */
  invalidate(keys?: readonly string[]): void {
    this.site_.clear();
    this.deps.ads.forget();
    if (keys) this.deps.pageCache.purge(keys);
    else this.deps.pageCache.clear();
  }

  /**
   * Sends a rendered page with the headers every page carries (security headers, ETag, Vary),
   * compressed by the page writer itself; 200s are kept in the page cache so the next reader is
   * served before routing (see `PageCaching`; `false` for pages not worth keeping, such as search
   * results, one per query).
   */
  send(
    req: FastifyRequest,
    reply: FastifyReply,
    body: string,
    contentType = 'text/html; charset=utf-8',
    lastModified?: number,
    status = 200,
    cache: PageCaching = WHOLE_QUERY,
    securityHeaders: Readonly<Record<string, string>> = this.pageHeaders,
  ): void {
    const page: CachedPage = makePage(status, contentType, body, lastModified, cacheControlFor(status, cache), securityHeaders, cache ? cache.keys : undefined);
    const cacheable = status === 200 && cache !== false;
    const keep = cacheable && this.deps.config.pageCache.enabled;
    if (keep) this.deps.pageCache.setFor(req.raw, req.url, page, cache.params, cache.expiresAt);
    // The page writer answers on the raw response (as cache hits are): Fastify's send and
    // @fastify/compress stay out of it, so a page is compressed one way whatever its size.
    reply.hijack();
    writePage(req.raw, reply.raw, page, cacheable ? { 'x-cache': 'MISS' } : undefined, keep ? CACHED_BROTLI_QUALITY : ON_THE_FLY_BROTLI_QUALITY);
    // The compressed variant this reader got is now part of the cached page's size.
    if (keep) this.deps.pageCache.written(req.raw, req.url, cache.params);
  }
}

/**
 * The menus an editor chose, resolved against what exists: a chosen section or page that is gone
 * (or a section with no published article) is skipped; none left means the automatic default.
 */
function chosenMenus(
  settings: Parameters<typeof menus>[0],
  sections: readonly { slug: string; name: string; count: number }[],
  pages: readonly { slug: string; title: string }[],
): Pick<SiteInfo, 'menu' | 'footer'> {
  const chosen = menus(settings);
  const menu = chosen.sections.flatMap((slug) => sections.filter((s) => s.slug === slug && s.count > 0).map((s) => ({ slug: s.slug, name: s.name })));
  const footer = chosen.pages.flatMap((slug) => pages.filter((p) => p.slug === slug).map((p) => ({ slug: p.slug, title: p.title })));
  return { menu: menu.length ? menu : undefined, footer: footer.length ? footer : undefined };
}

/**
 * How a page may be cached: `params`, the query parameters it depends on (its cache key: any other
 * parameter, `?utm_source=` and the like, is the same page; leave it out to key on the whole query
 * string), `expiresAt` (epoch ms) when it must be rendered afresh from then (a sponsorship starts
 * or ends), `keys` naming what it shows (`surrogate-keys.ts`: without them every change purges
 * it), or `false` for not at all.
 */
export type PageCaching = { readonly params?: KeyParams; readonly expiresAt?: number | undefined; readonly keys?: readonly string[] } | false;

/** A page that takes no query parameters: one cache entry whatever the query string. */
export const NO_QUERY_PARAMS: PageCaching = Object.freeze({ params: [] });
/** A page that did not say what it reads: keyed on the whole query string (safe, not thrifty). */
const WHOLE_QUERY: PageCaching = Object.freeze({});
/** List pages: `?page=N`. */
export const PAGE_PARAM: PageCaching = Object.freeze({ params: ['page'] });

/** Pages kept out of the page cache, and 404s, may still be kept a minute by browsers and proxies; other errors not at all. */
function cacheControlFor(status: number, cache: PageCaching): string | undefined {
  if (status === 404 || status === 410 || (status === 200 && cache === false)) return 'public, max-age=60';
  return status >= 400 ? 'no-store' : undefined;
}
