import { articleBody, type RenderedBody, renderBody, renderKey } from '../content/index.ts';
import { formatMonth } from '../domain/index.ts';
import { mediaIdOf, mediaUrl, type ResponsiveImage, responsiveImage } from '../media/index.ts';
import type { ArticleFilter, ArticleRow, ArticleSummary, CompanyRef, Repositories, StoredRender } from '../store/index.ts';
import { companyFieldsOf } from '../store/index.ts';
import type { ArticleDetail, ArticleListing, ArticlePage, ArticlePlaces, AuthorPhoto, AuthorProfile, Byline, CompanyProfile, FeedEntry, RelatedItem } from './catalog-types.ts';
import { InvalidDateRange, PageOutOfRange, UnknownSlug } from './errors.ts';
import { bodyOpening, SECTION_BLOCK_STORIES, type SectionBlock, sectionBlocks, withBodyOpening, withoutStandfirst } from './front-page.ts';
import { relatedItems } from './related-items.ts';
import { VersionMemo } from './version-memo.ts';

export interface CatalogDeps {
  /** Read-only use: the composition root passes `Store.reads`, which may be a replica. */
  readonly store: Pick<Repositories, 'articles' | 'authors' | 'companies' | 'media' | 'pages' | 'redirects' | 'related' | 'renders' | 'sites' | 'sponsorships' | 'state' | 'taxonomy'>;
  /** Read on every call (the composition root passes getters over the admin's site settings). */
  readonly perPage: number;
  readonly relatedCount: number;
  /** The stories editors pinned on the home page, by slug: the lead, then the featured ones in order. */
  readonly homePins?: { readonly lead: string | undefined; readonly featured: readonly string[] };
  /** Links the first mention of each company in a body to its profile (the directory provides it). */
  readonly linkCompanies?: (body: string, format: 'markdown' | 'html', companies: readonly CompanyRef[]) => Promise<string>;
  /** Epoch ms now: whether a section's or tag's sponsorship is running. */
  readonly clock: () => number;
  /** Only this site's articles (home or cross-published); absent: every site's (a one-site installation). */
  readonly siteId?: number;
  /** A site's address (SITE_URL with its primary host): where another site's section or tag lives. */
  readonly homeUrl?: (siteId: number) => string;
}

/** A stored variant width: sharp enough for a masthead logo shown up to 320 CSS px wide on a 2x screen. */
const SITE_LOGO_WIDTH = 640;

export type ListKind = 'section' | 'tag' | 'author';

/**
 * What the site offers to read. Page handlers, feeds and the API all call these functions, so a
 * page shows exactly what the API returns (Ghost's "the site reads what the API reads").
 */
export class CatalogService {
  private readonly bySite = new Map<number, CatalogService>();

  /** `totals`: lists' totals and the sitemap's latest change per content version, shared by every site's catalog. */
  constructor(private readonly deps: CatalogDeps, private readonly totals = new VersionMemo(() => deps.store.state.contentVersion())) {}

  /**
   * The same reads limited to one site (undefined: this catalog, every site's). The site's
   * catalog inherits these deps, getters included, so settings are still read on every call.
   */
  forSite(siteId: number | undefined): CatalogService {
    if (siteId === undefined || siteId === this.deps.siteId) return this;
    let made = this.bySite.get(siteId);
    if (!made) {
      made = new CatalogService(Object.create(this.deps, { siteId: { value: siteId } }) as CatalogDeps, this.totals);
      this.bySite.set(siteId, made);
    }
    return made;
  }

  /** The filter with this catalog's site, if it has one. */
  private onSite(filter: ArticleFilter): ArticleFilter {
    return this.deps.siteId === undefined ? filter : { ...filter, siteId: this.deps.siteId };
  }

  /**
   * Another site's section or tag (a cross-published article's): with its page on its own site as
   * `url`. Each site's terms are its own, so this site's `/sections/<slug>` is not that term (it
   * is this site's of the same slug, or a 404); the reader follows the story to where it is filed.
   */
  private placed<T extends { readonly slug: string; readonly siteId: number }>(kind: 'sections' | 'tags', term: T): T {
    const { siteId, homeUrl } = this.deps;
    return siteId === undefined || term.siteId === siteId || !homeUrl ? term : { ...term, url: `${homeUrl(term.siteId)}/${kind}/${term.slug}` };
  }

