import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService, ApiKeyService, CompanyAdminService, EditorService, MediaService, RedirectAdminService, SettingsService, TaggingReviewService, TaxonomyAdminService } from '../admin/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { Config } from '../config/index.ts';
import type { PublishPipeline } from '../publish/index.ts';
import type { SearchService } from '../search/index.ts';
import type { Repositories, Store } from '../store/index.ts';
import { type CachedPage, makePage, type PageCache, writePage } from './cache/index.ts';
import type { SiteInfo } from './site/views/layout.tsx';

/** What every route table receives: the services, built once by the composition root. */
export interface WebDeps {
  readonly config: Config;
  /** The primary: the admin, sessions, writes. */
  readonly store: Store;
  /** The public site's reads (`Store.reads`: a replica when one is configured). */
  readonly reads: Repositories;
  readonly catalog: CatalogService;
  readonly search: SearchService;
  readonly pipeline: PublishPipeline;
  readonly pageCache: PageCache;
  readonly clock: () => number;
  readonly accounts: AccountService;
  readonly editor: EditorService;
  readonly tagging: TaggingReviewService;
  readonly redirectAdmin: RedirectAdminService;
  readonly media: MediaService;
  readonly apiKeys: ApiKeyService;
  readonly settings: SettingsService;
  readonly taxonomyAdmin: TaxonomyAdminService;
  readonly companies: CompanyAdminService;
}

/** Shared helpers for page handlers: the site frame's data, and cached responses. */
export class WebContext {
  private site_: Promise<SiteInfo> | undefined;
  /** Every route as declared, for the checks that keep the route tables honest. */
  readonly routes: { method: string; url: string; hasResponseSchema: boolean }[] = [];

  constructor(readonly deps: WebDeps) {}

  /** The site's settings in effect: the environment's, overridden by what an admin saved. */
  site(): Config['site'] {
    const { title, description, timeZone, postsPerPage } = this.deps.settings.current;
    return { ...this.deps.config.site, title, description, timeZone, postsPerPage };
  }

  /** Site title, sections for the navigation, static pages for the footer; kept until content or settings change. */
  siteInfo(): Promise<SiteInfo> {
    this.site_ ??= Promise.all([this.deps.catalog.sections(), this.deps.reads.pages.all()]).then(([sections, pages]) => ({
      ...this.site(),
      sections: sections.filter((s) => s.count > 0).map((s) => ({ slug: s.slug, name: s.name, count: s.count })),
      pages: pages.map((p) => ({ slug: p.slug, title: p.title })),
    }));
    return this.site_;
  }

  /** Forget derived data after content changed. */
  invalidate(): void {
    this.site_ = undefined;
    this.deps.pageCache.clear();
  }

  /**
   * Sends a rendered page; 200s are kept in the page cache under the request URL so the next
   * reader is served before routing.
   */
  send(req: FastifyRequest, reply: FastifyReply, body: string, contentType = 'text/html; charset=utf-8', lastModified?: number, status = 200): void {
    const page: CachedPage = makePage(status, contentType, body, lastModified);
    if (status === 200 && this.deps.config.pageCache.enabled) this.deps.pageCache.setFor(req.raw, req.url, page);
    reply.hijack();
    writePage(req.raw, reply.raw, page, { 'x-cache': 'MISS' });
  }
}
