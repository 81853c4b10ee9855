import type { Kysely, SelectQueryBuilder, } from 'kysely';
import type { ArticleStatus } from '../domain/index.ts';
import { insertRowsReturning } from './insert-rows.ts';
import { preparedRead } from './prepared-read.ts';
import type { ArticleRow, ArticleUpdate, Database, NewArticleRow } from './schema.ts';
import { onSite } from './site-filter.ts';
import { slugFamily as querySlugFamily, slugFamilies } from './slug-family.ts';

/** What lists show of an article. */
export interface ArticleSummary {
  readonly id: number;
  readonly sourceId: string | null;
  readonly slug: string;
  readonly headline: string;
  readonly standfirst: string;
  readonly publishedAt: number;
  readonly updatedAt: number;
  /**
   * `siteId`: the site whose section it is (each site has its own), the article's home site; `url`:
   * set by a site's catalog when that is another site (a cross-published article), its page there.
   */
  readonly section: { readonly slug: string; readonly name: string; readonly siteId: number; readonly url?: string } | null;
  readonly leadImageUrl: string | null;
  readonly leadImageAlt: string | null;
  /** The company that paid for it (sponsored content), or null for editorial content. */
  readonly sponsor: { readonly slug: string; readonly name: string } | null;
}

export interface ArticleFilter {
  readonly sectionId?: number;
  readonly tagId?: number;
  readonly authorId?: number;
  readonly companyId?: number;
  /** Inclusive lower bound, epoch ms. */
  readonly from?: number;
  /** Exclusive upper bound, epoch ms. */
  readonly to?: number;
  /**
   * With `from` (listings, not search): also let in articles dated before `from` (down to
   * `publishedFrom`) that were stored at or after `storedFrom`: late arrivals, such as a wire
   * story imported after a newsletter went out though dated before it.
   */
  readonly lateArrivals?: { readonly storedFrom: number; readonly publishedFrom: number };
  /** Published unless asked (only private API use asks for drafts or scheduled articles). */
  readonly status?: ArticleStatus;
  /** Only articles on this site (home or cross-published); absent: every site's. */
  readonly siteId?: number;
}

export interface Paged<T> {
  readonly total: number;
  readonly items: readonly T[];
}

export type SummaryRow = {
  id: number;
  source_id: string | null;
  slug: string;
  headline: string;
  standfirst: string;
  published_at: number | null;
  updated_at: number;
  section_slug: string | null;
  section_name: string | null;
  section_site: number | null;
  lead_image_url: string | null;
  lead_image_alt: string | null;
  sponsor_slug: string | null;
  sponsor_name: string | null;
};

export function toSummary(r: SummaryRow): ArticleSummary {
  return {
    id: Number(r.id),
    sourceId: r.source_id,
    slug: r.slug,
    headline: r.headline,
    standfirst: r.standfirst,
    publishedAt: Number(r.published_at ?? r.updated_at),
    updatedAt: Number(r.updated_at),
    section: r.section_slug && r.section_name ? { slug: r.section_slug, name: r.section_name, siteId: Number(r.section_site) } : null,
    leadImageUrl: r.lead_image_url,
    leadImageAlt: r.lead_image_alt,
    sponsor: r.sponsor_slug && r.sponsor_name ? { slug: r.sponsor_slug, name: r.sponsor_name } : null,
  };
}

/** The columns an article list shows (`ArticleSummary`). */
function summaryQuery(db: Kysely<Database>) {
  return db
    .selectFrom('articles as a')
    .leftJoin('sections as s', 's.id', 'a.section_id')
    .leftJoin('companies as sp', 'sp.id', 'a.sponsor_company_id')
    .select([
      'a.id',
      'a.source_id',
      'a.slug',
      'a.headline',
      'a.standfirst',
      'a.published_at',
      'a.updated_at',
      's.slug as section_slug',
      's.name as section_name',
      's.site_id as section_site',
      'a.lead_image_url',
      'a.lead_image_alt',
      'sp.slug as sponsor_slug',
      'sp.name as sponsor_name',
    ]);
}