  /** Summaries with their sections placed (above). */
  private placedAll(items: readonly ArticleSummary[]): ArticleSummary[] {
    return items.map((a) => (a.section && this.deps.siteId !== undefined && a.section.siteId !== this.deps.siteId ? { ...a, section: this.placed('sections', a.section) } : a));
  }

  /** A page of published articles under a filter; page 1 always exists, later pages must. */
  async listing(kind: ArticleListing['kind'], title: string, description: string, path: string, filter: ArticleFilter, page: number, perPage = this.deps.perPage): Promise<ArticleListing> {
    const { articles } = this.deps.store;
    const onSite = this.onSite(filter);
    const [total, items] = await Promise.all([
      this.totals.get(`count ${JSON.stringify(onSite)}`, () => articles.countListed(onSite)),
      articles.newestPublished(onSite, perPage, (page - 1) * perPage),
    ]);
    const totalPages = Math.max(1, Math.ceil(total / perPage));
    if (page > totalPages) throw PageOutOfRange(page, totalPages);
    return { kind, title, description, path, items: this.placedAll(items), page, totalPages, total };
  }

  async latest(page: number, perPage?: number): Promise<ArticleListing> {
    return this.listing('all', 'Latest news', '', '/news', {}, page, perPage);
  }

  async byTerm(kind: ListKind, slug: string, page: number, perPage = this.deps.perPage): Promise<ArticleListing> {
    const { taxonomy } = this.deps.store;
    // Each site's sections and tags are its own (authors are shared): another site's slug is not here.
    const { siteId } = this.deps;
    const row = kind === 'section' ? await taxonomy.sectionBySlug(slug, siteId) : kind === 'tag' ? await taxonomy.tagBySlug(slug, siteId) : await taxonomy.authorBySlug(slug);
    if (!row) throw UnknownSlug(kind, slug);
    const id = Number(row.id);
    const filter: ArticleFilter = kind === 'section' ? { sectionId: id } : kind === 'tag' ? { tagId: id } : { authorId: id };
    const description = 'description' in row ? String(row.description) : 'bio' in row ? String(row.bio) : '';
    const [list, sponsorship] = await Promise.all([
      this.listing(kind, row.name, description, `/${kind}s/${row.slug}`, filter, page, perPage),
      kind === 'author' ? undefined : this.deps.store.sponsorships.ofTerm(kind, id),
    ]);
    if (!sponsorship) return list;
    // Checked against the clock at every render; `changesAt` ends cached copies at the next boundary.
    const now = this.deps.clock();
    if (now < sponsorship.startsAt) return { ...list, changesAt: sponsorship.startsAt };
    if (now < sponsorship.endsAt) return { ...list, sponsor: sponsorship.company, changesAt: sponsorship.endsAt };
    return list;
  }

  /**
   * The API's article list: this site's section and tag and the (shared) author named by slug, with
   * dates and status; undefined when a named one is not here.
   */
  async articlesBy(terms: { section?: string | undefined; tag?: string | undefined; author?: string | undefined }, filter: Pick<ArticleFilter, 'from' | 'to' | 'status'>, page: number, perPage: number): Promise<ArticleListing | undefined> {
    const { taxonomy } = this.deps.store;
    const { siteId } = this.deps;
    const [section, tag, author] = await Promise.all([
      terms.section ? taxonomy.sectionBySlug(terms.section, siteId) : undefined,
      terms.tag ? taxonomy.tagBySlug(terms.tag, siteId) : undefined,
      terms.author ? taxonomy.authorBySlug(terms.author) : undefined,
    ]);
    if ((terms.section && !section) || (terms.tag && !tag) || (terms.author && !author)) return undefined;
    const list = await this.listing(
      'all',
      'Articles',
      '',
      '/api/v1/articles',
      { ...(section ? { sectionId: Number(section.id) } : {}), ...(tag ? { tagId: Number(tag.id) } : {}), ...(author ? { authorId: Number(author.id) } : {}), ...filter },
      page,
      perPage,
    );
    // Another site's section or tag, with nothing of this site's in it, is not here (as its page).
    if (siteId !== undefined && list.total === 0 && [section, tag].some((t) => t && Number(t.site_id) !== siteId)) return undefined;
    return list;
  }

