import { type Static, Type } from '@sinclair/typebox';

export const ErrorEnvelope = Type.Object(
  { statusCode: Type.Integer(), code: Type.String(), error: Type.String(), message: Type.String() },
  { $id: 'Error', description: 'Every API error has this shape.' },
);

const Named = Type.Object({ slug: Type.String(), name: Type.String() });

/** The company that paid for an article (sponsored content); null for editorial content. */
export const SponsorSchema = Type.Union(
  [Type.Object({ slug: Type.String(), name: Type.String(), url: Type.String({ description: 'The company page' }), label: Type.String({ description: '"Sponsored by <Company>": show it with the article' }) }), Type.Null()],
  { description: 'The company that paid for the article, or null' },
);

/** An article's sponsor as the API gives it, with the label to show beside the article. */
export function sponsorJson(siteUrl: string, sponsor: { slug: string; name: string } | null): Static<typeof SponsorSchema> {
  return sponsor ? { slug: sponsor.slug, name: sponsor.name, url: `${siteUrl}/companies/${sponsor.slug}`, label: `Sponsored by ${sponsor.name}` } : null;
}

export const ArticleSummarySchema = Type.Object({
  id: Type.Integer({ description: "Masthead's own id" }),
  sourceId: Type.Union([Type.String(), Type.Null()], { description: 'The id the article was imported with' }),
  slug: Type.String(),
  title: Type.String(),
  standfirst: Type.String(),
  date: Type.String({ format: 'date-time' }),
  updated: Type.String({ format: 'date-time' }),
  url: Type.String(),
  section: Type.Union([Named, Type.Null()]),
  sponsor: SponsorSchema,
});

export const ArticleListSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pages: Type.Integer(),
  articles: Type.Array(ArticleSummarySchema),
});

export const ArticleDetailSchema = Type.Object({
  ...ArticleSummarySchema.properties,
  bodyHtml: Type.String(),
  readTimeMinutes: Type.Integer(),
  tags: Type.Array(Named),
  authors: Type.Array(Named),
  companies: Type.Array(Type.Object({ id: Type.Integer(), sourceId: Type.Union([Type.String(), Type.Null()]), slug: Type.String(), name: Type.String() })),
  leadImage: Type.Union([Type.Object({ url: Type.String(), alt: Type.String(), caption: Type.String(), credit: Type.String() }), Type.Null()]),
  /** Only in answers to a request with an API key, which may read unpublished articles. */
  status: Type.Optional(Type.Union([Type.Literal('published'), Type.Literal('scheduled'), Type.Literal('draft')])),
});

export const SectionListSchema = Type.Object({
  sections: Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), description: Type.String(), articles: Type.Integer() })),
});

/** A scored article as search hits and related lists give it; each adds what explains its score. */
const scoredArticle = {
  id: Type.Integer(),
  sourceId: Type.Union([Type.String(), Type.Null()]),
  slug: Type.String(),
  title: Type.String(),
  date: Type.String({ format: 'date-time' }),
  score: Type.Number(),
};

export const SearchResponseSchema = Type.Object({
  total: Type.Integer(),
  hits: Type.Array(Type.Object({ ...scoredArticle, snippet: Type.String() })),
});

export const RelatedResponseSchema = Type.Array(Type.Object({ ...scoredArticle, why: Type.Record(Type.String(), Type.Unknown()) }));

export const HealthSchema = Type.Object({ status: Type.Literal('ok'), database: Type.String(), articles: Type.Integer(), uptimeSeconds: Type.Number() });

/** `/readyz`: each check `ok`, or what is wrong with it. */
export const ReadinessSchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unready')]),
  checks: Type.Object({ database: Type.String(), migrations: Type.String() }),
});

const CompanyRefSchema = Type.Object({ id: Type.Integer(), sourceId: Type.Union([Type.String(), Type.Null()]), slug: Type.String(), name: Type.String() });

export const CompanyListSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pages: Type.Integer(),
  companies: Type.Array(
    Type.Object({
      ...CompanyRefSchema.properties,
      sector: Type.Union([Type.String(), Type.Null()]),
      country: Type.Union([Type.String(), Type.Null()]),
      articles: Type.Integer({ description: 'Published articles that mention it' }),
      url: Type.String(),
    }),
  ),
});

export const CompanyProfileSchema = Type.Object({
  ...CompanyRefSchema.properties,
  url: Type.String(),
  aliases: Type.Array(Type.String()),
  website: Type.Union([Type.String(), Type.Null()]),
  country: Type.Union([Type.String(), Type.Null()]),
  sector: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  logo: Type.Union([Type.String(), Type.Null()]),
  parent: Type.Union([CompanyRefSchema, Type.Null()]),
  brands: Type.Array(CompanyRefSchema),
  mentionedWith: Type.Array(Type.Object({ ...CompanyRefSchema.properties, together: Type.Integer() })),
  articles: ArticleListSchema,
});
