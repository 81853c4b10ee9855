import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Who created an article in the admin. */
export class ArticleOwnerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async set(articleId: number, userId: number): Promise<void> {
    const existing = await this.ownerOf(articleId);
    if (existing === undefined) await this.db.insertInto('article_owners').values({ article_id: articleId, user_id: userId }).execute();
  }

  async ownerOf(articleId: number): Promise<number | undefined> {
    const r = await this.db.selectFrom('article_owners').select('user_id').where('article_id', '=', articleId).executeTakeFirst();
    return r === undefined ? undefined : Number(r.user_id);
  }
}
