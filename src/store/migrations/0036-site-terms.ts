import { type Kysely, sql } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { MigrationFailed } from '../errors.ts';

/**
 * Each site's sections, tags and redirects are its own (issue 13): a section's or tag's slug is
 * unique within its site, `(slug, site_id)`, and a redirect is keyed by `(from_path, site_id)`, so
 * two titles may both have a "news" section and both an `/old` redirect. The slug (the path) leads
 * in each key because every lookup names it: with one site alone, with several with the site too,
 * and one index serves both.
 *
 * PostgreSQL swaps the constraints in place. SQLite cannot change a table's UNIQUE or PRIMARY KEY
 * constraint, so each table is rebuilt the way https://www.sqlite.org/lang_altertable.html
 * ("Making Other Kinds Of Table Schema Changes") documents: foreign keys off (outside the
 * transaction, where the pragma takes effect), then in one transaction create the new table,
 * copy every row with its id, drop the old one, rename, check the foreign keys, commit; foreign
 * keys on again. With foreign keys off, dropping `sections` does not run the `ON DELETE SET NULL`
 * of `articles.section_id`, nor dropping `tags` the cascade of `article_tags`. The referring tables
 * need no rebuild: their foreign keys name the parent table and its `id`, which keep both name and
 * values. No index, trigger or view refers to these tables beyond their own keys (checked against
 * `sqlite_master` when this was written); each AUTOINCREMENT counter is carried over, so no id is
 * ever handed out twice.
 *
 * Then, on both engines, an installation that already had several sites is split: until now a
 * section or tag was shared, reused by name by whichever site named it next. Each site whose own
 * articles use another site's term gets its own copy (same slug, name, description) and those
 * articles move to it; the term stays with the site that made it. A one-site installation has no
 * such article, and nothing but the constraints changes.
 */
export function siteTermsMigration(kind: DialectKind) {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      if (kind === 'postgres') {
        // The migrator runs PostgreSQL's migrations in a transaction already (transactional DDL).
        await sql`ALTER TABLE sections DROP CONSTRAINT sections_slug_key, ADD CONSTRAINT sections_slug_site UNIQUE (slug, site_id)`.execute(db);
        await sql`ALTER TABLE tags DROP CONSTRAINT tags_slug_key, ADD CONSTRAINT tags_slug_site UNIQUE (slug, site_id)`.execute(db);
        await sql`ALTER TABLE redirects DROP CONSTRAINT redirects_pkey, ADD CONSTRAINT redirects_pkey PRIMARY KEY (from_path, site_id)`.execute(db);
        await splitSharedTerms(db, kind);
        return;
      }
      await sql`PRAGMA foreign_keys = OFF`.execute(db);
      try {
        await db.transaction().execute(async (trx) => {
          await rebuild(
            trx,
            'sections',
            `"id" integer primary key autoincrement, "slug" text not null, "name" text not null, "description" text default '' not null,
             "site_id" integer default 1 not null, constraint "sections_slug_site" unique ("slug", "site_id")`,
            'id, slug, name, description, site_id',
          );
          await rebuild(
            trx,
            'tags',
            `"id" integer primary key autoincrement, "slug" text not null, "name" text not null, "site_id" integer default 1 not null,
             constraint "tags_slug_site" unique ("slug", "site_id")`,
            'id, slug, name, site_id',
          );
          await rebuild(
            trx,
            'redirects',
            `"from_path" text not null, "to_path" text, "status" integer not null, "created_at" integer not null, "site_id" integer default 1 not null,
             constraint "redirects_pk" primary key ("from_path", "site_id")`,
            'from_path, to_path, status, created_at, site_id',
          );
          const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
          if (broken.rows.length) throw MigrationFailed('0036-site-terms', `foreign keys broken: ${JSON.stringify(broken.rows.slice(0, 5))}`);
          await splitSharedTerms(trx, kind);
        });
      } finally {
        await sql`PRAGMA foreign_keys = ON`.execute(db);
      }
    },
  };
}

/** SQLite: `table` again with `columns` (its new definition), every row and its AUTOINCREMENT counter kept. */
// biome-ignore lint/suspicious/noExplicitAny: see above
async function rebuild(trx: Kysely<any>, table: string, columns: string, copied: string): Promise<void> {
  const made = `${table}_new`;
  const counter = await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = ${table}`.execute(trx);
  await sql.raw(`CREATE TABLE "${made}" (${columns})`).execute(trx);
  await sql.raw(`INSERT INTO "${made}" (${copied}) SELECT ${copied} FROM "${table}"`).execute(trx);
  await sql.raw(`DROP TABLE "${table}"`).execute(trx);
  await sql.raw(`ALTER TABLE "${made}" RENAME TO "${table}"`).execute(trx);
  const seq = counter.rows[0]?.seq;
  if (seq !== undefined) {
    // The copy set the new counter to the largest id left; a deleted row's larger id stays used.
    await sql`DELETE FROM sqlite_sequence WHERE name = ${table}`.execute(trx);
    await sql`INSERT INTO sqlite_sequence (name, seq) VALUES (${table}, ${seq})`.execute(trx);
  }
}

/** Gives each site its own copy of another site's section or tag that its articles use, and moves them to it. */
// biome-ignore lint/suspicious/noExplicitAny: see above
async function splitSharedTerms(trx: Kysely<any>, kind: DialectKind): Promise<void> {
  await sql`INSERT INTO sections (slug, name, description, site_id)
    SELECT DISTINCT s.slug, s.name, s.description, a.site_id FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.site_id <> s.site_id`.execute(trx);
  await sql`UPDATE articles SET section_id = (
      SELECT n.id FROM sections o JOIN sections n ON n.slug = o.slug AND n.site_id = articles.site_id WHERE o.id = articles.section_id)
    WHERE EXISTS (SELECT 1 FROM sections o WHERE o.id = articles.section_id AND o.site_id <> articles.site_id)`.execute(trx);
  if (kind === 'sqlite') {
    // SQLite's search keeps each article's section beside its match (migration 0004).
    await sql`UPDATE article_search_facts SET section_id = (SELECT a.section_id FROM articles a WHERE a.id = article_search_facts.id)
      WHERE section_id IS NOT (SELECT a.section_id FROM articles a WHERE a.id = article_search_facts.id)
        AND EXISTS (SELECT 1 FROM articles a WHERE a.id = article_search_facts.id)`.execute(trx);
  }
  await sql`INSERT INTO tags (slug, name, site_id)
    SELECT DISTINCT t.slug, t.name, a.site_id FROM article_tags x JOIN articles a ON a.id = x.article_id JOIN tags t ON t.id = x.tag_id
    WHERE a.site_id <> t.site_id`.execute(trx);
  await sql`UPDATE article_tags SET tag_id = (
      SELECT n.id FROM articles a JOIN tags o ON o.id = article_tags.tag_id JOIN tags n ON n.slug = o.slug AND n.site_id = a.site_id
      WHERE a.id = article_tags.article_id)
    WHERE EXISTS (SELECT 1 FROM articles a JOIN tags o ON o.id = article_tags.tag_id WHERE a.id = article_tags.article_id AND a.site_id <> o.site_id)`.execute(trx);
}
