import type { Kysely } from 'kysely';
import type { BodyFormat } from '../domain/index.ts';
import type { Database, PageRow } from './schema.ts';

export class PageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** `siteId`: only that site's page. */
  bySlug(slug: string, siteId?: number): Promise<PageRow | undefined> {
    const q = this.db.selectFrom('pages').selectAll().where('slug', '=', slug);
    return (siteId === undefined ? q : q.where('site_id', '=', siteId)).executeTakeFirst();
  }

  async all(siteId?: number): Promise<Pick<PageRow, 'slug' | 'title'>[]> {
    const q = this.db.selectFrom('pages').select(['slug', 'title']);
    return (siteId === undefined ? q : q.where('site_id', '=', siteId)).orderBy('title').execute();
  }

  /** Creates or replaces a page; returns false (and writes nothing) when it is already exactly so. */
  async upsert(slug: string, title: string, body: string, now: number, bodyFormat: BodyFormat = 'markdown'): Promise<boolean> {
    const existing = await this.bySlug(slug);
    if (existing && existing.title === title && existing.body === body && existing.body_format === bodyFormat) return false;
    await this.db
      .insertInto('pages')
      .values({ slug, title, body, body_format: bodyFormat, updated_at: now })
      .onConflict((oc) => oc.column('slug').doUpdateSet({ title, body, body_format: bodyFormat, updated_at: now }))
      .execute();
    return true;
  }
}
