import { type Kysely, sql } from 'kysely';
import { insertRows } from './insert-rows.ts';
import { preparedRead } from './prepared-read.ts';
import type { ArticleRendersTable, Database } from './schema.ts';

/** An article's stored rendering, and the directory version now (half of what decides whether it is current). */
export interface StoredRender {
  readonly renderKey: string;
  readonly html: string;
  readonly summary: string;
  readonly readMinutes: number;
  readonly directoryVersion: number;
}

// An article page's read, compiled once (see prepared-read.ts). The directory version rides along:
// one statement instead of two.
const renderRead = preparedRead((db, articleId: number) =>
  db
    .selectFrom('article_renders')
    .select(['render_key', 'html', 'summary', 'read_minutes'])
    .select(sql<string | null>`(select value from site_state where key = 'directory_version')`.as('directory_version'))
    .where('article_id', '=', articleId),
);

/** Article bodies as their pages show them, written by the publish pipeline (migration 0044). */
export class ArticleRenderRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(articleId: number): Promise<StoredRender | undefined> {
    const row = (await renderRead(this.db, articleId))[0];
    if (!row) return undefined;
    return { renderKey: row.render_key, html: row.html, summary: row.summary, readMinutes: Number(row.read_minutes), directoryVersion: Number(row.directory_version ?? 0) };
  }

  /** The stored keys of these articles (those with a rendering). */
  async keys(articleIds: readonly number[]): Promise<Map<number, string>> {
    if (articleIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('article_renders').select(['article_id', 'render_key']).where('article_id', 'in', articleIds).execute();
    return new Map(rows.map((r) => [Number(r.article_id), r.render_key]));
  }

  /** Replaces these articles' renderings: one delete and multi-row inserts. */
  async put(rows: readonly ArticleRendersTable[]): Promise<void> {
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.article_id);
    for (let i = 0; i < ids.length; i += 400) await this.db.deleteFrom('article_renders').where('article_id', 'in', ids.slice(i, i + 400)).execute();
    await insertRows(this.db, 'article_renders', rows);
  }
}
