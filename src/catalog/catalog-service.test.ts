import { describe, expect, it } from 'vitest';
import type { ArticleSummary } from '../store/index.ts';
import { type CatalogDeps, CatalogService } from './catalog-service.ts';

/** Plain fakes of the repositories the catalog reads (no database): what a test does not set is not read. */
function catalog(repos: Record<string, object>, siteId?: number): CatalogService {
  // One content version throughout, unless the test brings its own.
  const store = { state: { contentVersion: async () => 1 }, ...repos } as unknown as CatalogDeps['store'];
  return new CatalogService({ store, perPage: 10, relatedCount: 3, clock: () => 0 }).forSite(siteId);
}

const summary = (id: number) => ({ id, slug: `a-${id}`, headline: `A ${id}` }) as unknown as ArticleSummary;
const article = { id: 7, slug: 'seven', headline: 'Seven', status: 'published', site_id: 1, section_id: null };

describe('CatalogService.relatedTo', () => {
  const repos = (onSite: boolean, status = 'published') => ({
    articles: {
      findBySlug: async (slug: string) => (slug === 'seven' ? { ...article, status } : undefined),
      isOnSite: async () => onSite,
      summariesByIds: async (ids: number[]) => ids.map(summary),
    },
    related: { get: async () => [8, 9, 10].map((relatedId) => ({ relatedId, score: 0.5, why: {} })) },
  });

  it('gives the article and a page of its stored related list', async () => {
    const found = await catalog(repos(true)).relatedTo('seven', 2, 1);
    expect(found?.article).toEqual({ id: 7, slug: 'seven', headline: 'Seven' });
    expect(found?.items.map((i) => i.article.id)).toEqual([9, 10]);
    expect(found?.total).toBe(3);
  });

  it('knows no unpublished article, no unknown slug, and no article that is not on the site', async () => {
    expect(await catalog(repos(true, 'draft')).relatedTo('seven', 2, 0)).toBeUndefined();
    expect(await catalog(repos(true)).relatedTo('eight', 2, 0)).toBeUndefined();
    expect(await catalog(repos(false), 2).relatedTo('seven', 2, 0)).toBeUndefined();
    expect(await catalog(repos(true), 2).relatedTo('seven', 2, 0)).toBeDefined();
  });
});

describe('CatalogService.related without a stored list (imported --no-related)', () => {
  const counted: string[] = [];
  const repos = {
    articles: {
      listPublished: async (_filter: object, limit: number) => {
        counted.push('listPublished');
        return { total: 40, items: [7, 8, 9, 10, 11].slice(0, limit).map(summary) };
      },
      newestPublished: async (_filter: object, limit: number) => [7, 8, 9, 10, 11].slice(0, limit).map(summary),
    },
    related: { get: async () => undefined },
  };

  it("shows the section's latest, counting them only where a pager needs the total", async () => {
    const page = await catalog(repos).related(7, 3, 3, 0, false);
    expect(page.items.map((i) => [i.article.id, i.why.reason])).toEqual([
      [8, 'latest in section'],
      [9, 'latest in section'],
      [10, 'latest in section'],
    ]);
    expect(counted).toEqual([]);
    expect((await catalog(repos).related(7, 3, 3, 0)).total).toBe(39);
    expect(counted).toEqual(['listPublished']);
  });
});

describe('CatalogService.articlesBy', () => {
  const asked: { filter: object; limit: number; offset: number }[] = [];
  const repos = {
    taxonomy: {
      sectionBySlug: async (slug: string, siteId: number | undefined) => (slug === 'ports' ? { id: 4, site_id: siteId ?? 1 } : undefined),
      tagBySlug: async () => undefined,
      authorBySlug: async (slug: string) => (slug === 'ann' ? { id: 5 } : undefined),
    },
    articles: {
      countListed: async () => 6,
      newestPublished: async (filter: object, limit: number, offset: number) => {
        asked.push({ filter, limit, offset });
        return [summary(1)];
      },
    },
  };

  it("filters by the site's section and the author named by slug, with the dates and status given", async () => {
    asked.length = 0;
    const list = await catalog(repos, 2).articlesBy({ section: 'ports', author: 'ann' }, { from: 10, to: 20, status: 'draft' }, 2, 5);
    expect(list?.items.map((a) => a.id)).toEqual([1]);
    expect(asked).toEqual([{ filter: { sectionId: 4, authorId: 5, from: 10, to: 20, status: 'draft', siteId: 2 }, limit: 5, offset: 5 }]);
  });

  it('is undefined when a term it names is not there', async () => {
    expect(await catalog(repos).articlesBy({ tag: 'none' }, {}, 1, 5)).toBeUndefined();
    expect(await catalog(repos).articlesBy({ author: 'bob' }, {}, 1, 5)).toBeUndefined();
  });
});

describe("CatalogService's list totals", () => {
  it('counts once per content version and filter, and again after a change', async () => {
    let version = 3;
    const counted: object[] = [];
    const repos = {
      state: { contentVersion: async () => version },
      articles: {
        countListed: async (filter: object) => {
          counted.push(filter);
          return 25;
        },
        newestPublished: async () => [summary(1)],
        countPublished: async () => 25,
        latestUpdate: async () => {
          counted.push({ latest: version });
          return 99;
        },
      },
    };
    const root = catalog(repos);
    expect((await root.latest(2)).totalPages).toBe(3);
    await root.latest(3);
    await root.forSite(2).latest(1);
    await root.sitemapSize();
    await root.sitemapSize();
    expect(counted).toEqual([{}, { siteId: 2 }, { latest: 3 }]);
    version = 4;
    expect((await root.latest(1)).total).toBe(25);
    await root.sitemapSize();
    expect(counted).toEqual([{}, { siteId: 2 }, { latest: 3 }, {}, { latest: 4 }]);
  });
});

describe("CatalogService's sitemap, archive and page reads", () => {
  it("read the catalog's own site (none: every site's)", async () => {
    const sites: unknown[] = [];
    const seen =
      <T>(value: T) =>
      async (...args: unknown[]) => {
        sites.push(args.at(-1));
        return value;
      };
    const repos = {
      articles: { countPublished: seen(12), latestUpdate: seen(99), archiveMonths: seen([]), sitemapChunk: seen([]), publishedSince: seen([]) },
      pages: { bySlug: seen(undefined) },
    };
    const own = catalog(repos, 3);
    expect(await own.sitemapSize()).toEqual({ count: 12, lastModified: 99 });
    await own.archiveMonths();
    await own.sitemapChunk(0, 10);
    await own.page('about');
    await own.editorialSince(5, 10);
    expect(sites).toEqual([3, 3, 3, 3, 3, { editorialOnly: true, siteId: 3 }]);
    sites.length = 0;
    await catalog(repos).sitemapSize();
    expect(sites).toEqual([undefined, undefined]);
  });
});