  async archive(year: number, month: number | undefined, page: number, perPage = this.deps.perPage): Promise<ArticleListing> {
    if (year < 1900 || year > 2200 || (month !== undefined && (month < 1 || month > 12))) {
      throw InvalidDateRange(month ? `${year}/${month}` : String(year));
    }
    const from = Date.UTC(year, (month ?? 1) - 1, 1);
    const to = month ? Date.UTC(year, month, 1) : Date.UTC(year + 1, 0, 1);
    const title = month ? formatMonth(year, month) : String(year);
    const path = month ? `/archive/${year}/${String(month).padStart(2, '0')}` : `/archive/${year}`;
    return this.listing('archive', `Archive: ${title}`, '', path, { from, to }, page, perPage);
  }

  /** What a feed carries for each listed article: body, authors, tags and a summary (one query each for the list). */
  async feedEntries(items: readonly ArticleSummary[]): Promise<FeedEntry[]> {
    const { store } = this.deps;
    const ids = items.map((a) => a.id);
    const [bodies, authors, tags] = await Promise.all([store.articles.bodiesByIds(ids), store.taxonomy.authorsOf(ids), store.taxonomy.tagsOf(ids)]);
    return items.map((a) => {
      const body = bodies.get(a.id) ?? { body: '', bodyFormat: 'html' as const };
      return {
        ...a,
        summary: a.standfirst.trim() || bodyOpening(body),
        bodyHtml: renderBody(body.body, body.bodyFormat, { sponsored: a.sponsor !== null }),
        authors: authors.get(a.id) ?? [],
        tags: (tags.get(a.id) ?? []).map((t) => this.placed('tags', t)),
      };
    });
  }

  async sections() {
    return this.deps.store.taxonomy.sections(this.deps.siteId);
  }

  /** The site's static pages (the footer's links and menus). */
  pages() {
    return this.deps.store.pages.all(this.deps.siteId);
  }

  /** A static page of the site by slug (a path, for imported child pages). */
  page(slug: string) {
    return this.deps.store.pages.bySlug(slug, this.deps.siteId);
  }

  /** Months that have published articles, newest first, with counts (the archive's index). */
  archiveMonths() {
    return this.deps.store.articles.archiveMonths(this.deps.siteId);
  }

  /** The company directory (shared by every site), by first letter (`#`: not a letter), a slice at a time. */
  companyDirectory(letter: string | undefined, limit: number, offset: number) {
    return this.deps.store.companies.list(letter, limit, offset);
  }

  /** How many articles the sitemaps list, and when the latest of them changed (the sitemap index). */
  async sitemapSize(): Promise<{ count: number; lastModified: number }> {
    const { articles } = this.deps.store;
    const { siteId } = this.deps;
    const [count, lastModified] = await Promise.all([
      this.totals.get(`sitemap count ${siteId}`, () => articles.countPublished(siteId)),
      this.totals.get(`sitemap latest ${siteId}`, () => articles.latestUpdate(siteId)),
    ]);
    return { count, lastModified };
  }

  /** Slugs and update times of published articles in id order, a chunk at a time (article sitemaps). */
  sitemapChunk(offset: number, limit: number) {
    return this.deps.store.articles.sitemapChunk(offset, limit, this.deps.siteId);
  }

  /** Editorial articles published since `since`, newest first (the news sitemap: Google News takes no sponsored content). */
  editorialSince(since: number, limit: number) {
    return this.deps.store.articles.publishedSince(since, limit, { editorialOnly: true, siteId: this.deps.siteId });
  }

  /** Where an old URL of the site leads now (301), or that it is gone (410); undefined: it never was. */
  redirectFrom(path: string) {
    return this.deps.store.redirects.find(path, this.deps.siteId);
  }

