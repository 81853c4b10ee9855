import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/** Days since the epoch (UTC): the unit `article_views` counts in. */
export const dayOf = (epochMs: number): number => Math.floor(epochMs / 86_400_000);

/** Per-article, per-day view counters: "Most read". Nothing about the reader is stored. */
export class ViewRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Counts one view of a published article on `day`: one atomic upsert, so concurrent views on
   * any number of nodes never lose a count. An id that is not a published article counts nothing
   * (returns false) without a second query.
   */
  async count(articleId: number, day: number): Promise<boolean> {
    const result = await this.db
      .insertInto('article_views')
      .columns(['article_id', 'day', 'views'])
      .expression(
        this.db
          .selectFrom('articles')
          .select((eb) => [eb.ref('id').as('article_id'), sql<number>`${sql.lit(day)}`.as('day'), sql<number>`1`.as('views')])
          .where('id', '=', articleId)
          .where('status', '=', 'published'),
      )
      .onConflict((oc) => oc.columns(['article_id', 'day']).doUpdateSet({ views: sql`article_views.views + 1` }))
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** The most viewed article ids from `fromDay` on (inclusive), most first (ties: the newer id). */
  async mostRead(fromDay: number, limit: number): Promise<{ articleId: number; views: number }[]> {
    const rows = await this.db
      .selectFrom('article_views')
      .select(['article_id', (eb) => eb.fn.sum<number>('views').as('total')])
      .where('day', '>=', fromDay)
      .groupBy('article_id')
      .orderBy('total', 'desc')
      .orderBy('article_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ articleId: Number(r.article_id), views: Number(r.total) }));
  }

  /** One article's views per day, oldest first (tests and reports). */
  async ofArticle(articleId: number): Promise<{ day: number; views: number }[]> {
    const rows = await this.db.selectFrom('article_views').select(['day', 'views']).where('article_id', '=', articleId).orderBy('day').execute();
    return rows.map((r) => ({ day: Number(r.day), views: Number(r.views) }));
  }
}
