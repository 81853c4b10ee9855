import type { Kysely } from 'kysely';
import { insertRows } from './insert-rows.ts';
import type { Database } from './schema.ts';

export class RevisionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records revisions (one statement for a batch). */
  async add(...revs: { articleId: number; headline: string; standfirst: string; body: string; note: string; now: number; author?: string | null }[]): Promise<void> {
    await insertRows(
      this.db,
      'revisions',
      revs.map((rev) => ({ article_id: rev.articleId, headline: rev.headline, standfirst: rev.standfirst, body: rev.body, note: rev.note, author: rev.author ?? null, created_at: rev.now })),
    );
  }

  /** The article's newest revision, if any. */
  async latest(articleId: number) {
    return this.newestFirst(articleId).limit(1).executeTakeFirst();
  }

  /** Overwrites one revision's text and time (an autosave folding into the one before it). */
  async rewrite(id: number, rev: { headline: string; standfirst: string; body: string; now: number }): Promise<void> {
    await this.db
      .updateTable('revisions')
      .set({ headline: rev.headline, standfirst: rev.standfirst, body: rev.body, created_at: rev.now })
      .where('id', '=', id)
      .execute();
  }

  async list(articleId: number) {
    return this.newestFirst(articleId).execute();
  }

  /** The article's revisions, newest first. */
  private newestFirst(articleId: number) {
    return this.db.selectFrom('revisions').selectAll().where('article_id', '=', articleId).orderBy('created_at', 'desc').orderBy('id', 'desc');
  }
}
