import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { normalizeImportedBody } from '../content/index.ts';
import type { ArticleInput } from '../publish/index.ts';

const StringList = Type.Array(Type.String(), { maxItems: 200 });

/** One line of article JSONL (PRODUCT.md): only `title` and `body` are required. */
export const ArticleRecord = Type.Object(
  {
    id: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Null()])),
    title: Type.String({ maxLength: 500 }),
    standfirst: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    body: Type.String(),
    date: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    /** When the source last changed the article (sitemap `lastmod`); the date when absent. */
    updated: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    section: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    tags: Type.Optional(StringList),
    authors: Type.Optional(StringList),
    categories: Type.Optional(StringList),
    companies: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number()]))),
    /** The sponsoring company's directory id or slug (sponsored content); the directory must know it. */
    sponsor: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Null()])),
  },
  { additionalProperties: true },
);
export type ArticleRecord = Static<typeof ArticleRecord>;

/** Why a record cannot be imported, in words an editor can act on; undefined when it can. */
export function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  if (!Value.Check(ArticleRecord, value)) {
    const first = Value.Errors(ArticleRecord, value).First();
    const field = first?.path.replace(/^\//, '') || 'record';
    return `${field}: ${first?.message ?? 'invalid'}`;
  }
  const r = value as ArticleRecord;
  if (!r.title.trim()) return 'title is empty';
  if (!r.body.trim()) return 'body is empty';
  if (r.date && Number.isNaN(Date.parse(r.date))) return `date is not a date: ${JSON.stringify(r.date.slice(0, 40))}`;
  if (r.updated && Number.isNaN(Date.parse(r.updated))) return `updated is not a date: ${JSON.stringify(r.updated.slice(0, 40))}`;
  return undefined;
}

/**
 * Maps a valid record to the pipeline's input. Without a section, the first category is the
 * section; without a date, `importRecords` refuses it or gives it the operator's default date.
 */
export function toArticleInput(r: ArticleRecord, rawLine: string): ArticleInput {
  const { body, format } = normalizeImportedBody(r.body);
  const section = r.section?.trim() || r.categories?.[0] || null;
  return {
    sourceId: r.id === undefined || r.id === null || r.id === '' ? null : String(r.id),
    headline: r.title.replace(/\s+/g, ' ').trim(),
    standfirst: (r.standfirst ?? '').trim(),
    body,
    bodyFormat: format,
    status: 'published',
    ...(r.date ? { publishedAt: Date.parse(r.date) } : {}),
    ...(r.updated ? { modifiedAt: Date.parse(r.updated) } : {}),
    section,
    tags: r.tags ?? [],
    authors: r.authors ?? [],
    sourceText: rawLine,
    sponsor: r.sponsor === undefined || r.sponsor === null || r.sponsor === '' ? null : { directoryIdOrSlug: String(r.sponsor) },
  };
}