  /**
   * The responsive variants of library lead images, by article id (imported image URLs have none).
   * One query for the images of a whole list.
   */
  async leadImages(items: readonly { id: number; leadImageUrl: string | null }[]): Promise<Map<number, ResponsiveImage>> {
    const wanted = items.flatMap((a) => {
      const mediaId = a.leadImageUrl ? mediaIdOf(a.leadImageUrl) : undefined;
      return mediaId === undefined ? [] : [{ articleId: a.id, mediaId }];
    });
    const images = await this.deps.store.media.images(wanted.map((w) => w.mediaId));
    const out = new Map<number, ResponsiveImage>();
    for (const w of wanted) {
      const image = images.get(w.mediaId);
      const responsive = image && responsiveImage(image);
      if (responsive) out.set(w.articleId, responsive);
    }
    return out;
  }

  /**
   * Home: the top stories (with their lead images), then the latest of each section. The top
   * stories are the pinned lead (or else the newest), the pinned featured stories in order, then
   * the newest not shown yet; a pin whose story is no longer published is skipped silently.
   */
  async home(): Promise<{ latest: readonly ArticleSummary[]; images: ReadonlyMap<number, ResponsiveImage>; bySection: SectionBlock[] }> {
    const { perPage, homePins } = this.deps;
    const [newest, lead, featured] = await Promise.all([
      // The newest without a total (the front page has no pager): counting every published
      // article was 170–300 ms of a cache-off front page at a million.
      this.deps.store.articles.newestPublished(this.onSite({}), perPage + 1 + (homePins?.featured.length ?? 0), 0),
      this.pinned(homePins?.lead ? [homePins.lead] : []),
      this.pinned(homePins?.featured ?? []),
    ]);
    // Unpinned, the lead is the newest story that is not pinned below it.
    const fallbackLead = newest.filter((a) => !featured.some((f) => f.id === a.id)).slice(0, 1);
    const top = [...(lead.length ? lead : fallbackLead), ...featured, ...newest];
    const latest = { items: top.filter((a, i) => top.findIndex((b) => b.id === a.id) === i).slice(0, perPage) };
    // Each section block shows stories not already above it: asked for after the latest, or a
    // section whose newest stories are all in the latest (a small site, one day's import) showed
    // no block at all and left the page's main column empty.
    const perSection = await this.deps.store.articles.latestPerSection(SECTION_BLOCK_STORIES, this.deps.siteId, latest.items.map((a) => a.id));
    const blocks = sectionBlocks(perSection, this.deps.siteId);
    const bare = withoutStandfirst([latest.items[0], ...blocks.map((g) => g.items[0])]);
    // The section blocks show an image too: one query for every story on the page.
    const [images, bodies] = await Promise.all([this.leadImages([...latest.items, ...perSection]), bare.length ? this.deps.store.articles.bodiesByIds(bare) : new Map()]);
    const shown = (a: ArticleSummary) => withBodyOpening(a, bodies.get(a.id));
    return { latest: this.placedAll(latest.items.map(shown)), images, bySection: blocks.map((g) => ({ ...g, items: g.items.map(shown) })) };
  }

  /** An author's page: photo, bio and their articles, newest first; page 1 always exists, later pages must. */
  async author(slug: string, page: number, perPage = this.deps.perPage): Promise<AuthorProfile> {
    const row = await this.deps.store.authors.bySlug(slug);
    if (!row) throw UnknownSlug('author', slug);
    const [articles, photos] = await Promise.all([
      this.listing('author', row.name, row.bio, `/authors/${row.slug}`, { authorId: row.id }, page, perPage),
      this.authorPhotos([row]),
    ]);
    return { name: row.name, slug: row.slug, bio: row.bio, photo: photos.get(row.id) ?? null, articles };
  }

