import { type Kysely, sql } from 'kysely';
import type { ArticleSummary } from './article-repository.ts';
import type { CompanyRef } from './company-repository.ts';
import type { DialectKind } from './dialect-kind.ts';
import { chunks } from './id-chunks.ts';
import { insertRows } from './insert-rows.ts';
import { postgresArticlePage } from './postgres/postgres-article-page.ts';
import { preparedRead } from './prepared-read.ts';
import type { StoredRelated } from './related-repository.ts';
import type { ArticleRendersTable, ArticleRow, Database } from './schema.ts';
import type { Named, Term } from './taxonomy-repository.ts';

/** An article's stored rendering, and the directory version now (half of what decides whether it is current). */
export interface StoredRender {
  readonly renderKey: string;
  readonly html: string;
  readonly summary: string;
  readonly readMinutes: number;
  readonly directoryVersion: number;
}

// An article page's read, compiled once (see prepared-read.ts). The directory version rides along:
// one statement instead of two.
const renderRead = preparedRead((db, articleId: number) =>
  db
    .selectFrom('article_renders')
    .select(['render_key', 'html', 'summary', 'read_minutes'])
    .select(sql<string | null>`(select value from site_state where key = 'directory_version')`.as('directory_version'))
    .where('article_id', '=', articleId),
);

/** What an article page reads first, in one statement: the article, its section, its stored rendering. */
export interface ArticlePageRow {
  /** Every column but `source_text` (an import's original, kilobytes a page never shows). */
  readonly article: Omit<ArticleRow, 'source_text'>;
  readonly section: { readonly id: number; readonly slug: string; readonly name: string; readonly siteId: number } | undefined;
  readonly stored: StoredRender | undefined;
  /**
   * The rest of what the page reads, when the engine reads it in the same statement (PostgreSQL:
   * one round trip instead of six); absent, the caller reads each part itself (SQLite, whose
   * in-process statements cost less than building and parsing JSON).
   */
  readonly parts?: PageParts;
}

/** An article page's other reads, as their own repositories give them (for one article). */
export interface PageParts {
  readonly tags: Term[];
  readonly authors: Named[];
  /** Author id to photo media id, for the authors that have a photo (`AuthorRepository.photosOf`). */
  readonly authorPhotos: Map<number, number>;
  readonly companies: CompanyRef[];
  /**
   * The stored related list's first entries (as many as asked for), and the summaries of those
   * that are published, in list order (`ArticleRepository.summariesByIds`); undefined: no list.
   */
  readonly related: { readonly entries: StoredRelated[]; readonly summaries: ArticleSummary[] } | undefined;
}

/** The article page's first row: the article (not `source_text`), its stored rendering and section, the directory version. */
export type PageArticleRow = Omit<ArticleRow, 'source_text'> & {
  readonly render_key: string | null;
  readonly render_html: string | null;
  readonly render_summary: string | null;
  readonly render_read_minutes: number | null;
  readonly section_slug: string | null;
  readonly section_name: string | null;
  readonly section_site_id: number | null;
  readonly directory_version: string | null;
};

const PAGE_ARTICLE_COLUMNS = [
  'a.id',
  'a.source_id',
  'a.slug',
  'a.headline',
  'a.standfirst',
  'a.body',
  'a.body_format',
  'a.status',
  'a.section_id',
  'a.published_at',
  'a.created_at',
  'a.updated_at',
  'a.word_count',
  'a.lead_image_url',
  'a.lead_image_alt',
  'a.lead_image_caption',
  'a.lead_image_credit',
  'a.sponsor_company_id',
  'a.site_id',
] as const;

// The article by slug with its section and stored rendering (and the directory version): three
// reads an uncached page made one after another, now one statement compiled once.
const pageRead = preparedRead((db, slug: string) =>
  db
    .selectFrom('articles as a')
    .leftJoin('article_renders as r', 'r.article_id', 'a.id')
    .leftJoin('sections as s', 's.id', 'a.section_id')
    .select(PAGE_ARTICLE_COLUMNS)
    .select(['r.render_key', 'r.html as render_html', 'r.summary as render_summary', 'r.read_minutes as render_read_minutes'])
    .select(['s.slug as section_slug', 's.name as section_name', 's.site_id as section_site_id'])
    .select(sql<string | null>`(select value from site_state where key = 'directory_version')`.as('directory_version'))
    .where('a.slug', '=', slug),
);

/** Article bodies as their pages show them, written by the publish pipeline (migration 0044). */
export class ArticleRenderRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DialectKind = 'sqlite',
  ) {}

  async get(articleId: number): Promise<StoredRender | undefined> {
    const row = (await renderRead(this.db, articleId))[0];
    if (!row) return undefined;
    return { renderKey: row.render_key, html: row.html, summary: row.summary, readMinutes: Number(row.read_minutes), directoryVersion: Number(row.directory_version ?? 0) };
  }

  /**
   * An article by slug, with what its page reads alongside it (see `ArticlePageRow`).
   * `relatedLimit`: ask for the page's other reads too (`parts`), with this many related entries.
   */
  async page(slug: string, relatedLimit?: number): Promise<ArticlePageRow | undefined> {
    if (relatedLimit !== undefined && this.kind === 'postgres') {
      const found = await postgresArticlePage(this.db, slug, relatedLimit);
      return found && { ...pageOf(found.row), parts: found.parts };
    }
    const row: PageArticleRow | undefined = (await pageRead(this.db, slug))[0];
    return row && pageOf(row);
  }

  /** The stored keys of these articles (those with a rendering). */
  async keys(articleIds: readonly number[]): Promise<Map<number, string>> {
    if (articleIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('article_renders').select(['article_id', 'render_key']).where('article_id', 'in', articleIds).execute();
    return new Map(rows.map((r) => [Number(r.article_id), r.render_key]));
  }

  /** Replaces these articles' renderings: one delete and multi-row inserts. */
  async put(rows: readonly ArticleRendersTable[]): Promise<void> {
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.article_id);
    for (const part of chunks(ids)) await this.db.deleteFrom('article_renders').where('article_id', 'in', part).execute();
    await insertRows(this.db, 'article_renders', rows);
  }
}

/** The page's first row as `ArticlePageRow` (without `parts`). */
function pageOf(row: PageArticleRow): ArticlePageRow {
  const { render_key, render_html, render_summary, render_read_minutes, section_slug, section_name, section_site_id, directory_version, ...article } = row;
  return {
    article,
    section: article.section_id !== null && section_slug !== null ? { id: Number(article.section_id), slug: section_slug, name: section_name ?? '', siteId: Number(section_site_id) } : undefined,
    stored:
      render_key === null
        ? undefined
        : { renderKey: render_key, html: render_html ?? '', summary: render_summary ?? '', readMinutes: Number(render_read_minutes), directoryVersion: Number(directory_version ?? 0) },
  };
}
