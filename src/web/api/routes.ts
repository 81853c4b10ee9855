import { type Static, Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ApiKeyRequired } from '../../admin/index.ts';
import type { ArticleSummary } from '../../catalog/index.ts';
import { NotFound } from '../../lib/errors.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import {
  ArticleDetailSchema,
  ArticleListSchema,
  type ArticleSummarySchema,
  CompanyListSchema,
  CompanyProfileSchema,
  ErrorEnvelope,
  RelatedResponseSchema,
  SectionListSchema,
  sponsorJson,
} from './schemas.ts';
import { registerSearchRoutes } from './search-routes.ts';

const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 404: ErrorEnvelope, 429: ErrorEnvelope };

function summaryJson(siteUrl: string, a: ArticleSummary): Static<typeof ArticleSummarySchema> {
  return {
    id: a.id,
    sourceId: a.sourceId,
    slug: a.slug,
    title: a.headline,
    standfirst: a.standfirst,
    date: new Date(a.publishedAt).toISOString(),
    updated: new Date(a.updatedAt).toISOString(),
    url: `${siteUrl}/news/${a.slug}`,
    section: a.section,
    sponsor: sponsorJson(siteUrl, a.sponsor),
  };
}

const ListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  section: Type.Optional(Type.String({ maxLength: 200 })),
  tag: Type.Optional(Type.String({ maxLength: 200 })),
  author: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Inclusive' })),
  status: Type.Optional(
    Type.Union([Type.Literal('published'), Type.Literal('scheduled'), Type.Literal('draft')], { description: 'scheduled and draft need an API key', default: 'published' }),
  ),
});

const DAY = 86_400_000;

/** The read-only content API, `/api/v1`: every route declares its schemas (they make the OpenAPI document). */
export function registerApiRoutes(app: TypedApp, web: WebContext): void {
  // The request's site: its own URL in links, its own articles in every list.
  const site = (req: FastifyRequest) => web.site(req).url;

  app.get('/api/v1/articles', { schema: { tags: ['articles'], querystring: ListQuery, response: { 200: ArticleListSchema, ...errors } } }, async (req) => {
    const q = req.query;
    if (q.status && q.status !== 'published' && !req.apiKey) throw ApiKeyRequired(`Listing ${q.status} articles`);
    const list = await web.catalog(req).articlesBy(
      { section: q.section, tag: q.tag, author: q.author },
      { ...(q.from ? { from: Date.parse(q.from) } : {}), ...(q.to ? { to: Date.parse(q.to) + DAY } : {}), ...(q.status ? { status: q.status } : {}) },
      q.page,
      q.limit,
    );
    if (!list) throw NotFound('Section, tag or author');
    return { total: list.total, page: list.page, pages: list.totalPages, articles: list.items.map((a) => summaryJson(site(req), a)) };
  });

  app.get(
    '/api/v1/articles/:slug',
    { schema: { tags: ['articles'], params: Type.Object({ slug: Type.String({ maxLength: 200 }) }), response: { 200: ArticleDetailSchema, ...errors } } },
    async (req) => {
      const { slug } = req.params;
      // With a key, drafts and scheduled articles too (previews in apps and newsletters), and their status.
      const data = await web.catalog(req).article(slug, { includeUnpublished: Boolean(req.apiKey) });
      if (!data) throw NotFound(`Article "${slug}"`);
      const a = data.article;
      return {
        ...(req.apiKey && data.status ? { status: data.status } : {}),
        ...summaryJson(site(req), { ...a, headline: a.headline, leadImageUrl: a.leadImage?.url ?? null, leadImageAlt: a.leadImage?.alt ?? null, section: a.section }),
        bodyHtml: a.bodyHtml,
        readTimeMinutes: a.readTimeMinutes,
        tags: a.tags.map(({ slug, name }) => ({ slug, name })),
        authors: a.authors.map(({ slug, name }) => ({ slug, name })),
        companies: [...a.companies],
        leadImage: a.leadImage,
      };
    },
  );

  app.get(
    '/api/v1/articles/:slug/related',
    { schema: { tags: ['articles'], params: Type.Object({ slug: Type.String({ maxLength: 200 }) }), response: { 200: RelatedResponseSchema, ...errors } } },
    async (req) => {
      const { slug } = req.params;
      const found = await web.catalog(req).relatedTo(slug, web.deps.settings.current.relatedCount, 0);
      if (!found) throw NotFound(`Article "${slug}"`);
      return found.items.map((r) => ({ id: r.article.id, sourceId: r.article.sourceId, slug: r.article.slug, title: r.article.headline, date: new Date(r.article.publishedAt).toISOString(), score: r.score, why: r.why }));
    },
  );

  const CompaniesQuery = Type.Object({
    page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    letter: Type.Optional(Type.String({ pattern: '^([a-z]|#)$' })),
  });
  app.get('/api/v1/companies', { schema: { tags: ['companies'], querystring: CompaniesQuery, response: { 200: CompanyListSchema, ...errors } } }, async (req) => {
    const q = req.query;
    const { total, items } = await web.catalog(req).companyDirectory(q.letter, q.limit, (q.page - 1) * q.limit);
    const pages = Math.max(1, Math.ceil(total / q.limit));
    if (q.page > pages) throw NotFound(`Page ${q.page}`);
    return {
      total,
      page: q.page,
      pages,
      companies: items.map((c) => ({ id: c.id, sourceId: c.source_id, slug: c.slug, name: c.name, sector: c.sector, country: c.country, articles: c.articles, url: `${site(req)}/companies/${c.slug}` })),
    };
  });

  app.get(
    '/api/v1/companies/:slug',
    { schema: { tags: ['companies'], params: Type.Object({ slug: Type.String({ maxLength: 200 }) }), querystring: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }) }), response: { 200: CompanyProfileSchema, ...errors } } },
    async (req) => {
      const { slug } = req.params;
      const { page } = req.query;
      const c = await web.catalog(req).company(slug, page);
      return {
        id: c.id,
        sourceId: c.sourceId,
        slug: c.slug,
        name: c.name,
        url: `${site(req)}/companies/${c.slug}`,
        aliases: [...c.aliases],
        website: c.website,
        country: c.country,
        sector: c.sector,
        description: c.description,
        logo: c.logoUrl,
        parent: c.parent,
        brands: [...c.brands],
        mentionedWith: [...c.alongside],
        articles: { total: c.articles.total, page: c.articles.page, pages: c.articles.totalPages, articles: c.articles.items.map((a) => summaryJson(site(req), a)) },
      };
    },
  );

  app.get('/api/v1/sections', { schema: { tags: ['taxonomy'], response: { 200: SectionListSchema } } }, async (req) => ({
    sections: (await web.catalog(req).sections()).map((s) => ({ slug: s.slug, name: s.name, description: s.description, articles: s.count })),
  }));

  registerSearchRoutes(app, web);
}