  /**
   * The photos of these authors (author id → picture), in two queries for any number: who has one,
   * then the images' variants. An image that is gone leaves its author without a photo. `known`:
   * who has one (author id → media id), when already read (an article page's `parts`).
   */
  private async authorPhotos(authors: readonly { id: number; name: string }[], known?: Map<number, number>): Promise<Map<number, AuthorPhoto>> {
    const { store } = this.deps;
    const mediaOf = known ?? (await store.authors.photosOf(authors.map((a) => a.id)));
    const [images, alts] = await Promise.all([store.media.images([...mediaOf.values()]), Promise.all([...mediaOf.values()].map((id) => store.media.byId(id)))]);
    const altOf = new Map(alts.flatMap((m) => (m ? [[m.id, m.alt] as const] : [])));
    const out = new Map<number, AuthorPhoto>();
    for (const a of authors) {
      const mediaId = mediaOf.get(a.id);
      const image = mediaId === undefined ? undefined : images.get(mediaId);
      const responsive = image && responsiveImage(image);
      if (responsive && mediaId !== undefined) out.set(a.id, { image: responsive, alt: altOf.get(mediaId) || a.name });
    }
    return out;
  }

  /**
   * The site's logo from the media library (the admin's `logoMedia` setting), at a width a
   * masthead needs; undefined when none is set or the image is gone (the title in type shows).
   */
  async siteLogo(mediaId: string): Promise<{ src: string; width: number; height: number } | undefined> {
    const m = mediaId ? await this.deps.store.media.byId(Number(mediaId)) : undefined;
    if (!m?.width) return undefined;
    const width = Math.min(m.width, SITE_LOGO_WIDTH);
    return { src: mediaUrl(m.id, width, m.format), width, height: Math.max(1, Math.round((m.height * width) / m.width)) };
  }

  /** Summaries of the published articles among these slugs, in the order given. */
  private async pinned(slugs: readonly string[]): Promise<ArticleSummary[]> {
    const rows = await Promise.all(slugs.map((slug) => this.deps.store.articles.findBySlug(slug)));
    return this.deps.store.articles.summariesByIds(
      rows.flatMap((r) => (r ? [Number(r.id)] : [])),
      this.deps.siteId,
    );
  }

  /** An article's page data; drafts and scheduled articles only when asked (private API use). */
  async article(slug: string, options: { includeUnpublished?: boolean } = {}): Promise<ArticlePage | undefined> {
    const { store, siteId, relatedCount } = this.deps;
    // The article, its section and stored body in one read (on PostgreSQL its other reads too, as
    // `parts`, except in one site's catalog: the related list is filtered by site).
    const page = await store.renders.page(slug, siteId === undefined ? relatedCount : undefined);
    if (!page) return undefined;
    const { article: row, section, stored, parts } = page;
    if (row.status !== 'published' && !options.includeUnpublished) return undefined;
    const id = Number(row.id);
    // Another site's article is not here, unless cross-published (then its page names its home).
    if (siteId !== undefined && Number(row.site_id) !== siteId && !(await store.articles.isOnSite(id, siteId))) return undefined;
    const sectionId = row.section_id === null ? undefined : Number(row.section_id);
    const [tags, authors, mentioned, related, images, sponsor] = await Promise.all([
      parts ? parts.tags : store.taxonomy.tagsOf([id]).then((m) => m.get(id) ?? []),
      parts ? parts.authors : store.taxonomy.authorsOf([id]).then((m) => m.get(id) ?? []),
      parts ? parts.companies : store.companies.companiesOf([id]).then((m) => m.get(id) ?? []),
      parts?.related ? { items: relatedItems(parts.related.entries, this.placedAll(parts.related.summaries)) } : parts ? this.latestInSection(id, sectionId, relatedCount, 0, false) : this.related(id, sectionId, relatedCount, 0, false),
      this.leadImages([{ id, leadImageUrl: row.lead_image_url }]),
      row.sponsor_company_id === null ? undefined : store.companies.byId(Number(row.sponsor_company_id)),
    ]);
    const body = await this.body(row, mentioned, sponsor !== undefined, stored);
    const article: ArticleDetail = {
      id,
      sourceId: row.source_id,
      slug: row.slug,
      headline: row.headline,
      standfirst: row.standfirst,
      bodyHtml: body.html,
      summary: body.summary,
      publishedAt: Number(row.published_at ?? row.updated_at),
      updatedAt: Number(row.updated_at),
      readTimeMinutes: body.readMinutes,
      section: section ? this.placed('sections', section) : null,
      tags: tags.map((t) => this.placed('tags', t)),
      authors,
      companies: mentioned,
      leadImage: row.lead_image_url
        ? { url: row.lead_image_url, alt: row.lead_image_alt ?? '', caption: row.lead_image_caption ?? '', credit: row.lead_image_credit ?? '', responsive: images.get(id) ?? null }
        : null,
      sponsor: sponsor ? { id: Number(sponsor.id), sourceId: sponsor.source_id, slug: sponsor.slug, name: sponsor.name } : null,
    };
    const photos = await this.authorPhotos(article.authors, parts?.authorPhotos);
    const bylines: Byline[] = article.authors.map((p) => ({ ...p, photo: photos.get(p.id) ?? null }));
    return { article, related: related.items, bylines, homeSiteId: Number(row.site_id), status: row.status };
  }

