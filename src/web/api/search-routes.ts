import { type Static, Type } from '@sinclair/typebox';
import { searchResultJson } from '../../search/index.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { ErrorEnvelope, SponsorSchema, sponsorJson } from './schemas.ts';

const DAY = 86_400_000;
const slug = (description: string) => Type.Optional(Type.String({ maxLength: 200, description }));
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const SearchApiQuery = Type.Object({
  q: Type.String({ maxLength: 10_000, description: 'Words (all must match), "quoted phrases", -exclusions. Any text is accepted.' }),
  page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  section: slug('Section slug'),
  company: slug('Company slug: articles that mention it'),
  tag: slug('Tag slug'),
  author: slug('Author slug'),
  sort: Type.Union([Type.Literal('relevance'), Type.Literal('date')], { default: 'relevance' }),
  from: Type.Optional(Type.String({ format: 'date', description: 'Published on or after' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Published on or before (inclusive)' })),
  correct: Type.Boolean({ default: true, description: 'Correct words no article contains to the nearest frequent word' }),
});

const FacetList = Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), count: Type.Integer() }), { description: 'Top 10 over the whole match set, most first' });

export const SearchApiResponse = Type.Object({
  total: Type.Integer(),
  hits: Type.Array(
    Type.Object({
      id: Type.Integer({ description: "Masthead's own id" }),
      sourceId: Type.Union([Type.String(), Type.Null()], { description: 'The id the article was imported with' }),
      slug: Type.String(),
      title: Type.String(),
      date: Type.String({ format: 'date-time' }),
      score: Type.Number({ description: 'Higher is better' }),
      snippet: Type.String({ description: 'A passage of the body around the matches, plain text' }),
      sponsor: SponsorSchema,
    }),
  ),
  correctedQuery: Type.Optional(Type.String({ description: 'Present when unknown words were corrected: the query that was searched' })),
  totalEstimated: Type.Optional(Type.Boolean({ description: 'Present (true) when the match set was too large to count: total and facet counts are estimates ("about")' })),
  facetsEstimated: Type.Optional(
    Type.Boolean({ description: 'Present (true) when facet counts are estimates ("about"), counted over the newest matches and scaled: with totalEstimated, and for a common single word whose total is exact' }),
  ),
  facets: Type.Object({ sections: FacetList, companies: FacetList }),
});

const SuggestQuery = Type.Object({ q: Type.String({ maxLength: 10_000, description: 'What has been typed so far; the last word is a prefix' }) });

export const SuggestResponse = Type.Object({
  articles: Type.Array(
    Type.Object({
      id: Type.Integer(),
      sourceId: NullableString,
      slug: Type.String(),
      title: Type.String(),
      date: Type.String({ format: 'date-time' }),
      url: Type.String(),
    }),
    { description: 'Up to 8 headlines with every typed word, newest first' },
  ),
  companies: Type.Array(Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String(), url: Type.String() }), {
    description: 'Up to 5 companies whose name or an alias starts with the typed text',
  }),
});

/** `/api/v1/search` and `/api/v1/suggest`: declarations, each handler one service call. */
export function registerSearchRoutes(app: TypedApp, web: WebContext): void {
  const { search } = web.deps;
  // The vocabulary, facet columns and company names load in the background as the server starts.
  app.addHook('onReady', async () => search.warm());

  app.get(
    '/api/v1/search',
    { schema: { tags: ['search'], querystring: SearchApiQuery, response: { 200: SearchApiResponse, 400: ErrorEnvelope } } },
    async (req): Promise<Static<typeof SearchApiResponse>> => {
      const q = req.query;
      const outcome = await search.search({
        q: q.q,
        limit: q.limit,
        page: q.page,
        sort: q.sort,
        facets: true,
        estimate: true,
        correct: q.correct,
        ...(q.section ? { section: q.section } : {}),
        ...(q.company ? { company: q.company } : {}),
        ...(q.tag ? { tag: q.tag } : {}),
        ...(q.author ? { author: q.author } : {}),
        ...(q.from ? { from: Date.parse(q.from) } : {}),
        ...(q.to ? { to: Date.parse(q.to) + DAY } : {}),
        siteId: web.siteIdOf(req),
      });
      const site = web.site(req).url;
      const facets = outcome.facets ?? { sections: [], companies: [] };
      const result = searchResultJson(outcome);
      return {
        total: result.total,
        hits: result.hits.map((h, i) => ({ ...h, sponsor: sponsorJson(site, outcome.hits[i]!.article.sponsor) })),
        ...(outcome.correctedQuery ? { correctedQuery: outcome.correctedQuery } : {}),
        ...(outcome.estimated ? { totalEstimated: true } : {}),
        ...(outcome.facetsEstimated ? { facetsEstimated: true } : {}),
        facets: { sections: [...facets.sections], companies: [...facets.companies] },
      };
    },
  );

  app.get(
    '/api/v1/suggest',
    { schema: { tags: ['search'], querystring: SuggestQuery, response: { 200: SuggestResponse, 400: ErrorEnvelope } } },
    async (req): Promise<Static<typeof SuggestResponse>> => {
      const { q } = req.query;
      const s = await search.suggest(q, web.siteIdOf(req));
      const site = web.site(req).url;
      return {
        articles: s.articles.map((a) => ({ id: a.id, sourceId: a.sourceId, slug: a.slug, title: a.headline, date: new Date(a.publishedAt).toISOString(), url: `${site}/news/${a.slug}` })),
        companies: s.companies.map((c) => ({ id: c.id, slug: c.slug, name: c.name, url: `${site}/companies/${c.slug}` })),
      };
    },
  );
}
