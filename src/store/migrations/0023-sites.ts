import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/** What the home site of everything that existed before sites is: the first site's id. */
export const FIRST_SITE_ID = 1;

/**
 * Several titles from one installation (issue 13).
 *
 * `sites`: one row per title. The first (id 1, slug `main`, named after the saved site title when
 * there is one) is created here, and everything that existed before belongs to it: every
 * `site_id` column below defaults to 1, so an existing database is that site with nothing moved.
 * `site_hosts`: the host names a site answers (lower case, no port); one per site is primary and
 * the others redirect to it. A site with no host is reached only as the fallback (the first site
 * answers every unknown host, which is what a one-site installation does today).
 * `article_sites`: the other sites an article is cross-published on (its home is `articles.site_id`).
 *
 * The added `site_id` columns carry no foreign key: SQLite refuses ADD COLUMN with REFERENCES and
 * a non-null default, and sites are never deleted (the service has no such call).
 */
export function sitesMigration(kind: DialectKind) {
  const { ms, ref, identity: id } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('sites')
        .addColumn('id', ref, id)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        // An IANA zone, or null for the installation's setting.
        .addColumn('time_zone', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('site_hosts')
        .addColumn('host', 'text', (c) => c.primaryKey())
        .addColumn('site_id', ref, (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('site_hosts_site').on('site_hosts').column('site_id').execute();
      await db.schema
        .createTable('article_sites')
        .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('site_id', ref, (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('article_sites_pk', ['article_id', 'site_id'])
        .execute();
      await db.schema.createIndex('article_sites_site').on('article_sites').columns(['site_id', 'article_id']).execute();
      for (const table of ['articles', 'sections', 'tags', 'pages', 'redirects']) {
        await db.schema
          .alterTable(table)
          .addColumn('site_id', ref, (c) => c.notNull().defaultTo(FIRST_SITE_ID))
          .execute();
      }
      // A site's newest published articles: the listings' order within one site.
      await db.schema.createIndex('articles_site_published').on('articles').columns(['site_id', 'status', 'published_at']).execute();
      const saved = await db.selectFrom('site_settings').select('value').where('key', '=', 'title').executeTakeFirst();
      let name = 'Main';
      try {
        const title: unknown = saved ? JSON.parse(String(saved.value)) : undefined;
        if (typeof title === 'string' && title.trim()) name = title.trim();
      } catch {
        // A value that is not JSON keeps the default name; the admin can rename the site.
      }
      // No explicit id: PostgreSQL's identity sequence must hand out 1 itself to stay in step.
      await db.insertInto('sites').values({ slug: 'main', name, description: '', time_zone: null, created_at: Date.now() }).execute();
    },
  };
}
