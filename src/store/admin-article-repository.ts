import { type Kysely, sql } from 'kysely';
import type { ArticleStatus } from '../domain/index.ts';
import type { MentionOrigin } from './company-repository.ts';
import type { Database } from './schema.ts';

/** One row of the admin's article list (every status). */
export interface AdminArticleRow {
  readonly id: number;
  readonly slug: string;
  readonly headline: string;
  readonly status: ArticleStatus;
  readonly section: string | null;
  readonly publishedAt: number | null;
  readonly updatedAt: number;
  readonly ownerId: number | null;
}

export interface AdminArticleFilter {
  readonly status?: ArticleStatus | undefined;
  readonly sectionId?: number | undefined;
  /** Words the headline contains (case-insensitive). */
  readonly q?: string | undefined;
  readonly authorId?: number | undefined;
  /** Articles tagged with the company (blocked tags do not count). */
  readonly companyId?: number | undefined;
  /** Newest change first (default), newest publication date first, or headline A–Z. */
  readonly sort?: AdminArticleSort | undefined;
  /** Only articles this user created (what a contributor sees). */
  readonly ownerId?: number | undefined;
  /** Only articles whose home is one of these sites (the admin's current site, or a limited user's sites). */
  readonly siteIds?: readonly number[] | undefined;
}

export type AdminArticleSort = 'updated' | 'published' | 'headline';

/** The admin's view of articles: every status, newest change first. */
export class AdminArticleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(filter: AdminArticleFilter, limit: number, offset: number): Promise<{ total: number; items: AdminArticleRow[] }> {
    let q = this.db.selectFrom('articles as a').leftJoin('sections as s', 's.id', 'a.section_id').leftJoin('article_owners as o', 'o.article_id', 'a.id');
    if (filter.status) q = q.where('a.status', '=', filter.status);
    if (filter.sectionId !== undefined) q = q.where('a.section_id', '=', filter.sectionId);
    if (filter.ownerId !== undefined) q = q.where('o.user_id', '=', filter.ownerId);
    if (filter.siteIds) q = q.where('a.site_id', 'in', filter.siteIds.length ? filter.siteIds : [0]);
    const { authorId, companyId } = filter;
    if (authorId !== undefined) {
      q = q.where((eb) => eb.exists(eb.selectFrom('article_authors as aa').select('aa.article_id').whereRef('aa.article_id', '=', 'a.id').where('aa.author_id', '=', authorId)));
    }
    if (companyId !== undefined) {
      q = q.where((eb) =>
        eb.exists(
          eb.selectFrom('article_companies as ac').select('ac.article_id').whereRef('ac.article_id', '=', 'a.id').where('ac.company_id', '=', companyId).where('ac.origin', '<>', 'blocked'),
        ),
      );
    }
    // LIKE wildcards are dropped from the words rather than escaped (the engines escape differently).
    for (const word of (filter.q ?? '').toLowerCase().replace(/[\\%_]/g, ' ').split(/\s+/).filter(Boolean)) {
      q = q.where((eb) => eb(eb.fn('lower', ['a.headline']), 'like', `%${word}%`));
    }
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q
        .select(['a.id', 'a.slug', 'a.headline', 'a.status', 's.name as section', 'a.published_at', 'a.updated_at', 'o.user_id'])
        .$call((b) =>
          filter.sort === 'headline'
            ? b.orderBy('a.headline').orderBy('a.id')
            : filter.sort === 'published'
              ? // Drafts have no date: after everything dated, newest change first.
                b.orderBy(sql`a.published_at is null`).orderBy('a.published_at', 'desc').orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc')
              : b.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc'),
        )
        .limit(limit)
        .offset(offset)
        .execute(),
    ]);
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: Number(r.id),
        slug: r.slug,
        headline: r.headline,
        status: r.status,
        section: r.section ?? null,
        publishedAt: r.published_at === null ? null : Number(r.published_at),
        updatedAt: Number(r.updated_at),
        ownerId: r.user_id === null ? null : Number(r.user_id),
      })),
    };
  }

  /** The companies tagged on an article, blocked ones included, with how they got there. */
  async companyTags(articleId: number): Promise<{ id: number; slug: string; name: string; origin: MentionOrigin; mentions: number }[]> {
    const rows = await this.db
      .selectFrom('article_companies as ac')
      .innerJoin('companies as c', 'c.id', 'ac.company_id')
      .select(['c.id', 'c.slug', 'c.name', 'ac.origin', 'ac.mentions'])
      .where('ac.article_id', '=', articleId)
      .orderBy('c.name')
      .execute();
    return rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name, origin: r.origin, mentions: Number(r.mentions) }));
  }

  /** Articles in which the tagger saw the company-like name with this folded key. */
  async candidateArticles(key: string): Promise<number[]> {
    const rows = await this.db.selectFrom('company_candidates').select('article_id').where('name_key', '=', key).execute();
    return rows.map((r) => Number(r.article_id));
  }
}