  /**
   * The body as the page shows it: the publish pipeline's stored rendering while the article's
   * inputs still give its key (always, unless the directory or the article's companies changed
   * and the backfill has not run since), else rendered now, the same way, to the same bytes.
   */
  private async body(row: Pick<ArticleRow, 'body' | 'body_format'>, mentioned: readonly CompanyRef[], sponsored: boolean, stored: StoredRender | undefined): Promise<RenderedBody> {
    if (stored && stored.renderKey === renderKey({ body: row.body, format: row.body_format, sponsored, companies: mentioned, directoryVersion: stored.directoryVersion })) {
      return { html: stored.html, summary: stored.summary, readMinutes: stored.readMinutes };
    }
    const linked = this.deps.linkCompanies && mentioned.length ? await this.deps.linkCompanies(row.body, row.body_format, mentioned) : row.body;
    return articleBody(row.body, linked, row.body_format, sponsored);
  }

  /**
   * Where each article is filed, by slug (section, tags, authors, companies) and when it was
   * published: what a change to it touches (the page cache's surrogate keys). An id no longer
   * stored is left out.
   */
  async placesOf(ids: readonly number[]): Promise<ArticlePlaces[]> {
    const { store } = this.deps;
    const [rows, tags, authors, companies] = await Promise.all([
      Promise.all(ids.map((id) => store.articles.findById(id))),
      store.taxonomy.tagsOf(ids),
      store.taxonomy.authorsOf(ids),
      store.companies.companiesOf(ids),
    ]);
    const sectionIds = [...new Set(rows.flatMap((r) => (r?.section_id == null ? [] : [Number(r.section_id)])))];
    const sections = await Promise.all(sectionIds.map((id) => store.taxonomy.sectionById(id)));
    const sectionSlug = new Map(sections.flatMap((s) => (s ? [[Number(s.id), s.slug] as const] : [])));
    return rows.flatMap((row) => {
      if (!row) return [];
      const id = Number(row.id);
      const slugs = (list: readonly { slug: string }[] | undefined) => (list ?? []).map((x) => x.slug);
      return [
        {
          id,
          section: row.section_id === null ? undefined : sectionSlug.get(Number(row.section_id)),
          tags: slugs(tags.get(id)),
          authors: slugs(authors.get(id)),
          companies: slugs(companies.get(id)),
          publishedAt: row.status === 'published' && row.published_at !== null ? Number(row.published_at) : null,
        },
      ];
    });
  }

