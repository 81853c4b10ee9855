import { type Kysely, sql } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';

/**
 * The initial schema, written once for both dialects. The only differences are the id column
 * (SQLite's INTEGER PRIMARY KEY vs PostgreSQL's identity) and BIGINT for epoch-ms timestamps.
 */
export function initialMigration(kind: DialectKind) {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  const id = (db: Kysely<any>, table: string) =>
    db.schema
      .createTable(table)
      .addColumn('id', kind === 'postgres' ? 'bigint' : 'integer', (c) =>
        kind === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
      );
  const ms = kind === 'postgres' ? 'bigint' : 'integer';
  const ref = kind === 'postgres' ? 'bigint' : 'integer';

  return {
    // biome-ignore lint/suspicious/noExplicitAny: see above
    async up(db: Kysely<any>): Promise<void> {
      await id(db, 'sections')
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await id(db, 'tags')
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();
      await id(db, 'authors')
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await id(db, 'articles')
        .addColumn('source_id', 'text', (c) => c.unique())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('body_format', 'text', (c) => c.notNull().defaultTo('markdown'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('section_id', ref, (c) => c.references('sections.id').onDelete('set null'))
        .addColumn('published_at', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addColumn('word_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lead_image_url', 'text')
        .addColumn('lead_image_alt', 'text')
        .addColumn('lead_image_caption', 'text')
        .addColumn('lead_image_credit', 'text')
        .addColumn('source_text', 'text')
        .execute();
      await db.schema.createIndex('articles_status_published').on('articles').columns(['status', 'published_at']).execute();
      await db.schema
        .createIndex('articles_section_published')
        .on('articles')
        .columns(['section_id', 'status', 'published_at'])
        .execute();
      await db.schema
        .createTable('article_tags')
        .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('tag_id', ref, (c) => c.notNull().references('tags.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
        .execute();
      await db.schema.createIndex('article_tags_tag').on('article_tags').columns(['tag_id', 'article_id']).execute();
      await db.schema
        .createTable('article_authors')
        .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('author_id', ref, (c) => c.notNull().references('authors.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
        .execute();
      await db.schema.createIndex('article_authors_author').on('article_authors').columns(['author_id', 'article_id']).execute();
      await id(db, 'companies')
        .addColumn('source_id', 'text', (c) => c.unique())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('website', 'text')
        .addColumn('country', 'text')
        .addColumn('sector', 'text')
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('logo_url', 'text')
        .addColumn('parent_id', ref, (c) => c.references('companies.id').onDelete('set null'))
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('companies_name').on('companies').column('name').execute();
      await db.schema
        .createTable('article_companies')
        .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('company_id', ref, (c) => c.notNull().references('companies.id').onDelete('cascade'))
        .addColumn('mentions', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('origin', 'text', (c) => c.notNull().defaultTo('auto'))
        .addPrimaryKeyConstraint('article_companies_pk', ['article_id', 'company_id'])
        .execute();
      await db.schema.createIndex('article_companies_company').on('article_companies').columns(['company_id', 'article_id']).execute();
      await db.schema
        .createTable('redirects')
        .addColumn('from_path', 'text', (c) => c.primaryKey())
        .addColumn('to_path', 'text')
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await id(db, 'revisions')
        .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('standfirst', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.createIndex('revisions_article').on('revisions').columns(['article_id', 'created_at']).execute();
      await id(db, 'pages')
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('related')
        .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('related_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('rank', 'integer', (c) => c.notNull())
        .addColumn('score', 'real', (c) => c.notNull())
        .addColumn('why', 'text', (c) => c.notNull().defaultTo('{}'))
        .addPrimaryKeyConstraint('related_pk', ['article_id', 'rank'])
        .execute();
      await db.schema.createIndex('related_related').on('related').column('related_id').execute();
      await db.schema
        .createTable('site_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await sql`INSERT INTO site_state (key, value) VALUES ('content_version', '0')`.execute(db);
    },
  };
}
