import type { Kysely } from 'kysely';
import { chunks, deleteByIds } from './id-chunks.ts';
import { copyRows } from './insert-rows.ts';
import { preparedRead } from './prepared-read.ts';
import type { Database } from './schema.ts';

export interface StoredRelated {
  readonly relatedId: number;
  readonly score: number;
  readonly why: Record<string, unknown>;
}

// An article page's read, compiled once (see prepared-read.ts).
const relatedRead = preparedRead((db, articleId: number) => db.selectFrom('related').select(['related_id', 'score', 'why', 'rank']).where('article_id', '=', articleId).orderBy('rank'));

/** Related-content lists, computed at publish time and read on page views. */
export class RelatedRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(articleId: number): Promise<StoredRelated[] | undefined> {
    const rows = await relatedRead(this.db, articleId);
    if (rows.length === 0) return undefined;
    return rows
      .map((r) => ({ relatedId: Number(r.related_id), score: Number(r.score), why: JSON.parse(r.why) as Record<string, unknown> }));
  }

  /**
   * Several articles' stored lists as entries only (id and score, in rank order, no reasons), in
   * one query: what a publish reads of the lists it may enter. An article without a list is absent.
   */
  async entries(articleIds: readonly number[]): Promise<Map<number, { relatedId: number; score: number }[]>> {
    const out = new Map<number, { relatedId: number; score: number }[]>();
    for (const part of chunks(articleIds)) {
      const rows = await this.db
        .selectFrom('related')
        .select(['article_id', 'related_id', 'score'])
        .where('article_id', 'in', part)
        .orderBy('article_id')
        .orderBy('rank')
        .execute();
      for (const r of rows) {
        const id = Number(r.article_id);
        const list = out.get(id) ?? [];
        list.push({ relatedId: Number(r.related_id), score: Number(r.score) });
        out.set(id, list);
      }
    }
    return out;
  }

  async put(articleId: number, items: readonly StoredRelated[]): Promise<void> {
    await this.db.deleteFrom('related').where('article_id', '=', articleId).execute();
    if (items.length) {
      await this.db
        .insertInto('related')
        .values(items.map((it, rank) => ({ article_id: articleId, related_id: it.relatedId, rank, score: it.score, why: JSON.stringify(it.why) })))
        .execute();
    }
  }

  /** Many articles' lists at once (a rebuild's chunk): one delete per 400 articles and multi-row inserts. */
  async putMany(lists: readonly { readonly articleId: number; readonly items: readonly StoredRelated[] }[]): Promise<void> {
    await deleteByIds(this.db, 'related', 'article_id', lists.map((l) => l.articleId));
    const rows = lists.flatMap((l) => l.items.map((it, rank) => ({ article_id: l.articleId, related_id: it.relatedId, rank, score: it.score, why: JSON.stringify(it.why) })));
    await copyRows(this.db, 'related', rows);
  }

  /** Articles whose stored list includes `relatedId` (to refresh when it changes or goes). */
  async listsContaining(relatedId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('related').select('article_id').where('related_id', '=', relatedId).execute();
    return rows.map((r) => Number(r.article_id));
  }

  /** How many articles have a stored list. */
  async countLists(): Promise<number> {
    const r = await this.db
      .selectFrom('related')
      .select((eb) => eb.fn.count<number>('article_id').distinct().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async clear(articleId: number): Promise<void> {
    await this.db.deleteFrom('related').where('article_id', '=', articleId).execute();
  }
}