// An article page's reads, compiled once (see prepared-read.ts).
const findBySlugRead = preparedRead((db, slug: string) => db.selectFrom('articles').selectAll().where('slug', '=', slug));
const summariesByIdsRead = preparedRead((db, ids: readonly number[]) => summaryQuery(db).select('a.status').where('a.id', 'in', ids));

/** Reads and writes articles; dialect-neutral Kysely only. */
export class ArticleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private summaries() {
    return summaryQuery(this.db);
  }

  private applyFilter<O>(q: SelectQueryBuilder<Database & { a: Database['articles'] }, 'a', O>, f: ArticleFilter) {
    let out = q.where('a.status', '=', f.status ?? 'published');
    if (f.siteId !== undefined) out = out.where(onSite(f.siteId));
    if (f.sectionId !== undefined) out = out.where('a.section_id', '=', f.sectionId);
    const { from, lateArrivals: late } = f;
    if (from !== undefined && late) {
      out = out.where((eb) => eb.or([eb('a.published_at', '>=', from), eb.and([eb('a.created_at', '>=', late.storedFrom), eb('a.published_at', '>=', late.publishedFrom)])]));
    } else if (from !== undefined) out = out.where('a.published_at', '>=', from);
    if (f.to !== undefined) out = out.where('a.published_at', '<', f.to);
    if (f.tagId !== undefined) {
      const tagId = f.tagId;
      out = out.where((eb) =>
        eb.exists(eb.selectFrom('article_tags as t').select('t.article_id').whereRef('t.article_id', '=', 'a.id').where('t.tag_id', '=', tagId)),
      );
    }
    if (f.authorId !== undefined) {
      const authorId = f.authorId;
      out = out.where((eb) =>
        eb.exists(
          eb.selectFrom('article_authors as aa').select('aa.article_id').whereRef('aa.article_id', '=', 'a.id').where('aa.author_id', '=', authorId),
        ),
      );
    }
    if (f.companyId !== undefined) {
      const companyId = f.companyId;
      out = out.where((eb) =>
        eb.exists(
          eb
            .selectFrom('article_companies as ac')
            .select('ac.article_id')
            .whereRef('ac.article_id', '=', 'a.id')
            .where('ac.company_id', '=', companyId)
            .where('ac.origin', '!=', 'blocked'),
        ),
      );
    }
    return out;
  }

  /** Published articles, newest first, with the total for paging. */
  async listPublished(filter: ArticleFilter, limit: number, offset: number): Promise<Paged<ArticleSummary>> {
    const [total, items] = await Promise.all([this.countListed(filter), this.newestPublished(filter, limit, offset)]);
    return { total, items };
  }

  /** How many articles `listPublished` has under a filter: it reads every one of them (a cache's job to keep). */
  async countListed(filter: ArticleFilter): Promise<number> {
    const r = await this.applyFilter(this.db.selectFrom('articles as a').select((eb) => eb.fn.countAll<number>().as('n')), filter).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /**
   * `listPublished` without the total, for a caller that shows no pager: counting a section's
   * articles reads every one of them (15–25 ms at a million), the page itself a few rows.
   */
  async newestPublished(filter: ArticleFilter, limit: number, offset: number): Promise<ArticleSummary[]> {
    const rows = await this.applyFilter(this.summaries(), filter).orderBy('a.published_at', 'desc').orderBy('a.id', 'desc').limit(limit).offset(offset).execute();
    return rows.map(toSummary);
  }

  /** Summaries of the given ids that are published, in the order given. */
  async summariesByIds(ids: readonly number[], siteId?: number): Promise<ArticleSummary[]> {
    if (ids.length === 0) return [];
    // Status is checked here, not in SQL: without table statistics SQLite would answer
    // `status = 'published'` from its index, reading every published row (6 ms at 100,000) instead
    // of looking up the few ids.
    const rows = siteId === undefined ? await summariesByIdsRead(this.db, ids) : await this.summaries().select('a.status').where('a.id', 'in', ids).where(onSite(siteId)).execute();
    const byId = new Map(rows.filter((r) => r.status === 'published').map((r) => [Number(r.id), toSummary(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Bodies of the given ids, for feeds that carry full text. */
  async bodiesByIds(ids: readonly number[]): Promise<Map<number, { body: string; bodyFormat: ArticleRow['body_format'] }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('articles').select(['id', 'body', 'body_format']).where('id', 'in', [...ids]).execute();
    return new Map(rows.map((r) => [Number(r.id), { body: r.body, bodyFormat: r.body_format }]));
  }

  async findBySlug(slug: string): Promise<ArticleRow | undefined> {
    return (await findBySlugRead(this.db, slug))[0];
  }

  /** Whether an article is on a site: its home, or cross-published there. */
  async isOnSite(id: number, siteId: number): Promise<boolean> {
    const r = await this.db.selectFrom('articles as a').select('a.id').where('a.id', '=', id).where(onSite(siteId)).executeTakeFirst();
    return r !== undefined;
  }

  async findById(id: number): Promise<ArticleRow | undefined> {
    return this.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findBySourceId(sourceId: string): Promise<ArticleRow | undefined> {
    return this.db.selectFrom('articles').selectAll().where('source_id', '=', sourceId).executeTakeFirst();
  }

  /** Articles by source id, for a batch of records at once. */
  async findBySourceIds(sourceIds: readonly string[]): Promise<Map<string, ArticleRow>> {
    if (sourceIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('articles').selectAll().where('source_id', 'in', [...sourceIds]).execute();
    return new Map(rows.map((r) => [r.source_id!, r]));
  }

  /** Slugs taken that are `base` or start with `base-` (see slugFamily). */
  slugFamily(base: string, exceptId?: number): Promise<Set<string>> {
    return querySlugFamily(this.db, 'articles', base, exceptId);
  }


  /** `slugFamily` of many bases in one statement (no article excepted): base → slugs taken. */
  slugFamilies(bases: readonly string[]): Promise<Map<string, Set<string>>> {
    return slugFamilies(this.db, 'articles', bases);
  }

  async slugTaken(slug: string, exceptId?: number): Promise<boolean> {
    let q = this.db.selectFrom('articles').select('id').where('slug', '=', slug);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(row: NewArticleRow): Promise<number> {
    const r = await this.db.insertInto('articles').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  /** Inserts rows in multi-row statements; their new ids, in the rows' order (matched by slug, which is unique). */
  async insertMany(rows: readonly NewArticleRow[]): Promise<number[]> {
    return (await insertRowsReturning(this.db, 'articles', rows, 'slug', 'id')).map(Number);
  }

  async update(id: number, patch: ArticleUpdate): Promise<void> {
    await this.db.updateTable('articles').set(patch).where('id', '=', id).execute();
  }

  /**
   * The latest published articles of each section, for the home page: one indexed query per
   * section (section, status, published_at), not a window over the whole archive. Each section's
   * newest `perSection`, leaving out `except` (the stories already on the page).
   */
  async latestPerSection(perSection: number, siteId?: number, except: readonly number[] = []): Promise<ArticleSummary[]> {
    const sections = await this.db.selectFrom('sections').select('id').execute();
    const lists = await Promise.all(
      sections.map((s) => {
        let q = this.db
          .selectFrom('articles as a')
          .select('a.id')
          .where('a.section_id', '=', s.id)
          .where('a.status', '=', 'published');
        if (except.length) q = q.where('a.id', 'not in', except);
        return (siteId === undefined ? q : q.where(onSite(siteId)))
          .orderBy('a.published_at', 'desc')
          .orderBy('a.id', 'desc')
          .limit(perSection)
          .execute();
      }),
    );
    return this.summariesByIds(lists.flat().map((r) => Number(r.id)));
  }

  /** Months that have published articles, newest first, with counts. */
  async archiveMonths(siteId?: number): Promise<{ year: number; month: number; count: number }[]> {
    const q = this.db.selectFrom('articles as a').select(['a.published_at']).where('a.status', '=', 'published');
    const rows = await (siteId === undefined ? q : q.where(onSite(siteId))).execute();
    const counts = new Map<string, number>();
    for (const r of rows) {
      const d = new Date(Number(r.published_at));
      const key = `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts]
      .map(([k, count]) => {
        const [year, month] = k.split('-').map(Number) as [number, number];
        return { year, month, count };
      })
      .sort((a, b) => b.year - a.year || b.month - a.month);
  }

  async countPublished(siteId?: number): Promise<number> {
    const q = this.db
      .selectFrom('articles as a')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.status', '=', 'published');
    const r = await (siteId === undefined ? q : q.where(onSite(siteId))).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Slugs and update times of published articles in id order, a chunk at a time (sitemaps). */
  async sitemapChunk(offset: number, limit: number, siteId?: number): Promise<{ slug: string; updatedAt: number }[]> {
    const q = this.db.selectFrom('articles as a').select(['a.slug', 'a.updated_at']).where('a.status', '=', 'published');
    const rows = await (siteId === undefined ? q : q.where(onSite(siteId)))
      .orderBy('a.id')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({ slug: r.slug, updatedAt: Number(r.updated_at) }));
  }

  /** Articles published at or after `since` (news sitemap); `editorialOnly` leaves sponsored articles out. */
  async publishedSince(since: number, limit: number, options: { editorialOnly?: boolean; siteId?: number } = {}): Promise<ArticleSummary[]> {
    let q = this.summaries().where('a.status', '=', 'published');
    if (options.editorialOnly) q = q.where('a.sponsor_company_id', 'is', null);
    if (options.siteId !== undefined) q = q.where(onSite(options.siteId));
    const rows = await q
      .where('a.published_at', '>=', since)
      .orderBy('a.published_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toSummary);
  }

  /** Scheduled articles whose time has come. */
  async dueScheduled(now: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('articles')
      .select('id')
      .where('status', '=', 'scheduled')
      .where('published_at', '<=', now)
      .execute();
    return rows.map((r) => Number(r.id));
  }

  /** Ids of published articles in id order; with `siteId`, those on that site (home or cross-published). */
  async publishedIds(siteId?: number): Promise<number[]> {
    const q = this.db.selectFrom('articles as a').select('a.id').where('a.status', '=', 'published').orderBy('a.id');
    const rows = await (siteId === undefined ? q : q.where(onSite(siteId))).execute();
    return rows.map((r) => Number(r.id));
  }

  /** Every article id in order (re-tagging, rebuilds); with `siteId`, those on that site. */
  async allIds(siteId?: number): Promise<number[]> {
    const q = this.db.selectFrom('articles as a').select('a.id').orderBy('a.id');
    const rows = await (siteId === undefined ? q : q.where(onSite(siteId))).execute();
    return rows.map((r) => Number(r.id));
  }

  /**
   * The next `limit` published articles on a site after id `afterId`, in id order, with their
   * section's name and sponsor's directory id: one site's content written out as JSONL.
   */
  async publishedOnSite(siteId: number, afterId: number, limit: number) {
    return this.db
      .selectFrom('articles as a')
      .leftJoin('sections as s', 's.id', 'a.section_id')
      .leftJoin('companies as c', 'c.id', 'a.sponsor_company_id')
      .select(['a.id', 'a.source_id', 'a.slug', 'a.headline', 'a.standfirst', 'a.body', 'a.published_at', 'a.updated_at', 's.name as section', 'c.source_id as sponsor', 'c.slug as sponsor_slug'])
      .where('a.status', '=', 'published')
      .where('a.id', '>', afterId)
      .where(onSite(siteId))
      .orderBy('a.id')
      .limit(limit)
      .execute();
  }

  async latestUpdate(siteId?: number): Promise<number> {
    const q = this.db
      .selectFrom('articles as a')
      .select((eb) => eb.fn.max('a.updated_at').as('m'))
      .where('a.status', '=', 'published');
    const r = await (siteId === undefined ? q : q.where(onSite(siteId))).executeTakeFirst();
    return Number(r?.m ?? 0);
  }
}