  /** A company's profile: details, parent and brands, companies named alongside it, its articles (paged). */
  async company(slug: string, page: number, perPage = this.deps.perPage): Promise<CompanyProfile> {
    const { companies } = this.deps.store;
    const c = await companies.bySlug(slug);
    if (!c) throw UnknownSlug('company', slug);
    const id = Number(c.id);
    const { siteId } = this.deps;
    const [parent, brands, alongside, articles, logo, counts] = await Promise.all([
      c.parent_id === null ? undefined : companies.byId(Number(c.parent_id)),
      companies.children(id),
      companies.mentionedAlongside(id, 10),
      this.listing('company', c.name, c.description, `/companies/${c.slug}`, { companyId: id }, page, perPage),
      c.logo_media_id === null ? undefined : this.deps.store.media.byId(Number(c.logo_media_id)),
      siteId === undefined ? undefined : this.deps.store.sites.companyArticleCounts(id),
    ]);
    // The directory is shared: the profile says how much the sister titles have on the company.
    const elsewhere = counts ? [...counts].filter(([site, n]) => site !== siteId && n > 0).map(([site, count]) => ({ siteId: site, count })) : undefined;
    return {
      id,
      sourceId: c.source_id,
      slug: c.slug,
      ...companyFieldsOf(c),
      logoAlt: logo?.alt ?? `${c.name} logo`,
      parent: parent ? { id: Number(parent.id), sourceId: parent.source_id, slug: parent.slug, name: parent.name } : null,
      brands,
      alongside,
      articles,
      ...(elsewhere?.length ? { elsewhere } : {}),
    };
  }

  /**
   * Related articles: the stored list computed at publish time; until one exists, the latest of
   * the same section (so a page never computes relatedness on a view). With `withTotal` false
   * (the article page shows no pager) that section is not counted for `total`.
   */
  async related(articleId: number, sectionId: number | undefined, limit: number, offset: number, withTotal = true): Promise<{ items: RelatedItem[]; total: number }> {
    const { store, siteId } = this.deps;
    const computed = await store.related.get(articleId);
    // The lists are ranked over every site; a site shows only its own articles from them.
    const stored = computed && siteId !== undefined ? await this.onlyThisSite(computed, siteId) : computed;
    if (stored) {
      const slice = stored.slice(offset, offset + limit);
      const summaries = await store.articles.summariesByIds(slice.map((s) => s.relatedId), siteId);
      return { items: relatedItems(slice, this.placedAll(summaries)), total: stored.length };
    }
    return this.latestInSection(articleId, sectionId, limit, offset, withTotal);
  }

  /** An article's related list when none is stored: the newest in its section. */
  private async latestInSection(articleId: number, sectionId: number | undefined, limit: number, offset: number, withTotal: boolean): Promise<{ items: RelatedItem[]; total: number }> {
    const { store } = this.deps;
    if (sectionId === undefined) return { items: [], total: 0 };
    // No list yet (imported with --no-related, before `related --rebuild`): the section's latest.
    const filter = this.onSite({ sectionId });
    const latest = withTotal ? await store.articles.listPublished(filter, limit + 1, offset) : { items: await store.articles.newestPublished(filter, limit + 1, offset), total: 0 };
    const items = this.placedAll(latest.items)
      .filter((a) => a.id !== articleId)
      .slice(0, limit)
      .map((article) => ({ article, score: 0, why: { reason: 'latest in section' } }));
    return { items, total: Math.max(0, latest.total - 1) };
  }

  /**
   * A published article of this site (by slug) and a page of its related articles; undefined when
   * it is not published here.
   */
  async relatedTo(slug: string, limit: number, offset: number): Promise<{ article: { id: number; slug: string; headline: string }; items: RelatedItem[]; total: number } | undefined> {
    const { store, siteId } = this.deps;
    const row = await store.articles.findBySlug(slug);
    if (row?.status !== 'published' || (siteId !== undefined && !(await store.articles.isOnSite(Number(row.id), siteId)))) return undefined;
    const id = Number(row.id);
    const { items, total } = await this.related(id, row.section_id === null ? undefined : Number(row.section_id), limit, offset);
    return { article: { id, slug: row.slug, headline: row.headline }, items, total };
  }

  /** The entries of a stored related list that are on this site. */
  private async onlyThisSite<T extends { relatedId: number }>(list: readonly T[], siteId: number): Promise<T[]> {
    const here = new Set((await this.deps.store.articles.summariesByIds(list.map((s) => s.relatedId), siteId)).map((a) => a.id));
    return list.filter((s) => here.has(s.relatedId));
  }
}
