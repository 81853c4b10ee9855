import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * An article's body as its page shows it, rendered once by the publish pipeline (issue 16):
 * the sanitized HTML with the first mention of each company linked, the teaser that describes a
 * page without a standfirst, and the read time. Rendering Markdown, sanitizing and linking on
 * every uncached view was the largest part of a page's cost. `render_key` names everything the
 * rendering was made from (body, format, sponsorship, the linked companies and their slugs, the
 * directory version): a page whose inputs no longer give that key renders afresh, so a stale
 * row is never shown. Existing articles have no row until `masthead render` (the
 * backfill) or their next save; until then their pages render as before.
 */
export function articleRendersMigration(kind: DialectKind) {
  const { ref } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('article_renders')
        .addColumn('article_id', ref, (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('render_key', 'text', (c) => c.notNull())
        .addColumn('html', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('read_minutes', 'integer', (c) => c.notNull())
        .execute();
    },
  };
}
